"""The floor of batch throughput: PDFium's raw text of every page of every PDF under a folder.

What any PDFium-based tool must do at least: open each PDF, load each page and its text page,
take the text (``get_text_range``), close. No parsing at all, one process, run as a whole
process like ``reportparse batch`` is (Python's start and the import of pypdfium2 included).
``bench/batch_bench.py`` runs it beside the batch; it prints the files and pages it read.

Usage: python bench/raw_floor.py FOLDER
"""

from __future__ import annotations

import os
import sys

import pypdfium2 as pdfium


def main(folder: str) -> None:
    files = pages = 0
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            if not name.lower().endswith(".pdf"):
                continue
            pdf = pdfium.PdfDocument(os.path.join(root, name))
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                pages += 1
            pdf.close()
            files += 1
    print(files, pages)


if __name__ == "__main__":
    main(sys.argv[1])
