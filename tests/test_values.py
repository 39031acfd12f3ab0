"""values: the parsers of dates and amounts, as tables of examples."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reportparse.values import parse_date, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("26/01/2566", dt.date(2023, 1, 26), id="be-slash"),
        pytest.param("2022-10-01 00:00:00", dt.date(2022, 10, 1), id="iso-ce-with-time"),
        pytest.param("2565-10-01", dt.date(2022, 10, 1), id="iso-be"),
        pytest.param("26/1/66", dt.date(2023, 1, 26), id="two-digit-be-year"),
        pytest.param("7 กุมภาพันธ์ 2566", dt.date(2023, 2, 7), id="thai-month"),
        pytest.param("7 ก.พ. 2566", dt.date(2023, 2, 7), id="thai-month-abbreviated"),
        pytest.param("29/02/2567", dt.date(2024, 2, 29), id="be-leap-day"),
        pytest.param("29/02/2566", None, id="no-leap-day"),
        pytest.param("31/02/2566", None, id="invalid-day"),
        pytest.param("ข้อมูลไม่ครบ", None, id="not-a-date"),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1,643,800 บาท", Decimal("1643800"), id="thousands"),
        pytest.param("1,250.50", Decimal("1250.50"), id="satang"),
        pytest.param("0 บาท", Decimal("0"), id="zero"),
        pytest.param("1 ,643,800", Decimal("1643800"), id="gap-before-separator"),
        pytest.param("ไม่ระบุ", None, id="words"),
        pytest.param("12 / 15", None, id="two-numbers"),
    ],
)
def test_parse_number(text: str, expected: Decimal | None) -> None:
    assert parse_number(text) == expected
