#!/usr/bin/env python3
"""Font internals of the archive PDFs: what evidence is left to recover a glyph → text map.

For every font that draws text in ``fixtures/archive/*.pdf`` and their sources (pikepdf), it
records: the font's Subtype and its /Encoding, whether it has a ToUnicode CMap, the kind of
embedded program (FontFile / FontFile2 / FontFile3 and its Subtype), and from the program
(fontTools): its cmap subtables, its post table format and whether its glyph names are real
names, and for every code the page content draws with it: which glyph it selects (Identity or
CIDToGIDMap for Type0, the embedded cmap for simple TrueType), whether that glyph's outline is
one of the original font file's in /usr/share/fonts — identical points, or the same points
after a translation and scaling — and what Unicode the original gives that glyph (its cmap, or
through GSUB for a shaped variant such as ``uni0E49.small``). That is compared with what the
ToUnicode map and the embedded cmap say. Writes ``bench/results/archive_fonts.{md,json}``.

    /work/toolsvenv/bin/python bench/archive_fonts.py        # needs pikepdf and fonttools
"""

from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "fixtures" / "archive"
RESULTS = ROOT / "bench" / "results"
#: normalised base font name (no subset tag, no ``_00`` part suffix, no ``-`` or space) → file
FONT_FILES = {
    "laksaman": "tlwg/Laksaman.ttf", "garuda": "tlwg/Garuda.ttf", "loma": "tlwg/Loma.ttf",
    "kinnari": "tlwg/Kinnari.ttf", "norasi": "tlwg/Norasi.ttf",
    "notosansthairegular": "noto/NotoSansThai-Regular.ttf",
    "notosansthai": "noto/NotoSansThai-Regular.ttf",
    "notosansregular": "noto/NotoSans-Regular.ttf", "notosans": "noto/NotoSans-Regular.ttf",
    "dejavusans": "dejavu/DejaVuSans.ttf", "dejavusansbook": "dejavu/DejaVuSans.ttf",
}  # fmt: skip
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
PART = re.compile(r"_[0-9a-f]{2}$")
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
RANGE_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
SHOW_OPS = {"Tj", "TJ", "'", '"'}
#: Private Use Area forms of legacy Thai fonts → the character (HarfBuzz ``thai_pua_shape``,
#: THAI_TEXT.md): a glyph the original reaches only through these stands for that character
PUA_THAI = {
    **{chr(0xF70A + i): chr(0x0E48 + i) for i in range(5)},
    **{chr(0xF705 + i): chr(0x0E48 + i) for i in range(5)},
    **{chr(0xF713 + i): chr(0x0E48 + i) for i in range(5)},
    **{chr(0xF718 + i): chr(0x0E38 + i) for i in range(3)},
    **{chr(0xF701 + i): chr(0x0E34 + i) for i in range(4)},
    "\uf710": "\u0e31",
    "\uf712": "\u0e47",
    "\uf711": "\u0e4d",
    "\uf70f": "\u0e0d",
    "\uf700": "\u0e10",
}
#: what a ToUnicode entry holds when it gives no text for its glyph
NO_TEXT = {"", "\x00", "\ufffd", "\ufffe"}


def font_key(base: str) -> str:
    """``ABCDEF+Noto-Sans-Thai_00`` → ``notosansthai``."""
    return PART.sub("", SUBSET_TAG.sub("", base)).replace("-", "").replace(" ", "").lower()


# --- the original fonts -----------------------------------------------------------------------
def outline(glyf: Any, name: str) -> tuple[Any, Any] | None:
    """Exact and normalised outline signatures of one TrueType glyph (None: no contours)."""
    g = glyf[name]
    coords, ends, flags = g.getCoordinates(glyf)
    if not len(coords):
        return None
    pts = [(int(x), int(y)) for x, y in coords]
    on = tuple(f & 1 for f in flags)
    exact = (tuple(pts), tuple(ends), on)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    scale = max(max(xs) - min(xs), max(ys) - min(ys)) or 1
    norm = tuple((round((x - min(xs)) / scale, 2), round((y - min(ys)) / scale, 2)) for x, y in pts)
    return exact, (norm, tuple(ends), on)


