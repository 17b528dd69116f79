"""PDF route: text of fonts embedded without /ToUnicode, read back through the font program.

Such a font makes ``page.extract_text()`` write glyph numbers as characters (the IPSO garble).
When the font program is embedded, its own tables still say what each glyph is: the Unicode
``cmap`` (inverted: glyph → code point) or the ``post`` glyph names (``eacute`` → é, through the
Adobe Glyph List). We build the missing ToUnicode map from them, lend it to the font while
pypdf extracts the page (so layout and spacing are pypdf's own), then take it back.
"""

from __future__ import annotations

import logging
import re
from io import BytesIO

from pypdf import PageObject
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

log = logging.getLogger(__name__)

_SYNTHETIC_NAME = re.compile(r"^(glyph\d+|\.notdef|\.null|nonmarkingreturn)$")
_SYMBOLIC = 4  # FontDescriptor /Flags bit 3


def _glyph_unicode(program: bytes) -> tuple[dict[int, str], object] | None:
    """Glyph id → text, from the font's Unicode cmap (inverted) or its post glyph names."""
    from fontTools import agl
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(BytesIO(program), lazy=True)
        order = font.getGlyphOrder()
    except Exception as exc:  # a damaged or exotic program: leave the font to pypdf
        log.info("font program unreadable error=%s", exc)
        return None
    by_name: dict[str, str] = {}
    if "cmap" in font:
        for table in font["cmap"].tables:
            if table.isUnicode():
                for code, name in table.cmap.items():
                    if name not in by_name or code < ord(by_name[name][0]):
                        by_name[name] = chr(code)
    out = {}
    for gid, name in enumerate(order):
        text = by_name.get(name)
        if text is None and not _SYNTHETIC_NAME.match(name):
            text = agl.toUnicode(name) or None
        if text:
            out[gid] = text
    return out, font


def _code_to_gid_simple(font) -> dict[int, int]:
    """Simple TrueType font: byte code → glyph id via the program's (3,0) or (1,0) cmap."""
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    out: dict[int, int] = {}
    for table in font["cmap"].tables if "cmap" in font else ():
        if (table.platformID, table.platEncID) in ((3, 0), (1, 0)):
            for code, name in table.cmap.items():
                out.setdefault(code & 0xFF if code >= 0xF000 else code, order[name])
    return out


def _program(descriptor: DictionaryObject) -> bytes | None:
    for key in ("/FontFile2", "/FontFile3"):
        if key in descriptor:
            return descriptor[key].get_object().get_data()
    return None


def code_map(font_dict: DictionaryObject) -> tuple[dict[int, str], int] | None:
    """(code → text, bytes per code) for a font pypdf cannot read by itself; else None."""
    if "/ToUnicode" in font_dict:
        return None
    subtype = font_dict.get("/Subtype")
    if subtype == "/Type0":
        if font_dict.get("/Encoding") not in ("/Identity-H", "/Identity-V"):
            return None
        cid_font = font_dict["/DescendantFonts"][0].get_object()
        program = _program(cid_font.get("/FontDescriptor", DictionaryObject()).get_object())
        found = _glyph_unicode(program) if program else None
        if not found:
            return None
        glyphs, _ = found
        cid_to_gid = cid_font.get("/CIDToGIDMap", "/Identity")
        if cid_to_gid != "/Identity":
            data = cid_to_gid.get_object().get_data()
            pairs = ((cid, int.from_bytes(data[2 * cid : 2 * cid + 2], "big")) for cid in range(len(data) // 2))
            return {cid: glyphs[gid] for cid, gid in pairs if gid in glyphs}, 2
        return dict(glyphs), 2
    if subtype == "/TrueType":
        descriptor = font_dict.get("/FontDescriptor", DictionaryObject()).get_object()
        symbolic = int(descriptor.get("/Flags", 0)) & _SYMBOLIC
        if "/Encoding" in font_dict and not symbolic:
            return None  # a standard encoding: pypdf decodes it already
        program = _program(descriptor)
        found = _glyph_unicode(program) if program else None
        if not found:
            return None
        glyphs, font = found
        mapping = {code: glyphs[gid] for code, gid in _code_to_gid_simple(font).items() if gid in glyphs}
        return (mapping, 1) if mapping else None
    return None


def to_unicode_cmap(mapping: dict[int, str], width: int) -> bytes:
    """A minimal ToUnicode CMap stream body for ``mapping``."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CMapName /Clausier-Recovered def", "/CMapType 2 def", "1 begincodespacerange",
        f"<{'00' * width}> <{'FF' * width}>", "endcodespacerange",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for code, text in chunk:
            lines.append(f"<{code:0{2 * width}X}> <{text.encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _fonts(resources: DictionaryObject, seen: set[int]) -> list[DictionaryObject]:
    """Font dictionaries of a resource dictionary, form XObjects included."""
    out = []
    fonts = resources.get("/Font")
    for ref in (fonts.get_object().values() if fonts else ()):
        font = ref.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            out.append(font)
    xobjects = resources.get("/XObject")
    for ref in (xobjects.get_object().values() if xobjects else ()):
        xobj = ref.get_object()
        if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
            out.extend(_fonts(xobj["/Resources"].get_object(), seen))
    return out


def extract_page_text(page: PageObject) -> str:
    """``page.extract_text()``, with fonts lacking /ToUnicode read through their own tables."""
    resources = page.get("/Resources")
    lent = []
    try:
        for font in _fonts(resources.get_object(), set()) if resources else ():
            found = code_map(font)
            if found and found[0]:
                stream = DecodedStreamObject()
                stream.set_data(to_unicode_cmap(*found))
                font[NameObject("/ToUnicode")] = stream
                lent.append(font)
                log.info("font-cmap font=%s codes=%d", font.get("/BaseFont"), len(found[0]))
        return page.extract_text()
    finally:
        for font in lent:
            del font["/ToUnicode"]
