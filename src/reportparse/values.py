"""Values: the small parsers shared by ``fields`` and ``progress`` — dates, money, percentages.

Contract: each parser takes the text of one value and returns the value or ``None``; none of
them guesses. Dates come as ISO (``2022-10-01 00:00:00``), ``dd/mm/yyyy`` or with Thai month
names; a four-digit year above 2400 is Buddhist Era and becomes Common Era by subtracting 543,
a two-digit year is Buddhist Era (``65`` → 2565). Money keeps its satang as ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import regex

from .thai.chars import THAI_TEXT

BE_OFFSET = 543
#: years above this are Buddhist Era (CE 1857 and later would be ambiguous only before 2400 BE)
BE_THRESHOLD = 2400
#: the Common Era years a report's date can have; a year outside is a misread, not a date
#: (BE 0543 would be CE 543)
YEARS = range(1900, 2201)
#: the largest magnitude a JSON number (an IEEE double) holds exactly: 2**53; a value beyond
#: it cannot be carried by the contract, and becomes null with a warning
MAX_EXACT = 2**53

THAI_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("มกราคม", "ม.ค."),
            ("กุมภาพันธ์", "ก.พ."),
            ("มีนาคม", "มี.ค."),
            ("เมษายน", "เม.ย."),
            ("พฤษภาคม", "พ.ค."),
            ("มิถุนายน", "มิ.ย."),
            ("กรกฎาคม", "ก.ค."),
            ("สิงหาคม", "ส.ค."),
            ("กันยายน", "ก.ย."),
            ("ตุลาคม", "ต.ค."),
            ("พฤศจิกายน", "พ.ย."),
            ("ธันวาคม", "ธ.ค."),
        ),
        start=1,
    )
    for name in names
}

ISO_DATE = regex.compile(
    r"""
    ^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})  # 2022-10-01
    (?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?$         # an optional time, always midnight here
    """,
    regex.VERBOSE,
)
SLASH_DATE = regex.compile(
    r"^(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}|\d{2})$"  # 26/01/2566
)
THAI_DATE = regex.compile(
    rf"""
    ^(?:วันที่\s*)?(?P<d>\d{{1,2}})\s*         # "(on the) 26" ...
    (?P<month>[{THAI_TEXT}.]+?)\s*            # ... a Thai month name or abbreviation ...
    (?:พ\.\s*ศ\.\s*)?(?P<y>\d{{4}}|\d{{2}})$   # ... (B.E.) 2566
    """,
    regex.VERBOSE,
)


def to_ce_year(year: int, digits: int) -> int:
    """Common Era year of a written year: BE above 2400, two digits are BE 25xx.

    >>> to_ce_year(2566, 4), to_ce_year(2023, 4), to_ce_year(66, 2)
    (2023, 2023, 2023)
    """
    if digits == 2:
        year += 2500
    return year - BE_OFFSET if year > BE_THRESHOLD else year


def parse_date(text: str) -> dt.date | None:
    """Parse a date as the reports write it; None when it is not a valid date.

    >>> parse_date("26/01/2566"), parse_date("2022-10-01 00:00:00")
    (datetime.date(2023, 1, 26), datetime.date(2022, 10, 1))
    >>> parse_date("7 กุมภาพันธ์ 2566"), parse_date("31/02/2566"), parse_date("01/01/0543")
    (datetime.date(2023, 2, 7), None, None)
    """
    text = text.strip()
    for pattern in (ISO_DATE, SLASH_DATE, THAI_DATE):
        m = pattern.match(text)
        if not m:
            continue
        month = int(m["m"]) if "m" in m.groupdict() else THAI_MONTHS.get(m["month"])
        if month is None:
            return None
        year = to_ce_year(int(m["y"]), len(m["y"]))
        if year not in YEARS:
            return None
        try:
            return dt.date(year, month, int(m["d"]))
        except ValueError:
            return None
    return None


NUMBER = regex.compile(
    r"""
    (?<![\d.,])-?              # not the tail of a longer number
    (?:\d{1,3}(?:,\d{3})+      # 1,643,800 with thousands separators ...
    |\d+)                      # ... or plain digits
    (?:\.\d+)?                 # satang / decimals
    (?![\d,]*\d)
    """,
    regex.VERBOSE,
)


#: a thousands comma with spaces around it (``1 , 250``)
_SPACED_COMMA = regex.compile(r"(?<=\d)\s*,\s*(?=\d{3})")


def exact(value: Decimal) -> bool:
    """Whether a JSON number carries ``value`` exactly enough: its magnitude is within 2**53.

    >>> exact(Decimal("1643800.50")), exact(Decimal("1" + "0" * 400))
    (True, False)
    """
    return abs(value) <= MAX_EXACT


def parse_number(text: str) -> Decimal | None:
    """The single number in ``text`` (thousands separators allowed), or None.

    >>> parse_number("1,643,800 บาท"), parse_number("1,250.50"), parse_number("-")
    (Decimal('1643800'), Decimal('1250.50'), None)
    >>> parse_number("100 200") is None
    True
    """
    found = NUMBER.findall(_SPACED_COMMA.sub(",", text))
    if len(found) != 1:
        return None
    try:
        return Decimal(found[0].replace(",", ""))
    except InvalidOperation:
        return None