@cache
def original(key: str) -> dict[str, Any] | None:
    """Outline index and Unicode of every glyph of a system font."""
    rel = FONT_FILES.get(key)
    if rel is None:
        return None
    font = TTFont(f"/usr/share/fonts/truetype/{rel}")
    glyf = font["glyf"]
    exact: dict[Any, list[str]] = defaultdict(list)
    norm: dict[Any, list[str]] = defaultdict(list)
    for name in font.getGlyphOrder():
        sig = outline(glyf, name)
        if sig:
            exact[sig[0]].append(name)
            norm[sig[1]].append(name)
    uni: dict[str, str] = {}
    pua: dict[str, str] = {}
    for code, name in sorted(font.getBestCmap().items()):
        if chr(code) in PUA_THAI:  # a legacy shifted form: its text is the Thai character
            pua.setdefault(name, PUA_THAI[chr(code)])
        else:
            uni.setdefault(name, chr(code))
    via_gsub = gsub_unicode(font, uni)
    gids = {name: i for i, name in enumerate(font.getGlyphOrder())}
    return {"file": rel, "exact": exact, "norm": norm, "uni": uni, "gsub": via_gsub, "pua": pua,
            "gids": gids, "glyphs": len(gids)}  # fmt: skip


def gsub_unicode(font: TTFont, uni: dict[str, str]) -> dict[str, str]:
    """Unicode of glyphs reached only through GSUB (single, alternate, ligature), to a fixpoint."""
    if "GSUB" not in font:
        return {}
    rules: list[tuple[list[str], str]] = []
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for st in lookup.SubTable:
            st = getattr(st, "ExtSubTable", st)
            kind = getattr(st, "LookupType", lookup.LookupType)
            if kind == 1:
                rules += [([a], b) for a, b in st.mapping.items()]
            elif kind == 3:
                rules += [([a], b) for a, bs in st.alternates.items() for b in bs]
            elif kind == 4:
                for first, ligs in st.ligatures.items():
                    rules += [([first, *lig.Component], lig.LigGlyph) for lig in ligs]
    known = dict(uni)
    out: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for ins, res in rules:
            if res not in known and all(g in known for g in ins):
                known[res] = out[res] = "".join(known[g] for g in ins)
                changed = True
    return out


# --- the PDF side -------------------------------------------------------------------------------
def parse_tounicode(data: bytes) -> dict[int, str]:
    """code → text of a ToUnicode CMap (bfchar and bfrange)."""

    def text(h: bytes) -> str:
        return bytes.fromhex(h.decode()).decode("utf-16-be", "replace") if h else ""

    out: dict[int, str] = {}
    for block in BFCHAR.findall(data):
        hexes = HEX.findall(block)
        for src, dst in zip(hexes[::2], hexes[1::2], strict=False):
            out[int(src, 16)] = text(dst)
    for block in BFRANGE.findall(data):
        for lo, hi, dst in RANGE_ENTRY.findall(block):
            a, b = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                for i, h in enumerate(HEX.findall(dst)):
                    out[a + i] = text(h)
            else:
                base = bytes.fromhex(dst[1:-1].decode())
                for i in range(b - a + 1):
                    v = int.from_bytes(base, "big") + i
                    out[a + i] = text(v.to_bytes(len(base), "big").hex().encode())
    return out


def used_codes(pdf: pikepdf.Pdf) -> dict[tuple[int, int], tuple[pikepdf.Dictionary, Counter[int]]]:
    """Every font that draws text (by object id) and how often each code is drawn."""
    fonts: dict[tuple[int, int], tuple[pikepdf.Dictionary, Counter[int]]] = {}

    def walk(stream: Any, resources: Any, depth: int = 0) -> None:
        font_res = resources.get("/Font", {}) if resources is not None else {}
        current = None
        for operands, op in pikepdf.parse_content_stream(stream):
            name = str(op)
            if name == "Tf":
                f = font_res.get(str(operands[0]))
                current = f
                if f is not None and f.objgen not in fonts:
                    fonts[f.objgen] = (f, Counter())
            elif name in SHOW_OPS and current is not None:
                two = str(current.get("/Subtype")) == "/Type0"
                for s in _strings(operands):
                    step = 2 if two else 1
                    codes = [int.from_bytes(s[i : i + step], "big") for i in range(0, len(s), step)]
                    fonts[current.objgen][1].update(codes)
            elif name == "Do" and depth < 5 and resources is not None:
                xo = resources.get("/XObject", {}).get(str(operands[0]))
                if xo is not None and str(xo.get("/Subtype")) == "/Form":
                    walk(xo, xo.get("/Resources", resources), depth + 1)

    for page in pdf.pages:
        walk(page, page.obj.get("/Resources"))
    return fonts


