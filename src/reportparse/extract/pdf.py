"""PDF input: open the document, read every page with the chosen backend, repair its text layer.

Contract: ``extract_pdf`` opens the PDF with PDFium (raising ``EncryptedPdfError``,
``DamagedPdfError``, ``NoTextLayerError`` or ``TooLargeError`` with the file named) and returns
one ``PageText`` per page: the backend's lines with ``thai.repairs.repair_layer`` applied, the
repairs made and the damage left. A page that cannot be read (PDFium cannot load it, or the
chosen backend fails on it) is left empty with the damage counter ``unreadable_page``, so one
damaged page never loses the others; a PDF with no readable page is a ``DamagedPdfError``.

Backends:
- ``pdfium``: PDFium's characters laid out by geometry (``pdfium.geometry_lines``) on every page;
- ``auto`` (default): geometry where the C speedups are built (``speedups.C``: cheaper than
  checking PDFium's own text), else PDFium's own text where its checks pass and no damage is
  left (``pdfium.fast_lines``) and geometry where they fail; a page still damaged is read the
  other way too, then — unless its only damage is U+FFFD its ToUnicode maps to, which every
  reader takes from there — by pdfplumber and PyMuPDF (if installed); the candidate with the
  least damage wins, geometry on a tie. Chromium (Skia) output always takes geometry: PDFium
  drops its space glyphs and repeats its ActualText spans;
- ``pdfplumber`` and ``mupdf``: those libraries' characters through the same layout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from ..errors import (
    BackendUnavailableError,
    DamagedPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    TooManyPagesError,
)
from ..ocr import OcrEngine, OcrLine, OcrPage, OcrUnavailableError
from ..ocr import engine as ocr_engine
from ..ocr import missing as ocr_missing
from ..ocr import read_page as ocr_read_page
from ..ocr.records import PixelBox
from ..options import Backend, OcrMode, ParseOptions
from ..thai.chars import LETTERS, REPLACEMENT, THAI_DIGITS
from ..thai.damage import count_damage, damage_score
from ..thai.quality import (
    FEW_THAI,
    SUSPECT,
    USABLE,
    judged,
    non_space,
    not_text,
    text_quality,
    thai_share,
)
from ..thai.repairs import INFERRED_REPAIRS, repair_layer
from . import pdfium as pdfium_backend
from .backends import (
    LoadedPage,
    PageReader,
    PdfSource,
    ReplacementJudge,
    fallbacks,
    open_reader,
)
from .guard import check_pdf
from .pdfium import is_libreoffice, is_skia
from .records import (
    DECODED,
    MISDRAWN_MARK,
    UNREADABLE_PAGE,
    Box,
    Extraction,
    PageText,
    TextLine,
    sha256_of,
    valid_text,
)

if TYPE_CHECKING:  # pdfminer and the votes load only where a page needs recovery
    from .votes import Code, Item

#: PDFium's document-loading error codes (fpdfview.h)
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


def open_pdf(path: str | Path, data: bytes, password: str | None) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, turning its failures into errors a user can act on."""
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            detail = "the password given is wrong" if password else ""
            raise EncryptedPdfError(path, detail) from None
        raise DamagedPdfError(path, str(exc).rstrip(".")) from None


def repaired_page(
    number: int,
    lines: tuple[TextLine, ...],
    backend: str,
    hidden: Mapping[str, int] | None = None,
    *,
    ocr: bool = False,
    ocr_layer: bool = False,
) -> PageText:
    """Apply the text-layer repairs to a page's lines and count the damage left; ``hidden``:
    the characters the reading left out because nobody sees them, counted as repairs. Text
    read by OCR (``ocr``), or an OCR program's text layer (``ocr_layer``), also gets the OCR
    repairs (``ocr.repairs``)."""
    if not lines:
        return PageText(number, (), backend, dict(hidden or {}), ocr_layer=ocr_layer)
    joined = "\n".join(line.text for line in lines)
    raw = valid_text(joined)
    text, repairs = repair_layer(raw)
    if ocr or ocr_layer:
        from ..ocr.repairs import repair_ocr  # its patterns load only where OCR text is read

        text, more = repair_ocr(text, layer=ocr_layer and not ocr)
        repairs.update(more)
    repairs.update(hidden or {})
    if text == joined:
        new_lines = lines  # nothing to repair (most pages): the lines stand as they are
    else:
        fixed = text.split("\n")
        new_lines = tuple(line._replace(text=t) for t, line in zip(fixed, lines, strict=True))
    damage = count_damage(text, duplicates=False)  # repair_layer's last round found no copies
    return PageText(number, new_lines, backend, dict(repairs), damage, raw, ocr_layer=ocr_layer)


