"""The form: the wording of "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ", defined once.

Contract: the words and line patterns the reporting system prints — the page header, the round
word, the footer — as constants every stage reads (``extract.text`` splits a text export at
``PAGE_HEADER``, ``segment`` drops it as furniture, ``segment`` and ``progress`` both find rounds
by ``ROUND_WORD``). Nothing here parses: it only says what the form looks like.

>>> bool(PAGE_HEADER.match("**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****"))
True
>>> bool(PAGE_HEADER.match("แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"))
True
"""

from __future__ import annotations

import regex

#: the form's title, printed in the page header of every page
FORM_TITLE = "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
#: "report round": opens every progress round (รายงานครั้งที่3 :: 27/03/2566 : …)
ROUND_WORD = "รายงานครั้งที่"

#: the page header the system prints at the top of every page, with any number of asterisks
PAGE_HEADER = regex.compile(
    rf"""
    ^\s*\**\s*                 # any number of asterisks (or none)
    {FORM_TITLE[:25]}          # "progress report form" (แบบแสดงรายงานความก้าวหน้า) ...
    \S*                        # ... and the rest of its title (และข้อมูลเกี่ยวกับโครงการ)
    \s*\**\s*$
    """,
    regex.VERBOSE,
)
#: a page number line the system (or a re-export) adds
PAGE_NUMBER = regex.compile(
    r"""
    ^(?:หน้า\s*\d+(?:\s*(?:/|จาก)\s*\d+)?   # "หน้า 2", "หน้า 2/5", "หน้า 2 จาก 5" (page 2 of 5)
    |-\s*\d+\s*-                          # "- 2 -"
    |\d+\s*/\s*\d+)$                      # "2/5"
    """,
    regex.VERBOSE,
)
#: the certification footer ends the report's content
FOOTER_START = regex.compile(
    r"""
    ^(?:ขอรับรองว่า       # "I certify that ..." opens the footer
    |ลงชื่อ               # "signed"
    )""",
    regex.VERBOSE,
)