def _strings(operands: list[Any]) -> list[bytes]:
    out = []
    for o in operands:
        if isinstance(o, pikepdf.String):
            out.append(bytes(o))
        elif isinstance(o, pikepdf.Array):
            out += [bytes(x) for x in o if isinstance(x, pikepdf.String)]
    return out


def describe_encoding(font: pikepdf.Dictionary) -> str:
    enc = font.get("/Encoding")
    if enc is None:
        return "none"
    if isinstance(enc, pikepdf.Name):
        return str(enc)[1:]
    base = str(enc.get("/BaseEncoding", "")).lstrip("/")
    diffs = enc.get("/Differences")
    n = sum(1 for x in diffs if isinstance(x, pikepdf.Name)) if diffs is not None else 0
    return f"dict({base or 'no base'}, {n} Differences)"


def differences(font: pikepdf.Dictionary) -> dict[int, str]:
    enc = font.get("/Encoding")
    out: dict[int, str] = {}
    if isinstance(enc, pikepdf.Dictionary) and enc.get("/Differences") is not None:
        code = 0
        for x in enc["/Differences"]:
            if isinstance(x, pikepdf.Name):
                out[code] = str(x)[1:]
                code += 1
            else:
                code = int(x)
    return out


def inspect_font(font: pikepdf.Dictionary, counts: Counter[int]) -> dict[str, Any]:
    """Everything one font of a PDF tells about its glyphs."""
    subtype = str(font.get("/Subtype"))[1:]
    base = str(font.get("/BaseFont", "/?"))[1:]
    row: dict[str, Any] = {
        "base": base, "subtype": subtype, "encoding": describe_encoding(font),
        "tounicode": "/ToUnicode" in font, "codes": len(counts), "draws": sum(counts.values()),
    }  # fmt: skip
    desc_font = font["/DescendantFonts"][0] if subtype == "Type0" else font
    if subtype == "Type0":
        row["cid_subtype"] = str(desc_font.get("/Subtype"))[1:]
        c2g = desc_font.get("/CIDToGIDMap")
        row["cidtogid"] = (
            "none" if c2g is None else ("Identity" if isinstance(c2g, pikepdf.Name) else "stream")
        )
    if subtype == "Type3":
        row["program"] = "Type3 (CharProcs)"
        return row
    fd = desc_font.get("/FontDescriptor")
    prog_key = next(
        (k for k in ("/FontFile2", "/FontFile3", "/FontFile") if fd is not None and k in fd), None
    )
    if prog_key is None:
        row["program"] = "not embedded"
        return row
    prog = fd[prog_key]
    row["program"] = prog_key[1:] + (
        f"/{str(prog.get('/Subtype'))[1:]}" if "/Subtype" in prog else ""
    )
    row["symbolic"] = bool(int(fd.get("/Flags", 0)) & 4)
    tu = parse_tounicode(font["/ToUnicode"].read_bytes()) if row["tounicode"] else {}
    if prog_key != "/FontFile2":
        return row
    try:
        tt = TTFont(io.BytesIO(prog.read_bytes()))
        order = tt.getGlyphOrder()
        glyf = tt["glyf"]
    except Exception as e:  # a program fontTools cannot read is itself a finding
        row["program_error"] = f"{type(e).__name__}: {e}"[:200]
        return row
    row["tables"] = sorted(tt.keys())
    row["glyphs"] = len(order)
    row["cmap"] = [
        f"({t.platformID},{t.platEncID}) fmt {t.format}: {len(t.cmap)}" for t in tt["cmap"].tables
    ] if "cmap" in tt else []  # fmt: skip
    if "post" in tt:
        post = tt["post"]
        row["post"] = post.formatType
        # only a format 2 table stores names (fontTools makes format 3 names up from the cmap)
        row["real_names"] = sum(
            1 for n in order if n != ".notdef" and not re.fullmatch(r"glyph\d+", n)
        ) if post.formatType == 2 else 0  # fmt: skip
    else:
        row["post"] = None
    orig = original(font_key(base))
    row["original"] = orig["file"] if orig else None
    code_to_gid = code_map(font, subtype, desc_font, tt, order)
    emb_uni = {}
    if "cmap" in tt:
        for t in tt["cmap"].tables:
            if t.platformID == 0 or (t.platformID, t.platEncID) in ((3, 1), (3, 10)):
                for cp, g in t.cmap.items():
                    emb_uni.setdefault(g, chr(cp))
    gid_of = {n: i for i, n in enumerate(order)}
    if orig:
        row["original_glyphs"] = orig["glyphs"]
    stats: Counter[str] = Counter()
    examples: list[str] = []
    for code in sorted(counts):
        gname = code_to_gid.get(code)
        stats["codes"] += 1
        if gname is None or gname not in glyf:
            stats["no_glyph"] += 1
            continue
        sig = outline(glyf, gname)
        if sig is None:
            stats["blank"] += 1
            continue
        stats["inked"] += 1
        truth = None
        if orig:
            match = orig["exact"].get(sig[0])
            if match:
                stats["outline_exact"] += 1
            else:
                match = orig["norm"].get(sig[1])
                if match:
                    stats["outline_transformed"] += 1
            if match:
                if len({orig["uni"].get(x) or orig["gsub"].get(x) for x in match}) > 1:
                    stats["outline_ambiguous"] += 1
                m = match[0]
                if any(orig["gids"][x] == gid_of[gname] for x in match):
                    stats["gid_same"] += 1
                truth = orig["uni"].get(m) or orig["gsub"].get(m) or orig["pua"].get(m)
                stats["truth_cmap" if m in orig["uni"] else "truth_gsub" if m in orig["gsub"]
                      else "truth_pua" if m in orig["pua"] else "truth_none"] += 1  # fmt: skip
            else:
                stats["outline_unmatched"] += 1
        if code in tu:
            stats["tounicode"] += 1
            if truth is not None:
                kind = tounicode_kind(tu[code], truth)
                stats[f"tounicode_{kind}"] += 1
                if kind != "right" and len(examples) < 8:
                    examples.append(f"{code:#x}→{tu[code]!r} (outline: {truth!r}, {kind})")
        if gname in emb_uni:
            stats["embedded_cmap"] += 1
            if truth is not None:
                stats[
                    "embedded_cmap_right" if emb_uni[gname] == truth else "embedded_cmap_wrong"
                ] += 1
        if orig and row.get("post") == 2 and truth is not None:
            m_names = orig["exact"].get(sig[0]) or orig["norm"].get(sig[1]) or []
            stats["post_name_same" if gname in m_names else "post_name_other"] += 1
    row["stats"] = dict(stats)
    row["tounicode_wrong_examples"] = examples
    return row


