"""The form: the wording of "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ", defined once.

Contract: the words and line patterns the reporting system prints — the page header, the round
word, the footer — as constants every stage reads (``extract.text`` splits a text export at
``PAGE_HEADER``, ``segment`` drops it as furniture, ``segment`` and ``progress`` both find rounds
by ``ROUND_WORD``). Nothing here parses: it only says what the form looks like.

>>> bool(PAGE_HEADER.match("**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****"))
True
>>> bool(PAGE_HEADER.match("แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"))
True
>>> bool(PAGE_TITLE.match("สำนักการระบายน้ำ แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"))
True
>>> bool(PAGE_TITLE.match("แบบรายงานความก้าวหน้าโครงการ (แบบ สยป. 2)"))
True
>>> bool(PAGE_TITLE.match("แบบรายงานผลการสำรวจ : ส่งแล้ว")), bool(PAGE_NUMBER.match("หน้าที่ 2 จาก 5"))
(False, True)
"""

from __future__ import annotations

import regex

#: the form's title, printed in the page header of every page
FORM_TITLE = "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
#: "report round": opens every progress round (รายงานครั้งที่3 :: 27/03/2566 : …)
ROUND_WORD = "รายงานครั้งที่"
#: a round's two flags, each said or denied (ไม่เป็นไปตามแผน): "according to plan", "meeting
#: the target"
PLAN = "เป็นไปตามแผน"
TARGET = "เป็นไปตามเป้าหมาย"

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
#: a page number as the system (or a re-export) prints it
_PAGE_NO = r"""
    (?:หน้า(?:ที่)?\s*\d+(?:\s*(?:/|จาก)\s*\d+)?   # "หน้า 2", "หน้าที่ 2/5", "หน้า 2 จาก 5"
    |[Pp]age\s*\d+(?:\s*(?:/|of)\s*\d+)?          # "Page 2 of 5"
    |-\s*\d+\s*-                                  # "- 2 -"
    |\d+\s*/\s*\d+)                               # "2/5"
"""
#: a page number line
PAGE_NUMBER = regex.compile(rf"^\s*{_PAGE_NO}\s*$", regex.VERBOSE)
#: the form's title as other exports and years print it at the top of a page: any title
#: "แบบ(แสดง)รายงาน…" that names progress, results or the project, asterisked or not, after an
#: agency's name or not, with a page number after it or not ("แบบรายงานความก้าวหน้าโครงการ",
#: "**** แบบรายงานผลการดำเนินงานโครงการ ประจำปีงบประมาณ พ.ศ. 2567 ****"). Only a line at the
#: top or bottom of a page is taken for one (``segment``): the words could open a sentence.
PAGE_TITLE = regex.compile(
    rf"""
    ^\s*\**\s*
    (?:[^\s:]{{2,60}}\s+)?                   # an agency's name before it (สำนักการระบายน้ำ …)
    แบบ(?:แสดง)?รายงาน
    (?=[^:]*?(?:ความก้าวหน้า|ผล|โครงการ))     # ... of progress, of results, of the project
    [^:]{{0,100}}?
    \s*\**\s*(?:{_PAGE_NO})?\s*$
    """,
    regex.VERBOSE,
)
#: the stamp a reporting system prints in the page footer: "พิมพ์จากระบบเมื่อ 15/10/2567 10:32 น."
PAGE_STAMP = regex.compile(
    rf"""
    ^\s*(?:วันที่)?พิมพ์(?:จากระบบ)?(?:เมื่อ|วันที่)?\s*:?\s*
    \d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{2,4}}      # its date
    [^:]{{0,12}}(?:\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?)?     # its time
    \s*(?:น\.)?\s*(?:{_PAGE_NO})?\s*$
    """,
    regex.VERBOSE,
)
#: the words the form prints on its own (labels, the round's line, its units): what OCR must
#: read right for a field to be found (``ocr.repairs`` corrects near misses to these)
FORM_WORDS = (
    "ชื่อโครงการ/กิจกรรม", "รหัสโครงการ", "ปีงบประมาณ", "เริ่มต้นโครงการ", "สิ้นสุดโครงการ",
    "งบประมาณที่ได้รับ", "งบประมาณที่ใช้ไป", "หน่วยงานที่รับผิดชอบ", "ชื่อผู้รับผิดชอบ",
    "ผู้ประสานงาน", "ประเด็นยุทธศาสตร์ย่อย", "ประเด็นยุทธศาสตร์", "เป้าหมายที่", "ตัวชี้วัด",
    "ความก้าวหน้าของงาน", "งบประมาณที่เบิกใช้", "ครั้งที่", "บาท", "ไม่เป็นไปตามแผน",
    "ไม่เป็นไปตามเป้าหมาย", "ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ",
    "รหัสโครงการและชื่อโครงการ", "หลักการและเหตุผล", "วัตถุประสงค์ของโครงการ",
    "เป้าหมายของโครงการ", "สนับสนุนแผนพัฒนากรุงเทพมหานคร",
    "รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ", "ขอรับรองว่า", "ลงชื่อ",
)  # fmt: skip

#: the certification footer ends the report's content
FOOTER_START = regex.compile(
    r"""
    ^(?:ขอรับรองว่า       # "I certify that ..." opens the footer
    |ลงชื่อ               # "signed"
    )""",
    regex.VERBOSE,
)

#: the words each section's heading is known by, as agencies and years word it, the form's own
#: first. ``segment`` finds a heading by its number, then by these words or by its place in the
#: form (the next section's number, "2." before the first round), never by one fixed phrase.
HEADING_WORDS: dict[str, tuple[str, ...]] = {
    # 1. project name and responsible agency: the words open the heading
    "1": ("ชื่อโครงการ", "ข้อมูลทั่วไป", "ข้อมูลพื้นฐาน", "ข้อมูลโครงการ", "รายละเอียดโครงการ",
          "โครงการและหน่วยงาน", "โครงการ/กิจกรรมและหน่วยงาน"),
    "1.1": ("รหัสโครงการ", "ชื่อโครงการ", "ข้อมูลโครงการ", "รายละเอียดโครงการ", "รหัส",
            "ชื่อและรหัส", "ข้อมูลทั่วไป"),  # project code and name
    "1.2": ("หน่วยงาน", "ส่วนราชการ", "ผู้รับผิดชอบ", "เจ้าของโครงการ", "ผู้ประสานงาน", "สำนัก",
            "ผู้ดำเนินการ"),  # responsible agency
    "1.3": ("หลักการ", "เหตุผล", "ความเป็นมา", "ที่มา", "ความสำคัญ", "ความจำเป็น", "สภาพปัญหา",
            "สภาพทั่วไป"),  # rationale
    "1.4": ("วัตถุประสงค์", "จุดประสงค์", "ความมุ่งหมาย", "เป้าประสงค์"),  # objectives
    "1.5": ("เป้าหมาย", "ผลผลิต", "ผลลัพธ์", "ตัวชี้วัด", "ค่าเป้าหมาย"),  # goal
    "1.6": ("สนับสนุน", "สอดคล้อง", "แผนพัฒนา", "ยุทธศาสตร์", "เชื่อมโยง", "ตอบสนอง",
            "แผนงาน"),  # supports the BMA 20-year plan
    # 2. progress and spending report: the words open the heading
    "2": ("รายงานความก้าวหน้า", "ความก้าวหน้า", "รายงานผล", "ผลการดำเนินงาน", "ผลการปฏิบัติงาน",
          "ผลการดำเนินโครงการ", "การใช้จ่าย", "การเบิกจ่าย", "ค่าใช้จ่าย", "สถานะ"),
}  # fmt: skip
