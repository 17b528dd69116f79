"""Line shapes and heading detection for French legal documents.

A heading is found by general cues: a numbering scheme (``Article 3 –``, ``ARTICLE 8 -``,
``Annexe 1 :``, ``II.4 –``, ``3.1.``, ``6. TITRE``) or, for unnumbered headings, the shape of
the line (short, capitalised, no final punctuation, readable) and its context (it does not
continue the previous sentence, and body text follows it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.lines import ends_open, ends_unit, is_list_item, is_title_like, join_lines, starts_lower

# "Article 3 – Titre", "ARTICLE 8 - Titre", "Article 1er – Titre", "Annexe 1 : Titre".
# The keyword is capitalised and, when a title follows, a separator comes first, so a
# wrapped "article 6 du RGPD" is never a heading.
_KEYWORD = re.compile(
    r"^(?P<kw>A(?i:rticle|nnexe|ppendice)|C(?i:hapitre)|T(?i:itre)|P(?i:artie)|S(?i:ection))\s+"
    r"(?P<num>\d{1,3}(?:er)?|premier|[IVXLC]{1,6}|[A-Z])(?P<sub>(?:\.\d{1,2})*)\.?"
    r"\s*(?:(?:[–—:\-]|\.\s)\s*(?P<rest>\S.*))?$"
)
# "3.1. texte", "2.3.1 texte", "1.1 texte", "12.4.  texte": at least two numbers.
_DOTTED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)(?P<dot>\.?)\s+(?:[–—\-]\s+)?(?P<rest>\S.*)$")
# "I – Titre", "II.4 – Titre", "III. Titre": Roman numeral then a separator.
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5}(?:\.\d{1,2})*)\s*(?:[–—:\-]|\.(?=\s))\s*(?P<rest>\S.*)$")
_ROMAN_VALID = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")
# "6. VOS DROITS", "4 – Titre": one number, then a title (checked for shape separately).
_SINGLE = re.compile(r"^(?P<num>\d{1,2})(?:\.|\s*[–—\-])\s+(?P<rest>\S.*)$")

KEYWORD_RANK = {"partie": 0, "titre": 0, "chapitre": 1, "section": 2}
ARTICLE_RANK = 3  # article, annexe, appendice; numbers and Roman numerals nest under it


@dataclass(frozen=True)
class Numbering:
    """A numbering found at the start of a line."""

    scheme: str  # "keyword" | "dotted" | "roman" | "single"
    number: str  # as cited: "Article 3", "8.1", "II.4", "6"
    prefix: str  # as written: "Article 1er", "8.1.", "II.4", "6."
    depth: int
    rest: str


@dataclass(frozen=True)
class Heading:
    """A heading spanning lines ``first``..``last`` (a title may wrap onto a second line)."""

    first: int
    last: int
    number: str
    label: str  # element of heading_path
    title: str  # Clause.heading
    depth: int | None  # None: unnumbered
    paragraph: bool = False  # a numbered paragraph ("8.1. Le partenaire …")


@dataclass(frozen=True)
class Layout:
    """Whether the text is hard-wrapped (PDF extraction) and at which width."""

    wrapped: bool
    width: int


def layout_of(lines: Sequence[str]) -> Layout:
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return Layout(False, 0)
    p90 = lengths[int(len(lengths) * 0.9)]
    long_share = sum(n > 160 for n in lengths) / len(lengths)
    # One paragraph per line gives many long lines; a PDF wraps at a fixed, modest width.
    return Layout(wrapped=long_share < 0.05 and p90 <= 130, width=p90)


def match_numbering(line: str) -> Numbering | None:
    """The numbering that starts ``line`` if any (its shape is checked by the caller)."""
    if m := _KEYWORD.match(line):
        keyword = m["kw"].capitalize()
        num = "1er" if m["num"].lower() == "premier" else m["num"]
        sub = m["sub"] or ""
        rank = KEYWORD_RANK.get(keyword.lower(), ARTICLE_RANK)
        prefix = line[: m.start("rest")].rstrip(" –—:-") if m["rest"] else line.rstrip(" .")
        return Numbering("keyword", f"{keyword} {num}{sub}", prefix, rank + sub.count("."), m["rest"] or "")
    if m := _DOTTED.match(line):
        num = m["num"]
        return Numbering("dotted", num, num + m["dot"], ARTICLE_RANK + num.count(".") + 1, m["rest"])
    if (m := _ROMAN.match(line)) and _ROMAN_VALID.match(m["num"].split(".")[0]):
        num = m["num"]
        return Numbering("roman", num, num, ARTICLE_RANK + num.count(".") + 1, m["rest"])
    if m := _SINGLE.match(line):
        return Numbering("single", m["num"], line[: m.start("rest")].rstrip(), ARTICLE_RANK + 1, m["rest"])
    return None


def paragraph_lead(prefix: str, rest: str) -> str:
    """``8.1. Le partenaire avisera…``: the number and a short lead of a numbered paragraph."""
    rest = rest.strip()
    words = rest.split()
    if len(words) <= 10:
        return f"{prefix} {rest.rstrip(' :;,.')}"
    # A short first sentence is a title: "2.8 Les cookies de ciblage / tiers. Il arrive …"
    sentence = re.match(r"(.+?)[.?!]\s", rest)
    if sentence and 3 <= len(sentence.group(1).split()) <= 10:
        return f"{prefix} {sentence.group(1)}"
    before, colon, _ = rest.partition(" :")
    if not colon:
        before, colon, _ = rest.partition(": ")
    if colon and len(before.split()) <= 6:
        return f"{prefix} {before.strip()}"
    return f"{prefix} {' '.join(words[:8]).rstrip(' :;,.')}…"


class _Scanner:
    """Walks the lines once, deciding which start a heading; keeps the context it needs."""

    def __init__(self, lines: Sequence[str], layout: Layout, skip: frozenset[int]):
        self.lines, self.layout, self.skip = lines, layout, skip
        self.closed: set[int] = set(skip)  # lines that end a unit whatever their punctuation
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        self._prev = {b: a for a, b in zip(nonblank, nonblank[1:])}
        self._next = {a: b for a, b in zip(nonblank, nonblank[1:])}
        self._first = nonblank[0] if nonblank else None

    def prev(self, i: int) -> int | None:
        return self._prev.get(i)

    def next(self, i: int) -> int | None:
        return self._next.get(i)

    def scan(self) -> list[Heading]:
        headings: list[Heading] = []
        i = self._first
        while i is not None:
            heading = None if i in self.skip else (self.numbered(i) or self.unnumbered(i))
            if heading:
                headings.append(heading)
                self.closed.update(range(heading.first, heading.last + 1))
                i = heading.last
            i = self.next(i)
        return headings

    def _open_before(self, i: int) -> str | None:
        """The previous line if it is running text (not a heading or a table line)."""
        p = self.prev(i)
        return None if p is None or p in self.closed else self.lines[p]

    def continues(self, i: int) -> bool:
        """Line ``i`` continues the sentence of the previous line (a wrapped fragment)."""
        prev = self._open_before(i)
        if prev is None or ends_unit(prev):
            return False
        if ends_open(prev) or starts_lower(self.lines[i]):
            return True
        if is_list_item(prev):
            return False
        return self.layout.wrapped and len(prev) >= 0.6 * self.layout.width

    def numbered(self, i: int) -> Heading | None:
        line = self.lines[i]
        found = match_numbering(line)
        prev = self._open_before(i)
        if found is None or (prev is not None and ends_open(prev)):
            return None
        nxt = self.next(i)
        next_lower = nxt is not None and starts_lower(self.lines[nxt])
        if found.scheme == "single":
            # "6. VOS DROITS" is a heading; "1. Fourniture par écrit …" after a colon is a list item.
            if not is_title_like(found.rest) or next_lower or self.continues(i):
                return None
            if prev is not None and prev.rstrip().endswith(":"):
                return None
        if found.scheme == "roman" and not is_title_like(found.rest, max_words=25):
            return None
        # In wrapped text a line running to the wrapping width is a paragraph, not a title.
        runs_on = self.layout.wrapped and len(line) >= 0.6 * self.layout.width and not ends_unit(line)
        if found.scheme == "dotted" and (not is_title_like(found.rest) or next_lower or runs_on):
            lead = paragraph_lead(found.prefix, found.rest)
            return Heading(i, i, found.number, found.number, lead, found.depth, paragraph=True)
        last = self._title_end(i, found)
        title = join_lines(self.lines[k] for k in range(i, last + 1))
        return Heading(i, last, found.number, title, title, found.depth)

    def _title_end(self, i: int, found: Numbering) -> int:
        """A keyword or Roman title may wrap onto one more line (``… traitées et`` / ``finalités``)."""
        nxt = self.next(i)
        if nxt is None or nxt in self.skip or found.scheme not in ("keyword", "roman"):
            return i
        follow = self.lines[nxt]
        if match_numbering(follow):
            return i
        if not found.rest and is_title_like(follow):
            return nxt  # "Article 3" alone, its title on the next line
        wraps = starts_lower(follow) and len(follow) <= 80 and not ends_unit(follow)
        return nxt if ends_open(self.lines[i]) or wraps else i

    def unnumbered(self, i: int) -> Heading | None:
        line = self.lines[i]
        if not is_title_like(line) or self.continues(i):
            return None
        nxt = self.next(i)
        if nxt is None or (self.layout.wrapped and starts_lower(self.lines[nxt])):
            return None
        if not self._has_body(i):
            return None
        return Heading(i, i, "", line, line, None)

    def _has_body(self, i: int) -> bool:
        """Body text follows (maybe after sub-headings); a numbered heading right after means
        the line is a stray fragment ("Tribunal de NIVELLES" before "Annexe 1")."""
        j = self.next(i)
        for _ in range(3):
            if j is None or j in self.skip or not is_title_like(self.lines[j]):
                break
            if match_numbering(self.lines[j]):
                break
            j = self.next(j)
        return j is not None and (j in self.skip or self.numbered(j) is None)


def find_headings(lines: Sequence[str], layout: Layout, skip: frozenset[int] = frozenset()) -> list[Heading]:
    """Headings in document order; lines in ``skip`` (tables) are never headings."""
    return _Scanner(lines, layout, skip).scan()