def tounicode_kind(text: str, truth: str) -> str:
    """How a ToUnicode entry relates to the character its glyph's outline stands for.

    right: the same; pua: the legacy Private Use Area form of it (``U+F70B`` for ``้``);
    cluster: it holds the character with its neighbours (``ำ`` on the NIKHAHIT
    glyph of a split SARA AM, ``้ำ``); empty: no text; wrong: another character.
    """
    if text == truth or (len(truth) == 1 and 0xFB00 <= ord(truth) <= 0xFB06
                         and unicodedata.normalize("NFKC", truth) == text):  # fmt: skip
        return "right"  # a Latin ligature glyph read as its letters
    if len(text) == 1 and PUA_THAI.get(text) == truth:
        return "pua"
    if text in NO_TEXT or all(ord(c) < 32 for c in text):
        return "empty" if text in NO_TEXT else "wrong"
    if truth in text or (truth == "\u0e4d" and "\u0e33" in text):
        return "cluster"
    return "wrong"


def code_map(
    font: Any, subtype: str, desc_font: Any, tt: TTFont, order: list[str]
) -> dict[int, str]:
    """code → glyph name of the embedded program, the way a PDF reader picks it."""
    out: dict[int, str] = {}
    if subtype == "Type0":
        c2g = desc_font.get("/CIDToGIDMap")
        if c2g is None or isinstance(c2g, pikepdf.Name):
            return {i: n for i, n in enumerate(order)}
        data = c2g.read_bytes()
        for cid in range(len(data) // 2):
            gid = int.from_bytes(data[2 * cid : 2 * cid + 2], "big")
            if gid < len(order):
                out[cid] = order[gid]
        return out
    tables = (
        {(t.platformID, t.platEncID): t.cmap for t in tt["cmap"].tables} if "cmap" in tt else {}
    )
    diffs = differences(font)
    for code in range(256):
        if (3, 0) in tables:
            g = tables[(3, 0)].get(0xF000 + code) or tables[(3, 0)].get(code)
        elif (1, 0) in tables:
            g = tables[(1, 0)].get(code)
        elif (3, 1) in tables:
            name = diffs.get(code)
            cp = None
            if name:
                from fontTools.agl import toUnicode

                u = toUnicode(name)
                cp = ord(u) if len(u) == 1 else None
            elif 32 <= code < 256:
                cp = ord(bytes([code]).decode("cp1252", "replace"))
            g = tables[(3, 1)].get(cp) if cp is not None else None
        else:
            g = None
        if g is not None:
            out[code] = g
    return out


# --- the report -----------------------------------------------------------------------------------
def cell_of(path: Path) -> tuple[str, str, str]:
    parts = path.name.split(".")
    producer, font = parts[1].split("-", 1)
    pipe = parts[2] if len(parts) == 4 else "source"
    return producer, font, pipe


def main() -> int:
    manifest = json.loads((ARCHIVE / "manifest.json").read_text(encoding="utf-8"))
    paths = []
    for src in manifest["sources"]:
        paths.append(ROOT / "fixtures" / src["source"])
        paths += [
            ARCHIVE / f"{src['stem']}.{src['producer']}-{src['font']}.{p}.pdf"
            for p in manifest["pipelines"]
        ]
    rows = []
    for path in paths:
        producer, font, pipe = cell_of(path)
        with pikepdf.open(path) as pdf:
            for f, counts in used_codes(pdf).values():
                row = inspect_font(f, counts)
                rows.append({"file": path.name, "producer": producer, "font": font,
                             "pipeline": pipe, **row})  # fmt: skip
        print(path.name, file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "archive_fonts.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (RESULTS / "archive_fonts.md").write_text(report(rows), encoding="utf-8")
    print("wrote bench/results/archive_fonts.{md,json}", file=sys.stderr)
    return 0


def is_thai(row: dict[str, Any]) -> bool:
    """Whether a font's original file is a Thai font."""
    orig = row.get("original") or ""
    return orig.startswith("tlwg") or "Thai" in orig


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f} %" if b else "–"


def _fmt(c: Counter[str]) -> str:
    return ", ".join(f"{k} ×{v}" for k, v in c.most_common())


def _cells(
    rows: list[dict[str, Any]], key: str = "producer"
) -> list[tuple[str, str, list[dict[str, Any]]]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["pipeline"], r[key])].append(r)
    producers = list(dict.fromkeys(r[key] for r in rows))
    return [
        (pipe, prod, groups[(pipe, prod)])
        for pipe in ("source", "gs", "ps2pdf", "cairo", "qpdf")
        for prod in producers
        if groups.get((pipe, prod))
    ]


