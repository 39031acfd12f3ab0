"""Limits, measured: big and pathological inputs through ``reportparse parse``, one process each.

    .venv/bin/python -m fuzz.limits [--json FILE] [--only NAME]

Makes each input in a temporary folder (about 450 MB of disk at most, one at a time), runs
the CLI on it and prints, per input, its size, the exit status, the wall-clock seconds and
the process's peak resident memory (``wait4``), with the error line if there is one:

- one-line 5 MB texts: a report whose rationale is one 5 MB line, the whole seed on one
  line, and lines made to trip regexes and repairs (split SARA AM, colons, question marks,
  round headers, labels, Thai digits, tone marks);
- 100 MB: a text export of 3,994 reports (the whole seed 1,997 times), the seed on one
  100 MB line, a report PDF with a 100 MB image;
- 500 pages: PDFs of about 500 pages (LibreOffice and Chromium pages), and ``--max-pages``
  and ``--max-mb`` refusing them before any work.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

#: this process imports nothing heavy: a child's peak memory counts from its parent's size
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MB = 1024 * 1024
SEED_V2 = FIXTURES / "reports" / "seed_v2.txt"
SEED = FIXTURES / "text" / "seed_both_versions.txt"


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode()) + 1)


def _seed_v2() -> str:
    return SEED_V2.read_text(encoding="utf-8")


# --- the inputs: each made in a process of its own, so that this one stays small ---------------
def make_line(path: Path, unit: str, mb: int) -> None:
    """One line of ``unit`` repeated to ``mb`` MB (``unit`` "seed": the seed on one line)."""
    unit = _seed_v2().replace("\n", " ") if unit == "seed" else unit
    path.write_text(_repeat(unit, mb * MB), encoding="utf-8")


def make_long_rationale(path: Path) -> None:
    line = _repeat("สถานการณ์ปกติ ", 5 * MB)
    text = _seed_v2().replace("จนกว่าสถานการณ์จะกลับสู่ภาวะปกติ", line)
    path.write_text(text, encoding="utf-8")


def make_reports(path: Path, mb: int) -> None:
    data = SEED.read_bytes()
    path.write_bytes(data * (mb * MB // len(data) + 1))


def make_pdf_with_image(path: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    side = 7200  # noise does not compress: a JPEG of about 100 MB
    jpeg = path.with_suffix(".jpg")
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(jpeg, quality=100)
    pdf = pdfium.PdfDocument(FIXTURES / "pdf" / "r01_clean.lo-laksaman.pdf")
    image = pdfium.PdfImage.new(pdf)
    image.load_jpeg(jpeg, inline=False)
    image.set_matrix(pdfium.PdfMatrix().scale(200, 200).translate(50, 50))
    page = pdf[3]
    page.insert_obj(image)
    page.gen_content()
    pdf.save(path)
    jpeg.unlink()


def make_pages(path: Path, source: str, count: int) -> None:
    """A PDF of the fixture ``source``'s pages over and over, to at least ``count`` pages."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(FIXTURES / "pdf" / source)
    pdf = pdfium.PdfDocument.new()
    while len(pdf) < count:
        pdf.import_pages(src)
    pdf.save(path)


#: name, file suffix, how to make it and with what, extra CLI options
INPUTS: list[tuple[str, str, Callable[..., None], tuple[Any, ...], tuple[str, ...]]] = [
    ("5 MB line: a report's rationale", ".txt", make_long_rationale, (), ()),
    ("5 MB line: the seed on one line", ".txt", make_line, ("seed", 5), ()),
    ("5 MB line: split SARA AM", ".txt", make_line, ("ํา", 5), ()),
    ("5 MB line: colons", ".txt", make_line, (": ", 5), ()),
    ("5 MB line: question marks", ".txt", make_line, ("? ", 5), ()),
    ("5 MB line: round headers", ".txt", make_line, ("- รายงานครั้งที่1 :: ", 5), ()),
    ("5 MB line: labels", ".txt", make_line, ("รหัสโครงการ : ", 5), ()),
    ("5 MB line: Thai digits", ".txt", make_line, ("๑,๒๓๔.๕ ", 5), ()),
    ("5 MB line: tone marks", ".txt", make_line, ("่", 5), ()),
    ("100 MB text: the whole seed 1,997 times", ".txt", make_reports, (100,), ()),
    ("100 MB text: --max-mb 50", ".txt", make_reports, (100,), ("--max-mb", "50")),
    ("100 MB line: the seed on one line", ".txt", make_line, ("seed", 100), ()),
    ("100 MB PDF: a report and an image", ".pdf", make_pdf_with_image, (), ()),
    ("500-page PDF (LibreOffice pages)", ".pdf", make_pages,
     ("seed_v2.lo-laksaman.pdf", 500), ()),
    ("500-page PDF (Chromium pages)", ".pdf", make_pages, ("r01_clean.chromium-noto.pdf", 500), ()),
    ("500-page PDF: --max-pages 100", ".pdf", make_pages, ("r01_clean.chromium-noto.pdf", 500),
     ("--max-pages", "100")),
]  # fmt: skip


def make(maker: Callable[..., None], path: Path, args: tuple[Any, ...]) -> None:
    process = mp.get_context("spawn").Process(target=maker, args=(path, *args))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"making {path.name} failed (exit {process.exitcode})")


@dataclass(frozen=True)
class Measure:
    name: str
    mb: float
    exit: int
    seconds: float
    peak_rss_mb: float
    reports: int | None
    error: str


def _count_reports(document: Path) -> int:
    # in a child: loading a 90 MB document here would raise the floor of the next measures
    code = "import json, sys; print(len(json.load(open(sys.argv[1]))['reports']))"
    counted = subprocess.run([sys.executable, "-c", code, str(document)], capture_output=True)
    return int(counted.stdout)


def measure(name: str, path: Path, options: tuple[str, ...]) -> Measure:
    """Run ``reportparse parse`` on ``path``; its exit status, time and peak memory."""
    out = path.with_suffix(".json")
    command = [sys.executable, "-m", "reportparse", "parse", str(path), "--compact", *options]
    start = time.perf_counter()
    with open(out, "wb") as stdout:
        proc = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    assert proc.stderr is not None
    error = proc.stderr.read().decode("utf-8", "replace").strip()
    error = error.split(f"{path}: ", 1)[-1]  # what is wrong and what to do, without the file
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    reports = _count_reports(out) if code == 0 else None
    out.unlink()
    return Measure(
        name,
        round(path.stat().st_size / MB, 1),
        code,
        round(seconds, 2),
        round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        reports,
        error,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--json", type=Path, help="also write the measures here")
    ap.add_argument("--only", help="measure only the inputs whose name contains this")
    args = ap.parse_args(argv)
    print("| input | MB | exit | seconds | peak RSS MB | reports | message |")
    print("|---|---|---|---|---|---|---|")
    measures = []
    with tempfile.TemporaryDirectory(prefix="reportparse-limits-") as tmp:
        for name, suffix, maker, maker_args, options in INPUTS:
            if args.only and args.only not in name:
                continue
            path = Path(tmp) / f"input{suffix}"
            make(maker, path, maker_args)
            m = measure(name, path, options)
            path.unlink()
            measures.append(m)
            message = m.error if len(m.error) < 80 else m.error[:77] + "..."
            print(
                f"| {m.name} | {m.mb} | {m.exit} | {m.seconds} | {m.peak_rss_mb} "
                f"| {m.reports if m.reports is not None else ''} | {message} |",
                flush=True,
            )
    if args.json:
        args.json.write_text(
            json.dumps([asdict(m) for m in measures], ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