class _PageReader:
    """Reads one page with a backend; the other backends' readers are opened on demand."""

    def __init__(
        self, source: PdfSource, options: ParseOptions | None = None, *, check_marks: bool = False
    ) -> None:
        self.source = source
        self.options = options or ParseOptions()
        self.skia = is_skia(source.doc)
        #: why OCR cannot run ("" when it can), asked once
        self._ocr_missing: str | None = None
        self._readers: dict[Backend, PageReader] = {}
        #: backends that could not open the document, with the error: not tried again
        self._unopened: dict[Backend, DamagedPdfError] = {}
        #: whether PDFium's characters are their fonts' maps' own (no ActualText in the
        #: file), so that a mark drawn on the wrong side of its letter is a wrong map
        self.check_marks = check_marks

    @property
    def path(self) -> str | Path:
        return self.source.path

    def geometry(self, index: int, loaded: LoadedPage) -> PageText:
        # the text page and the page objects must come from the same PdfPage: geometry
        # matches characters to objects by their handles
        lines, hidden = pdfium_backend.geometry_lines(loaded.page, loaded.textpage, skia=self.skia)
        return repaired_page(index + 1, lines, "pdfium", hidden)

    def fast(self, index: int, loaded: LoadedPage) -> PageText | None:
        """PDFium's own text, checked (``pdfium.fast_lines``); None where it cannot be used:
        a Chromium page, or a page with text nobody sees (PDFium's own text keeps it)."""
        if self.skia or pdfium_backend.hidden_text(loaded.page, loaded.textpage):
            return None
        lines = pdfium_backend.fast_lines(loaded.page, loaded.textpage)
        return None if lines is None else repaired_page(index + 1, lines, "pdfium")

    def reader(self, backend: Backend) -> PageReader:
        """The document opened by a backend of the registry, on first use; what it cannot open
        is a damaged PDF (raised again, never tried again)."""
        if backend in self._unopened:
            raise self._unopened[backend]
        if backend not in self._readers:
            try:
                self._readers[backend] = open_reader(backend, self.source)
            except BackendUnavailableError:
                raise
            except Exception as exc:  # pdfminer and MuPDF raise any type on a damaged file
                self._unopened[backend] = _unreadable(self.path, backend, exc)
                raise self._unopened[backend] from None
        return self._readers[backend]

    def other(self, backend: Backend, index: int, loaded: LoadedPage) -> PageText:
        """A page read by a backend of the registry; what it cannot read is a damaged PDF."""
        reader = self.reader(backend)
        try:
            lines = reader.read(index, loaded)
        except Exception as exc:
            raise _unreadable(self.path, backend, exc, index + 1) from None
        return repaired_page(index + 1, lines, backend.value)

    def auto(self, index: int, loaded: LoadedPage) -> PageText:
        if pdfium_backend.accelerated() is not None:
            # in C, geometry costs less than checking PDFium's own text: it comes first, and
            # PDFium's text is only a second candidate for a page geometry leaves damaged
            best = self.geometry(index, loaded)
            if not best.damage or _written_in_the_document(best, loaded.textpage):
                return best
            if _hid_text(best):
                return best  # PDFium's own text and pdfminer's would read the hidden text back
            candidate = self.fast(index, loaded)
        else:
            candidate = self.fast(index, loaded)
            if candidate is not None and not candidate.damage:
                return candidate
            best = self.geometry(index, loaded)
            if _written_in_the_document(best, loaded.textpage) or _hid_text(best):
                return best
        if candidate is not None:
            if best.damage == candidate.damage:
                return best  # the same damage either way: it is in the document, not the reading
            best = min(best, candidate, key=_damage)
        for backend in fallbacks():
            if not best.damage:
                break
            try:
                other = self.other(backend, index, loaded)
            except (BackendUnavailableError, DamagedPdfError):
                continue  # a fallback that cannot read the page: the best reading so far stands
            if not _drops_glyphs(other, best):
                best = min(best, other, key=_damage)
        return best

    def judge(self, index: int, loaded: LoadedPage, page: PageText, *, recover: bool) -> PageText:
        """The page with its quality; a suspect page (reading below ``SUSPECT``, damage left,
        or text inferred from the page's statistics) is also read from its glyphs' outlines
        (``recover``), and the better reading kept: the higher quality, then the one that
        needed fewer guesses, then the less damaged."""
        page = replace(page, quality=page_quality(page))
        if self.check_marks and page.backend == "pdfium":
            misdrawn = pdfium_backend.misdrawn_marks(loaded.textpage)
            if misdrawn:  # damage: read from the outlines if it can be, else warned
                page = replace(page, damage={**page.damage, MISDRAWN_MARK: misdrawn})
        if not recover or page.quality is None:
            return page
        if _reads_well(page) and (
            not page.damage or self.drawn_as_replacement(index, page, loaded)
        ):
            return page
        try:
            recovered = self.other(Backend.OUTLINES, index, loaded)
        except (BackendUnavailableError, DamagedPdfError):
            return page
        recovered = replace(recovered, quality=page_quality(recovered))
        if self._readers[Backend.OUTLINES].wrong.get(index):  # type: ignore[attr-defined]
            # the page's own font map gives glyphs of different shapes one character: its
            # text is wrong wherever it uses them, however well it reads
            return recovered
        best = max(page, recovered, key=_merit)
        if page.damage.get(MISDRAWN_MARK) and best is recovered:
            # the outlines name the marks, but place them by their ink, which a copy may
            # have shifted (pdftocairo: รุน่ ที่): still warned
            damage = {**best.damage, MISDRAWN_MARK: page.damage[MISDRAWN_MARK]}
            best = replace(best, damage=damage)
        return best

    def drawn_as_replacement(self, index: int, page: PageText, loaded: LoadedPage) -> bool:
        """Whether the only damage left on a page is U+FFFD that the document itself writes and
        draws: each is mapped to U+FFFD by its font's ToUnicode, in an embedded font, and
        reading the page from its outlines would read each back as U+FFFD (an export whose
        system had lost a character, drawn from a fallback font). That reading costs the page
        ~80 ms in pdfminer (issue 17). A font whose glyphs the outline table knows only as the
        replacement character is settled here; a font that also draws other glyphs (Latin,
        digits) by what its codes mapped to U+FFFD draw (``OutlineReader.
        reads_replacement_back``): a Thai glyph or a blank behind a U+FFFD is read from the
        outlines."""
        if not _written_in_the_document(page, loaded.textpage):
            return False
        programs = pdfium_backend.replacement_programs(loaded.textpage)
        if programs is None:  # a map error, or a font the PDF does not embed
            return False
        from .outlines import font_texts  # fontTools: only on a page with U+FFFD

        mixed = {data for data in programs if set(font_texts(data).values()) != {REPLACEMENT}}
        if not mixed:
            return True
        try:
            reader = self.reader(Backend.OUTLINES)
        except (BackendUnavailableError, DamagedPdfError):
            return False
        return isinstance(reader, ReplacementJudge) and reader.reads_replacement_back(index, mixed)

    @property
    def ocr_missing(self) -> str:
        """Why OCR cannot run (the install hint), "" when it can."""
        if self._ocr_missing is None:
            opts = self.options
            self._ocr_missing = ocr_missing(opts.ocr_engine, opts.ocr_languages)
        return self._ocr_missing

    @property
    def can_ocr(self) -> bool:
        return self.options.ocr is not OcrMode.NEVER and not self.ocr_missing

    def engine(self) -> OcrEngine:
        opts = self.options
        try:
            return ocr_engine(opts.ocr_engine, opts.ocr_languages)
        except OcrUnavailableError as exc:
            raise OcrUnavailableError(self.path, exc.detail) from None

    def ocr(self, index: int, loaded: LoadedPage, *, layer: bool) -> PageText:
        """The page read from its image by the OCR engine; ``layer``: it holds an OCR
        program's text layer, which this reading replaces."""
        return self.ocr_text(index, loaded, self.read_image(loaded), layer=layer)

    def read_image(self, loaded: LoadedPage) -> OcrPage:
        """The page rendered and read by the OCR engine, as the engine gave it."""
        return ocr_read_page(self.engine(), loaded.page, self.options.ocr_dpi)

    def ocr_text(self, index: int, loaded: LoadedPage, read: OcrPage, *, layer: bool) -> PageText:
        """The page of an OCR reading, repaired and judged; its words' boxes on the page."""
        dpi = self.options.ocr_dpi
        lines, noise = ocr_lines(
            read, lambda box: pdfium_backend.image_box(loaded.page, box, dpi / 72)
        )
        page = repaired_page(index + 1, lines, self.engine().name, ocr=True, ocr_layer=layer)
        repairs = {**page.repairs, **read.repairs}
        if noise:
            repairs["ocr_noise_line"] = noise
        if read.rotated:
            repairs["ocr_page_turned"] = 1
        if read.deskewed:
            repairs["ocr_page_deskewed"] = 1
        return replace(page, repairs=repairs, quality=page_quality(page))

    def wrong_map(self, index: int) -> int:
        """Glyphs of the page whose font map is provably wrong (``recover``), as the outline
        reader found when it read the page; 0 when it did not."""
        reader = self._readers.get(Backend.OUTLINES)
        return reader.wrong.get(index, 0) if reader is not None else 0  # type: ignore[attr-defined]

    def decode(self, pages: list[PageText], reads: Mapping[int, OcrPage]) -> list[PageText]:
        """The pages whose font maps are broken (``reads``: their OCR readings, by index) read
        again with each broken code's text voted by the OCR of every place it is drawn
        (``votes``). The decoded reading replaces the page's wherever it is usable: a code
        misread by OCR in one place is outvoted by the others, where the page's OCR reading
        keeps every misreading (its quality cannot tell: OCR writes words)."""
        if not reads or Backend.OUTLINES not in self._readers:
            return pages
        from .recover import OutlineReader
        from .votes import decide_codes

        outlines = self._readers[Backend.OUTLINES]
        if not isinstance(outlines, OutlineReader):
            return pages
        dpi = self.options.ocr_dpi
        pairs = []
        rows: dict[int, list[tuple[float, list[Item]]]] = {}
        for index, read in reads.items():
            try:
                rows[index] = outlines.code_lines(index)
            except Exception:  # pdfminer on a damaged page (it raises any type): no votes there
                continue
            pairs += _line_pairs(rows[index], read, dpi)
        decided, votes = decide_codes(pairs)
        # OCR reads Thai digits badly (๔ as ๕, surely): a code it reads as one is what the
        # digit templates see in the code's own glyph, or nothing when they cannot tell
        confirmed = set()
        for code, counts in votes.items():
            if counts.most_common(1)[0][0] in THAI_DIGITS:
                digit = outlines.thai_digit(int(code[0]), code[1])  # type: ignore[call-overload]
                if digit is None:
                    decided.pop(code, None)
                else:
                    decided[code] = digit
                    confirmed.add(code)
        # a code drawn once has one reading: OCR's, which nothing checks
        thin = {c for c, text in decided.items() if votes[c][text] < 2 and c not in confirmed}
        voted: dict[int, dict[int, str]] = {}
        for (key, cid, _), text in decided.items():
            voted.setdefault(int(key), {})[cid] = text  # type: ignore[call-overload]
        outlines.use_votes(voted)
        out = list(pages)
        for index in reads:
            try:
                lines = outlines.read(index)
            except Exception:  # pdfminer on a damaged page: the reading so far stands
                continue
            lines = _unsure(lines, rows.get(index, []), thin)
            decoded = repaired_page(index + 1, lines, DECODED)
            decoded = replace(decoded, quality=page_quality(decoded))
            if decoded.usable and (decoded.quality or 0.0) >= USABLE:
                out[index] = decoded
        return out

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()