def structure_row(pipe: str, producer: str, rs: list[dict[str, Any]]) -> str:
    """What the PDF objects and the embedded programs of one cell are."""
    thai = [r for r in rs if is_thai(r)]
    subtypes = Counter(r["subtype"] + (f"/{r['cid_subtype']}" if r.get("cid_subtype") else "")
                       + (f" ({r['cidtogid']})" if r.get("cidtogid") else "")
                       for r in rs)  # fmt: skip
    cmaps = Counter(
        "; ".join(re.sub(r": \d+", "", c) for c in r.get("cmap", [])) or "none" for r in thai
    )
    posts = Counter(
        "no post" if r.get("post") is None
        else f"{r['post']:g}" + (" with names" if r.get("real_names") else "")
        for r in thai
    )  # fmt: skip
    kept = [r["glyphs"] / r["original_glyphs"] for r in thai if r.get("original_glyphs")]
    kept_text = f"{100 * min(kept):.0f}–{100 * max(kept):.0f} %" if kept else "–"
    return (
        f"| {pipe} | {producer} | {len(rs)} | {_fmt(subtypes)} | "
        f"{_fmt(Counter(r['encoding'] for r in rs))} | "
        f"{sum(r['tounicode'] for r in rs)}/{len(rs)} | "
        f"{_fmt(Counter(r.get('program', '?') for r in rs))} | "
        f"{_fmt(Counter('symbolic' if r.get('symbolic') else 'nonsymbolic' for r in thai))} | "
        f"{_fmt(cmaps)} | {_fmt(posts)} | {kept_text} |"
    )


