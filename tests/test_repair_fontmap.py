"""PDF route: a TrueType font embedded without /ToUnicode is read back through its own tables."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
import reportlab
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as RLFont
from reportlab.pdfgen import canvas

from ingest.repair.fontmap import extract_page_text

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
LINES = ["Données à caractère personnel : l'accès, la sûreté", "Règlement (UE) 2016/679 — été, œuvre"]


def _make_pdf() -> bytes:
    pdfmetrics.registerFont(RLFont("VeraTest", str(VERA)))
    buf = BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("VeraTest", 12)
    for i, line in enumerate(LINES):
        c.drawString(72, 720 - 20 * i, line)
    c.save()
    return buf.getvalue()


def _bfchar(data: bytes) -> dict[int, str]:
    pairs = re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", data.split(b"endcodespacerange")[-1])
    return {int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be") for a, b in pairs}


def _strip_to_unicode(pdf: bytes, keep: str) -> bytes:
    """Drop /ToUnicode; give the subset font program post glyph names or a Unicode cmap instead,
    as producers that write no ToUnicode usually keep (reportlab's subsetter drops both)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if "/ToUnicode" not in font:
            continue  # the canvas' default Helvetica
        codes = _bfchar(font["/ToUnicode"].get_object().get_data())
        del font["/ToUnicode"]
        stream = font["/FontDescriptor"]["/FontFile2"].get_object()
        tt = TTFont(BytesIO(stream.get_data()))
        code_to_name = tt["cmap"].getcmap(1, 0).cmap
        names = {code_to_name[code]: text for code, text in codes.items() if code in code_to_name}
        if keep == "post":
            from fontTools.agl import UV2AGL

            rename = {old: UV2AGL.get(ord(t), f"uni{ord(t):04X}") for old, t in names.items() if len(t) == 1}
            order = [rename.get(n, n) for n in tt.getGlyphOrder()]
            tt = TTFont(BytesIO(stream.get_data()))
            tt.setGlyphOrder(order)
            tt["post"].formatType = 2.0
            tt["post"].extraNames, tt["post"].mapping = [], {}
        else:
            from fontTools.ttLib.tables._c_m_a_p import cmap_format_4

            sub = cmap_format_4(4)
            sub.platformID, sub.platEncID, sub.language = 3, 1, 0
            sub.cmap = {ord(t): n for n, t in names.items() if len(t) == 1}
            tt["cmap"].tables.append(sub)
        out = BytesIO()
        tt.save(out)
        stream.set_data(out.getvalue())
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("keep", ["post", "cmap"])
def test_font_without_to_unicode_comes_back_exactly(keep):
    pdf = _make_pdf()
    normal = PdfReader(BytesIO(pdf)).pages[0]
    assert extract_page_text(normal) == normal.extract_text()  # normal fonts: pypdf's own text
    broken = PdfReader(BytesIO(_strip_to_unicode(pdf, keep))).pages[0]
    assert broken.extract_text() != normal.extract_text()  # the garble is real
    assert extract_page_text(broken) == normal.extract_text()
    fonts = [f.get_object() for f in broken["/Resources"]["/Font"].values()]
    assert not any("/ToUnicode" in f for f in fonts)  # the lent map is taken back
    assert all(line in extract_page_text(broken) for line in LINES)
