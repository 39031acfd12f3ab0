"""The JSON Schema of the document: a valid 2020-12 schema, identified, every property described."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from reportparse.cli import app
from reportparse.models import SCHEMA_DIALECT, SCHEMA_ID

from .conftest import FIXTURES


def properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every object of the schema, named by where it is."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield f"{where}.{name}", value
        for key, value in node.items():
            yield from properties(value, f"{where}/{key}" if key != "properties" else where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{where}[{i}]")


def test_schema_is_valid_under_the_2020_12_meta_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == SCHEMA_DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    jsonschema.Draft202012Validator.check_schema(schema)  # raises SchemaError when invalid


def test_every_property_is_described(schema: dict[str, Any]) -> None:
    found = list(properties(schema))
    assert len(found) >= 44
    undescribed = [where for where, value in found if not value.get("description")]
    assert undescribed == []


def test_the_check_would_see_a_property_without_a_description(schema: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(schema))
    del broken["$defs"]["Round"]["properties"]["percent"]["description"]
    assert [w for w, v in properties(broken) if not v.get("description")] == [
        "/$defs/Round.percent"
    ]


@pytest.mark.parametrize("fixture", ["r01_clean", "r03_budget_warnings"])
def test_parse_output_validates_against_the_printed_schema(fixture: str) -> None:
    runner = CliRunner()
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    doc = json.loads(
        runner.invoke(app, ["parse", str(FIXTURES / "reports" / f"{fixture}.txt")]).stdout
    )
    jsonschema.Draft202012Validator(schema).validate(doc)
