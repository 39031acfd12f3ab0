"""Page images for the review and the diff pages: a PDF's pages rendered by PDFium, and where a
``Span``'s box falls on them.

Contract: ``page_images(path, dpi=…)`` renders the pages asked for (all by default) in grey,
as displayed (the crop box, turned by /Rotate), each as a ``PageImage``: its number, its size
in points as shown, the data URI of its image (PNG, written with the standard library; JPEG
through Pillow, where installed, for pages whose image is a scan: a scan's noise makes PNG
ten times larger) and the page's geometry, which ``PageImage.place(bbox)`` uses to turn a
span's box (pdfplumber's top-left convention, the page unturned) into percentages of the
shown page, so a box stays on its text at any zoom.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: the resolution pages are shown at: a text page of A4 is about 50 KB as PNG
DPI = 96
#: JPEG quality of a scanned page
JPEG_QUALITY = 60
#: where a box sits on its page: left, top, width, height in percent of the shown page
Placement = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageImage:
    """One rendered page and its geometry."""

    number: int  # 1-based
    width: float  # points, as shown
    height: float
    uri: str  # data: URI of the image
    #: what PDFium shows of the page, in its user space (left, bottom, right, top: the crop box
    #: within the media box), the media box's top (where pdfplumber's ``top`` is measured from)
    #: and the page's /Rotate
    crop: tuple[float, float, float, float]
    media_top: float
    rotation: int

    def place(self, bbox: tuple[float, float, float, float] | list[float]) -> Placement:
        """A span's box as percentages of the shown page (left, top, width, height).

        >>> page = PageImage(1, 600.0, 800.0, "", (0.0, 0.0, 600.0, 800.0), 800.0, 0)
        >>> page.place((60.0, 80.0, 120.0, 100.0))
        (10.0, 10.0, 10.0, 2.5)
        >>> turned = PageImage(1, 800.0, 600.0, "", (0.0, 0.0, 600.0, 800.0), 800.0, 90)
        >>> turned.place((0.0, 0.0, 60.0, 80.0))
        (90.0, 0.0, 10.0, 10.0)
        """
        left, bottom, right, top = self.crop
        width, height = right - left, top - bottom
        corners = []
        for x, y in ((bbox[0], bbox[1]), (bbox[2], bbox[3])):
            a, b = x - left, y - (self.media_top - top)  # from the unturned page's top left
            if self.rotation == 90:
                u, v = height - b, a
            elif self.rotation == 180:
                u, v = width - a, height - b
            elif self.rotation == 270:
                u, v = b, width - a
            else:
                u, v = a, b
            corners.append((u, v))
        (u0, v0), (u1, v1) = corners
        x0, x1, y0, y1 = min(u0, u1), max(u0, u1), min(v0, v1), max(v0, v1)
        return (
            round(100 * x0 / self.width, 3),
            round(100 * y0 / self.height, 3),
            round(100 * (x1 - x0) / self.width, 3),
            round(100 * (y1 - y0) / self.height, 3),
        )


def png(width: int, height: int, stride: int, grey: bytes) -> bytes:
    """An 8-bit grey image as PNG (no filter: zlib finds the white of a text page alone)."""
    rows = b"".join(b"\x00" + grey[y * stride : y * stride + width] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 6))
        + chunk(b"IEND", b"")
    )


def _encoded(bitmap: object, scan: bool) -> str:
    """The data URI of a rendered grey page: JPEG for a scan where Pillow is installed."""
    if scan and importlib.util.find_spec("PIL") is not None:
        out = io.BytesIO()
        bitmap.to_pil().save(out, "JPEG", quality=JPEG_QUALITY)  # type: ignore[attr-defined]
        return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride  # type: ignore[attr-defined]
    data = png(width, height, stride, bytes(bitmap.buffer))  # type: ignore[attr-defined]
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def page_images(
    path: str | Path,
    numbers: Iterable[int] | None = None,
    *,
    dpi: float = DPI,
    password: str | None = None,
    scans: Iterable[int] = (),
) -> list[PageImage]:
    """The pages ``numbers`` (1-based; all by default) of a PDF rendered at ``dpi``;
    ``scans``: the pages whose image is a scan (read by OCR)."""
    import pypdfium2 as pdfium

    from ..extract.pdfium import media_top, shown_box

    scanned = set(scans)
    doc = pdfium.PdfDocument(str(path), password=password)
    try:
        wanted = range(1, len(doc) + 1) if numbers is None else sorted(set(numbers))
        out = []
        for number in wanted:
            if not 1 <= number <= len(doc):
                continue
            page = doc[number - 1]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            width, height = page.get_size()
            out.append(
                PageImage(
                    number=number,
                    width=float(width),
                    height=float(height),
                    uri=_encoded(bitmap, number in scanned),
                    crop=shown_box(page),
                    media_top=media_top(page),
                    rotation=page.get_rotation() % 360,
                )
            )
            page.close()
        return out
    finally:
        doc.close()
