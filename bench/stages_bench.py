"""Each stage of ``parse_file`` per page, against PDFium's raw text (issue 17: the Python stages
after extract, each measured per page).

In this process, on the fixture report PDFs of 2–8 pages (as bench/batch_bench.py's
acceptance corpus), each file read ``--rounds`` times (at least 5) round robin, the median per
stage: ``raw`` (pypdfium2 open, every page's text page, ``get_text_range``: the floor),
``extract`` (the whole extract stage: guard, PDFium, geometry, repairs, quality gate, and the
other backends for the pages left damaged), ``normalize``, ``segment``, ``build_report``
(fields, progress, checks and the Report model) and ``document`` (the Document model and its
JSON). ``--clean`` keeps the files with no damage left and every page judged good (above
``thai.quality.SUSPECT``): the files no other backend was asked to read.
Results: bench/results/stages.json and .md (ms per page, and × raw). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_bench import report_pdfs  # bench/ is not a package: its folder is on the path
from timing import load, machine, write_results

STAGES = ("raw", "extract", "normalize", "segment", "build_report", "document")


def raw(path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def stages(path: Path) -> tuple[dict[str, float], int]:
    """Seconds of each stage for one file, and its pages."""
    from reportparse.errors import readable_path
    from reportparse.extract import extract
    from reportparse.models import Document, Source, to_json
    from reportparse.normalize import normalize
    from reportparse.pipeline import build_report, page_source, text_layer
    from reportparse.segment import segment

    out: dict[str, float] = {}
    t = time.perf_counter()
    raw(path)
    out["raw"], t = time.perf_counter() - t, time.perf_counter()
    extraction = extract(path)
    out["extract"], t = time.perf_counter() - t, time.perf_counter()
    layer = text_layer(extraction)
    normalized = normalize(extraction)
    out["normalize"], t = time.perf_counter() - t, time.perf_counter()
    sections = segment(normalized.lines, extraction.path)
    out["segment"], t = time.perf_counter() - t, time.perf_counter()
    reports = [build_report(r, layer) for r in sections]
    out["build_report"], t = time.perf_counter() - t, time.perf_counter()
    source = Source(
        path=readable_path(extraction.path),
        sha256=extraction.sha256,
        page_count=extraction.page_count,
        backend=extraction.backend,
        repairs=dict(sorted({**extraction.repairs, **normalized.repairs}.items())),
        damage=extraction.damage,
        pages=[page_source(page) for page in extraction.pages],
    )
    to_json(Document(source=source, reports=reports))
    out["document"] = time.perf_counter() - t
    return out, extraction.page_count


def _clean(doc: object) -> bool:
    from reportparse.thai.quality import SUSPECT

    source = doc.source  # type: ignore[attr-defined]
    return not source.damage and all(
        p.quality is None or p.quality >= SUSPECT for p in source.pages
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clean", action="store_true", help="only files PDFium alone read")
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("--rounds: at least 5")
    from reportparse import parse_file

    paths = report_pdfs()
    if args.clean:  # no damage left and every page judged good: no other reading was tried
        paths = [p for p in paths if _clean(parse_file(p))]
    for path in paths:  # warm: imports, the dictionary, the regex caches
        stages(path)
    pages = 0
    per_round: dict[str, list[float]] = {s: [] for s in STAGES}
    loads = []
    for _ in range(args.rounds):
        total = dict.fromkeys(STAGES, 0.0)
        pages = 0
        for path in paths:
            seconds, n = stages(path)
            pages += n
            for stage, value in seconds.items():
                total[stage] += value
        for stage in STAGES:
            per_round[stage].append(total[stage] / pages * 1000)
        loads.append(load())
    ms = {s: round(statistics.median(v), 3) for s, v in per_round.items()}
    after = sum(ms[s] for s in STAGES[2:])
    result = {
        "machine": machine(),
        "files": len(paths),
        "pages": pages,
        "rounds": args.rounds,
        "clean_only": args.clean,
        "ms_per_page_median": ms,
        "times_raw": {s: round(v / ms["raw"], 2) for s, v in ms.items()},
        "python_stages_after_extract_ms_per_page": round(after, 3),
        "loads": loads,
    }
    rows = ["| stage | ms per page | × raw |", "|---|---:|---:|"]
    rows += [f"| {s} | {ms[s]:.3f} | {ms[s] / ms['raw']:.2f} |" for s in STAGES]
    info = result["machine"]
    md = (
        "# parse_file, stage by stage, per page\n\n"
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}; commit"
        f" {info['commit']}. {len(paths)} fixture report PDFs of 2–8 pages"
        f"{' read by PDFium alone' if args.clean else ''} ({pages} pages), {args.rounds} rounds,"
        f" medians; load average {min(loads)}–{max(loads)}.\n\n"
        + "\n".join(rows)
        + f"\n\nThe Python stages after extract: {after:.3f} ms per page"
        f" ({after / ms['raw']:.2f}× raw).\n"
    )
    write_results("stages_clean" if args.clean else "stages", result, md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
