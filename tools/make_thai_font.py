#!/usr/bin/env python3
"""Make the Thai font the diff's HTML page embeds (``src/reportparse/data/fonts/``).

The page must show Thai on a machine with no Thai font (a fresh Windows or macOS server, a
container), so it carries its font as a data URI. We ship a pre-made subset instead of
subsetting an installed font when the page is written: the machine that writes the page may
have no Thai font either, the page's bytes then never depend on the writer's fonts, and
writing it costs no fontTools subsetting. The font is Noto Sans Thai (SIL Open Font License
1.1, no Reserved Font Name, so a subset may keep its name), Regular and Bold, cut to the Thai
block plus the dotted circle and the zero-width characters Thai text uses, with every OpenType
layout feature kept (the mark positioning that puts tone marks above vowels) and the hinting
dropped: about 10 KB each as WOFF. Latin text is left to the reader's own fonts (every system
has one; ``unicode-range`` says so). The licence travels beside the fonts, in ``OFL.txt``.

    python3 tools/make_thai_font.py    # needs Debian's fonts-noto-core; rewrites the files
"""

from __future__ import annotations

import re
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/noto")
LICENCE = Path("/usr/share/doc/fonts-noto-core/copyright")
OUT = ROOT / "src" / "reportparse" / "data" / "fonts"
WEIGHTS = ("Regular", "Bold")
#: the Thai block, the dotted circle (a mark shown alone), ZWSP / ZWNJ / ZWJ
UNICODES = "U+0E00-0E7F,U+25CC,U+200B-200D"


def make(weight: str) -> Path:
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.drop_tables += ["DSIG"]
    font = subset.load_font(str(SOURCE / f"NotoSansThai-{weight}.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    font.flavorData = None
    out = OUT / f"NotoSansThai-{weight}.subset.woff"
    subset.save_font(font, str(out), options)
    return out


def licence() -> str:
    """The OFL 1.1 text as Debian's copyright file holds it, with the fonts' copyright."""
    lines = LICENCE.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line == "License: OFL-1.1") + 1
    stanza = []  # a Debian copyright stanza: its lines indented, "." for an empty line
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        stanza.append("" if line == " ." else line[1:])
    ofl = re.sub(r"\n{3,}", "\n\n", "\n".join(stanza)).strip()
    head = (
        "NotoSansThai-Regular.subset.woff and NotoSansThai-Bold.subset.woff are subsets of\n"
        "Noto Sans Thai (Debian's fonts-noto-core), made by tools/make_thai_font.py.\n\n"
        "Copyright 2016 Google Inc. All Rights Reserved.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "No Reserved Font Name is declared.\n\n"
    )
    return head + ofl + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for weight in WEIGHTS:
        out = make(weight)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")
    (OUT / "OFL.txt").write_text(licence(), encoding="utf-8")


if __name__ == "__main__":
    main()
