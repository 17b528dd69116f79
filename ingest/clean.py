"""Line-preserving clean-up of repaired pages: markup removed, spaces normalised.

Every output page has exactly as many lines as its input page, so (page index, line index)
still address the line the repair stage reported. Letters, accents, apostrophes and quotes are
never touched: answers quote the cleaned text and must stay verbatim with the source.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from clausier.schema import Page

log = logging.getLogger(__name__)

# Autolinks <https://x>, <mailto:x>, <www.x>: keep the address, drop the angle brackets.
_AUTOLINK = re.compile(r"<((?:https?://|mailto:|www\.)[^<>\s]+)>", re.IGNORECASE)
# HTML tags such as <i>, </i>, <br/>, <span class="x">: a tag name is letters/digits right
# after "<" (so "< 5 ans" and autolinks, whose name is followed by ":", never match).
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# Markdown links [texte](https://x) → "texte (https://x)".
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:)[^)\s]+)\)")
# **gras** and *italique*: the markers must hug non-space text and not sit inside a word,
# so "5 * 3" or cookie names such as "_ga" are left alone.
_MD_STRONG = re.compile(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
# Non-breaking, thin, figure, ideographic … spaces become a plain space.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters (zero-width space, word joiner, BOM, soft hyphen) are dropped.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
# Characters that str.splitlines() treats as line breaks would change the line count later.
_LINE_BREAKERS = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# A Markdown ATX heading marker (« ## 1. Principe »): dropped, so the heading detector sees the
# numbered title it marks; "#1" or "#hashtag" (no space) is text.
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?=\S)")
_SPACE_RUN = re.compile(r"[ \t]+")
_CELL_SEPARATOR = re.compile(r" *\t *")  # one tab per cell: empty cells survive


def clean_pages(pages: Sequence[Page]) -> tuple[Page, ...]:
    """Clean every page line by line; the number of lines of each page is unchanged."""
    cleaned = tuple(Page(number=page.number, text=clean_text(page.text)) for page in pages)
    log.debug("clean pages=%d", len(cleaned))
    return cleaned


def clean_text(text: str) -> str:
    """Clean a block of lines (split on "\\n" only), keeping the line count."""
    lines = text.split("\n")
    cells = [cell_count(line) for line in lines]
    out = []
    for i, line in enumerate(lines):
        neighbours = {cells[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)}
        out.append(clean_line(line, keep_tabs=cells[i] > 1 and cells[i] in neighbours))
    return "\n".join(out)


def cell_count(line: str) -> int:
    """Number of tab-separated cells in a line (1 when it has no inner tab)."""
    inner = line.strip(" \t")
    return inner.count("\t") + 1 if inner else 0


def _strip_tags(line: str) -> str:
    """Tags removed until none is left: one pass would turn ``<scr<script>ipt>`` into ``<script>``."""
    while True:
        stripped = _HTML_TAG.sub("", line)
        if stripped == line:
            return line
        line = stripped


def clean_line(line: str, keep_tabs: bool = False) -> str:
    """Clean one line. ``keep_tabs`` keeps inner tabs as table-cell separators."""
    line = _LINE_BREAKERS.sub(" ", line)
    line = _INVISIBLE.sub("", line)
    line = _ODD_SPACES.sub(" ", line)
    line = _MD_HEADING.sub("", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _strip_tags(line)
    line = _MD_LINK.sub(r"\1 (\2)", line)
    line = _MD_STRONG.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(r"\1", line)
    line = line.strip(" \t")
    if keep_tabs:
        cells = _CELL_SEPARATOR.split(line)
        return "\t".join(_SPACE_RUN.sub(" ", cell) for cell in cells)
    return _SPACE_RUN.sub(" ", line)
