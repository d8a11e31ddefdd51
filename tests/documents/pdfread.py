"""Reading generated PDFs back for the tests: text, text runs with positions, fonts.

pypdf breaks lines where the layout wrapped them, so :func:`text` joins pages and collapses every
run of whitespace into one space; assertions compare NFC strings against that.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

__all__ = ["Run", "embedded_fonts", "norm", "reader", "runs", "text"]


def norm(s: str) -> str:
    """NFC with whitespace collapsed, as :func:`text` returns it."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text(data: bytes) -> str:
    """All pages' text, NFC, whitespace collapsed, without the page numbers of pages 2, 3, …

    (The number is drawn before the page's content, so it is the first line of the page.)
    """
    pages = []
    for number, page in enumerate(reader(data).pages, 1):
        content = page.extract_text()
        if number > 1:
            content = re.sub(rf"^\s*{number}\s", " ", content, count=1)
        pages.append(content)
    return norm(" ".join(pages))


@dataclass(frozen=True)
class Run:
    """One text run drawn on a page: where it starts, in which font and size."""

    page: int
    text: str
    x: float
    y: float
    font: str
    size: float


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """PDF matrix product a × b (6-element affine matrices)."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def runs(data: bytes) -> list[Run]:
    """Every non-blank text run with its absolute start point, base font name and size."""
    out: list[Run] = []
    for number, page in enumerate(reader(data).pages, 1):
        def visit(txt: str, cm: list[float], tm: list[float], font: Any, size: float,
                  number: int = number) -> None:
            if not txt.strip():
                return
            m = _multiply([float(v) for v in tm], [float(v) for v in cm])
            base = str(font.get("/BaseFont", "")) if font else ""
            scale = (m[0] ** 2 + m[1] ** 2) ** 0.5
            out.append(Run(number, unicodedata.normalize("NFC", txt.strip()), m[4], m[5],
                           base.split("+")[-1].lstrip("/"), round(size * scale, 2)))

        page.extract_text(visitor_text=visit)
    return out


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """Every font resource of every page: base name → whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in reader(data).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            descriptors: list[DictionaryObject] = []
            if "/FontDescriptor" in font:
                descriptors.append(font["/FontDescriptor"].get_object())
            for child in font.get("/DescendantFonts", []):
                child = child.get_object()
                if "/FontDescriptor" in child:
                    descriptors.append(child["/FontDescriptor"].get_object())
            found[name] = bool(descriptors) and all(
                any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors)
    return found