def evidence_row(pipe: str, producer: str, rs: list[dict[str, Any]]) -> str:
    """How much of each kind of evidence is right, over the Thai fonts of one cell."""
    st: Counter[str] = Counter()
    for r in rs:
        if is_thai(r):
            st.update(r.get("stats", {}))
    matched = st["outline_exact"] + st["outline_transformed"]
    kinds = ("right", "pua", "cluster", "empty", "wrong")
    tu = sum(st[f"tounicode_{k}"] for k in kinds)
    emb = st["embedded_cmap_right"] + st["embedded_cmap_wrong"]
    return (
        f"| {pipe} | {producer} | {st['inked']} | {_pct(st['outline_exact'], st['inked'])} | "
        f"{_pct(st['outline_transformed'], st['inked'])} | "
        f"{_pct(st['outline_ambiguous'], matched)} | "
        f"{_pct(st['gid_same'], matched)} | "
        f"{_pct(st['truth_cmap'], matched)} / {_pct(st['truth_gsub'], matched)} / "
        f"{_pct(st['truth_pua'], matched)} | {tu} | "
        + " / ".join(_pct(st[f"tounicode_{k}"], tu) for k in kinds)
        + f" | {emb} | {_pct(st['embedded_cmap_right'], emb)} |"
    )


def report(rows: list[dict[str, Any]]) -> str:
    """Per (pipeline, source producer): the evidence each kind of font keeps."""
    cells = _cells(rows)
    out = [
        "# Fonts of the archive PDFs (`bench/archive_fonts.py`)",
        "",
        "Every font that draws text in `fixtures/archive/*.pdf` and in their sources, grouped "
        "by pipeline and source producer. The glyph columns count only fonts whose original is "
        "a Thai font file (Latin fallback fonts left out) and only the codes the pages draw.",
        "",
        "## The objects and the programs",
        "",
        "Glyphs kept: glyphs in the embedded program / glyphs in the original font file "
        "(100 %: the subset keeps every glyph id, with empty glyphs where unused).",
        "",
        "| pipeline | producer | fonts | Subtype (CIDToGIDMap) | /Encoding | ToUnicode | program | "
        "FontDescriptor flag | cmap subtables (Thai fonts) | post table | glyphs kept |",
        "|---|---|---:|---|---|---|---|---|---|---|---|",
        *(structure_row(*c) for c in cells),
        "",
        "## The evidence, code by code",
        "",
        "Inked: distinct drawn codes whose glyph has contours. Outline exact: the glyph's points, "
        "contour ends and on-curve flags are those of a glyph of the original file; transformed: "
        "the same after translation and scaling (none needed one). Ambiguous: the outline is that "
        "of several original glyphs with different text. Same gid: the glyph id is the "
        "original's. Text via: where the matched original glyph's text comes from (its cmap / "
        "GSUB from a mapped glyph / a legacy PUA code point). ToUnicode right / PUA / cluster / "
        "empty / wrong: the ToUnicode entry against that text (PUA: the legacy shifted code point "
        "of that character, as U+F70B for ้, which the parser maps back; cluster: the entry "
        "holds the character "
        "with its neighbours, as `ำ` on the NIKHAHIT glyph; empty: '', U+0000, U+FFFD, U+FFFE). "
        "Embedded cmap right: the program's own (3,1)/(0,x) cmap gives the same text.",
        "",
        "| pipeline | producer | inked codes | outline exact | transformed | ambiguous "
        "| same gid | "
        "text via cmap / GSUB / PUA | ToUnicode entries | right / PUA / cluster / empty / wrong | "
        "emb. cmap entries | emb. cmap right |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|",
        *(evidence_row(*c) for c in cells),
        "",
        "## The same evidence, by font (all producers)",
        "",
        "| pipeline | font | inked codes | outline exact | transformed | ambiguous | same gid | "
        "text via cmap / GSUB / PUA | ToUnicode entries | right / PUA / cluster / empty / wrong | "
        "emb. cmap entries | emb. cmap right |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|",
        *(evidence_row(*c) for c in _cells(rows, "font")),
        "",
        "## ToUnicode entries that are not right, examples (first Thai font of each cell)",
        "",
    ]
    seen = set()
    for r in rows:
        key = (r["pipeline"], r["producer"])
        if r.get("tounicode_wrong_examples") and key not in seen:
            seen.add(key)
            out.append(f"- {r['pipeline']} / {r['producer']} `{r['file']}` {r['base']}: "
                       + "; ".join(r["tounicode_wrong_examples"][:5]))  # fmt: skip
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