#: the confidence given a line that holds a code settled by a single OCR vote: the value read
#: from it is warned (``ocr_low_confidence``), as a value OCR read unsure
SINGLE_VOTE = 0.0


def _unsure(
    lines: tuple[TextLine, ...], rows: list[tuple[float, list[Item]]], thin: set[Code]
) -> tuple[TextLine, ...]:
    """The lines of a page decoded by votes, each holding a glyph whose code one vote alone
    settled (``thin``) with confidence ``SINGLE_VOTE``: its baseline (``rows``, points below
    the top of the page) lies in the line's box."""
    weak = [y for y, items in rows if any(item in thin for item in items)]
    if not weak:
        return lines
    return tuple(
        line._replace(confidence=SINGLE_VOTE)
        if line.box is not None and any(line.box[1] - 1 <= y <= line.box[3] + 1 for y in weak)
        else line
        for line in lines
    )


def _line_pairs(
    rows: list[tuple[float, list[Item]]], read: OcrPage, dpi: int
) -> list[tuple[list[Item], str]]:
    """Each line of a page's glyphs (``rows``: ``OutlineReader.code_lines``) with the OCR line
    drawn at its place: the OCR line whose box holds the glyphs' baseline (none for a page OCR
    turned or deskewed: its boxes are not the page's)."""
    if read.rotated or read.deskewed:
        return []
    boxes = [(line.box, line.text) for line in read.lines if line.box is not None]
    pairs = []
    for baseline, items in rows:
        y = baseline * dpi / 72
        inside = [(abs((b[1] + b[3]) / 2 - y), text) for b, text in boxes if b[1] <= y <= b[3] + 2]
        if inside and any(not isinstance(item, str) for item in items):
            pairs.append((items, min(inside)[1]))
    return pairs


