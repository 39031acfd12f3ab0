"""reportparse: Bangkok Metropolitan Administration progress report exports → validated JSON.

>>> from reportparse import parse_file
>>> doc = parse_file("fixtures/reports/seed_v2.txt")   # doctest: +SKIP
>>> doc.reports[0].project.code                          # doctest: +SKIP
'04160000-6968'
"""

from ._version import __version__
from .errors import ReportParseError
from .models import Document, Report, json_schema
from .output.frames import read_table, to_arrow, to_pandas
from .pipeline import parse_extraction, parse_file, parse_text

__all__ = [
    "Document",
    "Report",
    "ReportParseError",
    "__version__",
    "json_schema",
    "parse_extraction",
    "parse_file",
    "parse_text",
    "read_table",
    "to_arrow",
    "to_pandas",
]