def ocr_lines(
    read: OcrPage, to_page: Callable[[PixelBox], Box] | None = None
) -> tuple[tuple[TextLine, ...], int]:
    """An OCR reading's lines, each with the confidence of its least sure word and its words'
    box (``to_page``: a box of the image → the page's), and how many lines were noise
    (``is_noise``) and left out."""
    lines = [line for line in read.lines if line.text.strip()]
    kept = tuple(
        TextLine(line.text, False, line.confidence, _page_box(line.box, to_page))
        for line in lines
        if not is_noise(line)
    )
    return kept, len(lines) - len(kept)


def _page_box(box: PixelBox | None, to_page: Callable[[PixelBox], Box] | None) -> Box | None:
    return None if box is None or to_page is None else to_page(box)


#: a line OCR read from specks, a stamp or a signature: no Thai word of three letters or
#: more, no digit, and read with a mean confidence below this
NOISE_CONFIDENCE = 80.0
_THAI_WORD = regex.compile(f"[{LETTERS}]{{3}}")
_DIGIT = regex.compile(f"[0-9{THAI_DIGITS}]")


def is_noise(line: OcrLine) -> bool:
    """Whether an OCR line is noise (``NOISE_CONFIDENCE``): ``ขย v ay ve cy``.

    >>> from reportparse.ocr import OcrWord
    >>> is_noise(OcrLine((OcrWord("ขย", 30.0), OcrWord("v", 60.0), OcrWord("ay", 70.0))))
    True
    """
    text = line.text
    if _THAI_WORD.search(text) or _DIGIT.search(text):
        return False
    scores = [w.confidence for w in line.words]
    return sum(scores) / len(scores) < NOISE_CONFIDENCE


def _hid_text(page: PageText) -> bool:
    """Whether the reading left out text nobody sees (``pdfium.HIDDEN``)."""
    return any(name in page.repairs for name in pdfium_backend.HIDDEN)


def _drops_glyphs(other: PageText, page: PageText) -> bool:
    """Whether ``other`` is less damaged than ``page`` only by leaving glyphs out: MuPDF drops
    a glyph whose map is U+FFFD (a pdftocairo copy's marks), which hides the damage it is.
    Its characters but white space are fewer than ``page``'s by half its U+FFFD or more, or
    fewer than half of them (pdfminer reads a Type 3 font without a map as nothing: an empty
    page has no damage at all)."""
    if _inked(other) * 2 < _inked(page):
        return True
    lost = REPLACEMENT in page.text and _inked(page) - _inked(other)
    return bool(lost) and lost >= max(1, page.text.count(REPLACEMENT) // 2)


def _inked(page: PageText) -> int:
    return non_space(page.text)


def _guessed(page: PageText) -> int:
    """How many characters of a page were inferred from its statistics (``INFERRED_REPAIRS``)."""
    return sum(page.repairs.get(name, 0) for name, _ in INFERRED_REPAIRS)


def _merit(page: PageText) -> tuple[float, int, int]:
    """How good a reading is: its quality, then the fewer guesses, then the less damage."""
    return (page.quality or 0.0, -_guessed(page), -_damage(page))


def page_quality(page: PageText) -> float | None:
    """``thai.quality.text_quality`` of a page's text, None when it is too short to judge."""
    text = page.text
    return round(text_quality(text), 3) if judged(text) else None


def _written_in_the_document(page: PageText, textpage: pdfium.PdfTextPage) -> bool:
    """Whether the only damage left on a page is U+FFFD that the PDF's own ToUnicode maps its
    glyphs to: every reader takes it from there, so no other backend can read better (and
    pdfplumber would cost a hundred times the page)."""
    if set(page.damage) != {"replacement_char"}:
        return False
    return pdfium_backend.mapped_replacement_chars(textpage) >= page.damage["replacement_char"]


def _reads_well(page: PageText) -> bool:
    """Whether a judged page's text needs no second reading but for its damage: quality at
    ``SUSPECT`` or above, nothing inferred, Thai enough, no character no report is written in
    (U+FFFD aside: it is damage, ``_PageReader.drawn_as_replacement``)."""
    return (
        (page.quality or 0.0) >= SUSPECT
        and not _guessed(page)
        and thai_share(page.text) >= FEW_THAI
        and not not_text(page.text.replace(REPLACEMENT, ""))
    )


def _unreadable(
    path: str | Path, backend: Backend, exc: Exception, page: int | None = None
) -> DamagedPdfError:
    what = f"{backend.value} cannot read " + ("the page" if page else "it")
    why = f"{type(exc).__name__}: {str(exc)[:80]}"
    return DamagedPdfError(path, f"{what} ({why}): try --backend pdfium", page=page)


def _damage(page: PageText) -> int:
    return damage_score(dict(page.damage))


def _load_page(path: str | Path, doc: pdfium.PdfDocument, index: int) -> LoadedPage:
    """A page and its text page, or the error that says which page is damaged."""
    try:
        page = doc[index]
        return LoadedPage(page, page.get_textpage())
    except pdfium.PdfiumError:
        raise DamagedPdfError(path, "PDFium cannot load the page", page=index + 1) from None


def _read_page(
    reader: _PageReader, backend: Backend, index: int, reads: dict[int, OcrPage]
) -> tuple[PageText, int]:
    """One page read with the chosen backend and judged (``thai.quality``), and how many
    characters PDFium sees on it (or OCR read from its image).

    OCR (``ParseOptions.ocr``): ``always`` reads every page from its image; ``auto`` a page
    without text that draws an image (a scan) or its text as outlines (``draws_for_ocr``), a
    page whose text is an OCR program's invisible layer (read again, with confidences), and a
    page whose text does not read as text when OCR reads it better."""
    loaded = _load_page(reader.path, reader.source.doc, index)
    mode = reader.options.ocr
    try:
        n = pdfium_c.FPDFText_CountChars(loaded.textpage.raw)
        layer = n > 0 and pdfium_backend.ocr_layer(loaded.page)
        if mode is OcrMode.ALWAYS:
            page = reader.ocr(index, loaded, layer=layer)
            return page, len(page.text)
        if n == 0:
            if reader.can_ocr and pdfium_backend.draws_for_ocr(loaded.page):
                page = reader.ocr(index, loaded, layer=False)
                return page, len(page.text)
            return PageText(index + 1, (), "pdfium"), 0
        if layer and reader.can_ocr:
            page = reader.ocr(index, loaded, layer=True)
            return page, len(page.text) or n
        if backend is Backend.AUTO:
            page = reader.auto(index, loaded)
        elif backend is Backend.PDFIUM:
            page = reader.geometry(index, loaded)
        else:
            page = reader.other(backend, index, loaded)
        if layer:  # an OCR layer and no engine to read the page again: its text, repaired
            page = repaired_page(index + 1, page.lines, page.backend, ocr_layer=True)
        page = reader.judge(index, loaded, page, recover=backend is Backend.AUTO)
        broken = reader.wrong_map(index)
        if (broken or not page.usable) and reader.can_ocr:
            image = reader.read_image(loaded)
            # its codes' text is voted over the document's OCR (``decode``)
            reads[index] = image
            read = reader.ocr_text(index, loaded, image, layer=False)
            if (read.quality or 0.0) > (page.quality or 0.0):
                page = read
        return page, n
    finally:
        loaded.textpage.close()


def extract_pdf(path: str | Path, data: bytes, options: ParseOptions) -> Extraction:
    """Extract every page of a PDF with the backend of ``options``."""
    backend = options.backend
    scan = check_pdf(path, data, options.limits)
    doc = open_pdf(path, data, options.password)
    # where no glyph's text comes from ActualText, PDFium's characters are the maps' own; a
    # LibreOffice export writes ActualText wherever a glyph's map is not its text, so its own
    # maps need no check (a copy by another program has that program's /Producer)
    check_marks = not scan.actual_text and not is_libreoffice(doc)
    source = PdfSource(path, data, options.password, doc)
    reader = _PageReader(source, options, check_marks=check_marks)
    if options.ocr is OcrMode.ALWAYS and reader.ocr_missing:
        raise OcrUnavailableError(path, reader.ocr_missing)
    rebuilt = not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(doc.raw)
    try:
        page_count = len(doc)
        if options.max_pages is not None and page_count > options.max_pages:
            raise TooManyPagesError(path, f"{page_count:,} pages, limit {options.max_pages:,}")
        if page_count == 0:
            raise DamagedPdfError(path, "it has no pages")
        pages, chars, unreadable = [], 0, []
        reads: dict[int, OcrPage] = {}
        for index in range(page_count):
            try:
                page, n = _read_page(reader, backend, index, reads)
            except DamagedPdfError as exc:
                # one damaged page (or a page count larger than the pages there are) must not
                # lose the others: the page is left empty and counted as damage
                unreadable.append(exc)
                label = "pdfium" if backend is Backend.AUTO else backend.value
                page = PageText(index + 1, (), label, damage={UNREADABLE_PAGE: 1})
                n = 0
            pages.append(page)
            chars += n
        pages = reader.decode(pages, reads)
        if len(unreadable) == page_count:
            detail = f"none of its {page_count} page(s) can be read ({unreadable[0].detail})"
            raise DamagedPdfError(path, detail)
        if chars == 0:
            readable = [p.number - 1 for p in pages if not p.damage]
            drawn = sum(pdfium_backend.draws_for_ocr(doc[i]) for i in readable)
            if drawn == 0:
                raise DamagedPdfError(path, f"its {page_count} page(s) draw nothing")
            why = "OCR is off (--ocr never)" if options.ocr is OcrMode.NEVER else reader.ocr_missing
            detail = f"{page_count} page(s) of images or outlined text without any text"
            raise NoTextLayerError(path, f"{detail}; {why}" if why else detail)
    finally:
        reader.close()
        doc.close()
    return Extraction(str(path), sha256_of(data), page_count, tuple(pages), scan.damaged, rebuilt)
