"""Split a cleaned document into clauses: numbered or headed units, table rows, the preamble.

``split_clauses`` works on lines of ``SourceDoc.text``. Tables are found first (their lines are
never headings), then headings (``ingest.headings``), then each heading opens a clause that
runs to the next heading. Heading paths nest by numbering depth, and by position where the
numbering is inconsistent (a "6. VOS DROITS" followed by 7.1, 7.2 keeps them under it).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from clausier.schema import Clause, RepairedLine, SourceDoc
from ingest.clean import clean_line
from ingest.headings import Heading, Layout, find_headings, layout_of
from ingest.lines import FUNCTION_WORDS, ends_open, ends_unit, is_list_item, join_lines, starts_lower
from ingest.tables import Table, find_tables, row_text, split_row

log = logging.getLogger(__name__)

Render = Callable[[Sequence[str]], str]


@dataclass(frozen=True)
class _LineRef:
    page_index: int
    line: int
    offset: int


def split_clauses(doc: SourceDoc) -> list[Clause]:
    """Clauses of ``doc`` in document order; ``start``/``end`` are offsets in ``doc.text``."""
    lines, refs = _lines_of(doc)
    layout = layout_of(lines)
    tables = find_tables(lines)
    table_lines = frozenset(k for t in tables for k in range(t.first, t.last + 1))
    headings = find_headings(lines, layout, skip=table_lines)
    paths = heading_paths(headings, lines)
    builder = _Builder(doc, lines, refs, layout, table_lines)
    clauses: list[Clause] = []
    first = headings[0].first if headings else len(lines)
    if any(line.strip() for line in lines[:first]):
        clauses += builder.segment(0, first - 1, None, (), tables)
    for k, heading in enumerate(headings):
        end = headings[k + 1].first - 1 if k + 1 < len(headings) else len(lines) - 1
        clauses += builder.segment(heading.first, end, heading, paths[k], tables)
    clauses.sort(key=lambda c: (c.start, c.kind == "table_row"))
    ordered = [_with_ordinal(c, n) for n, c in enumerate(clauses)]
    log.info("clauses doc=%s count=%d tables=%d", doc.info.doc_id, len(ordered), len(tables))
    return ordered


def heading_paths(headings: Sequence[Heading], lines: Sequence[str]) -> list[tuple[str, ...]]:
    """Path of each heading, outermost first. Numbered headings nest by depth; an unnumbered
    heading directly followed by another unnumbered one opens a section holding the next
    unnumbered headings, until the next such section or numbered heading."""
    stack: list[tuple[Heading, bool]] = []  # (heading, opens an unnumbered section)
    paths = []
    for k, h in enumerate(headings):
        if h.depth is not None:
            while stack and (stack[-1][0].depth is None or stack[-1][0].depth >= h.depth):
                stack.pop()
            stack.append((h, False))
        else:
            section = k + 1 < len(headings) and headings[k + 1].depth is None and _adjacent(h, headings[k + 1], lines)
            while stack and stack[-1][0].depth is None and (section or not stack[-1][1] or _same_lead(h, stack[-1][0])):
                stack.pop()
            stack.append((h, section))
        paths.append(tuple(entry.label for entry, _ in stack))
    return paths


def _same_lead(h: Heading, section: Heading) -> bool:
    """"Informations sur les enfants" after the section "Informations collectées" is its
    sibling, not its child: headings that start with the same word are on the same level."""
    return _lead_word(h.label) == _lead_word(section.label)


def _lead_word(label: str) -> str:
    words = [w for w in re.split(r"[\s'’‘]+", label.lower()) if w and w not in FUNCTION_WORDS]
    return words[0] if words else ""


def _adjacent(h: Heading, following: Heading, lines: Sequence[str]) -> bool:
    return not any(line.strip() for line in lines[h.last + 1 : following.first])


class _Builder:
    """Turns a run of lines (one heading and its body) into clauses, table rows included."""

    def __init__(self, doc: SourceDoc, lines, refs, layout: Layout, table_lines: frozenset[int]):
        self.doc, self.lines, self.refs, self.layout = doc, lines, refs, layout
        self.table_lines = table_lines
        self.repairs = {(r.page_index, r.line): r for r in doc.repairs}

    def segment(self, first: int, last: int, heading: Heading | None, path, tables) -> list[Clause]:
        while last > first and not self.lines[last].strip():
            last -= 1
        solo = {k - first for k in range(first, last + 1) if k in self.table_lines}
        render = self._renderer(heading, first, solo)
        if heading is None:
            kind, number, title = "preamble", "", ""
        else:
            kind, number, title = "clause", heading.number, heading.title
        out = [self._clause(first, last, render, kind, number, title, path)]
        for table in tables:
            if first <= table.first <= last:
                out += self._rows(table, number, path)
        return out

    def _renderer(self, heading: Heading | None, first: int, solo: set[int]) -> Render:
        if heading is None or heading.paragraph:
            return lambda texts: reflow(texts, self.layout, solo)
        head = heading.last - first + 1

        def render(texts: Sequence[str]) -> str:
            body = reflow(texts[head:], self.layout, {k - head for k in solo})
            return join_lines(texts[:head]) + ("\n" + body if body else "")

        return render

    def _rows(self, table: Table, number: str, path) -> list[Clause]:
        def render(texts: Sequence[str]) -> str:
            return row_text(table.columns, split_row(table, texts))

        return [
            self._clause(row.first, row.last, render, "table_row", number, row.cells[0], path) for row in table.rows
        ]

    def _clause(self, first: int, last: int, render: Render, kind, number, title, path) -> Clause:
        texts = self.lines[first : last + 1]
        ref = self.refs[first]
        repaired = [
            r for k in range(first, last + 1) if (r := self.repairs.get((self.refs[k].page_index, self.refs[k].line)))
        ]
        original = None
        if repaired:
            olds = {(r.page_index, r.line): r.original for r in repaired}
            original = render(
                [
                    clean_line(olds[key], "\t" in text) if (key := (self.refs[k].page_index, self.refs[k].line)) in olds else text
                    for k, text in zip(range(first, last + 1), texts)
                ]
            )
        text = render(texts)
        return Clause(
            doc_id=self.doc.info.doc_id,
            number=number,
            heading=title,
            heading_path=tuple(path),
            text=text,
            page=self.doc.pages[ref.page_index].number if self.doc.pages else None,
            start=ref.offset,
            end=self.refs[last].offset + len(self.lines[last]),
            kind=kind,
            repaired=bool(repaired),
            repair_confidence=min(r.confidence for r in repaired) if repaired else None,
            original_text=original,
            page_breaks=self._page_breaks(first, last, text),
        )

    def _page_breaks(self, first: int, last: int, text: str) -> tuple[tuple[int, int], ...]:
        """Where each later page starts in the rendered ``text``: its first line is found by
        its first word, in order (rendering changes only whitespace). A line not found (a
        table row is rendered cell by cell) gives no break: the clause keeps its first page."""
        if not self.doc.pages:
            return ()
        breaks: list[tuple[int, int]] = []
        cursor = 0
        page = self.refs[first].page_index
        for k in range(first, last + 1):
            words = self.lines[k].split()
            if not words:
                continue
            at = text.find(words[0], cursor)
            if at < 0:
                continue
            if self.refs[k].page_index != page:
                page = self.refs[k].page_index
                number = self.doc.pages[page].number
                if number is not None:
                    breaks.append((at, number))
            cursor = at + len(words[0])
        return tuple(breaks)


def reflow(texts: Sequence[str], layout: Layout, solo: set[int] = frozenset()) -> str:
    """Paragraphs separated by "\\n": wrapped lines joined, list items and table lines kept
    one per line. Only whitespace differs from the source, so quotes stay verbatim."""
    paragraphs: list[str] = []
    prev: int | None = None
    for k, text in enumerate(texts):
        text = text.strip()
        if not text:
            continue
        if paragraphs and prev not in solo and k not in solo and _joins(paragraphs[-1], texts[prev], text, layout):
            paragraphs[-1] = join_lines([paragraphs[-1], text])
        else:
            paragraphs.append(text)
        prev = k
    return "\n".join(paragraphs)


def _joins(paragraph: str, prev: str, text: str, layout: Layout) -> bool:
    prev = prev.strip()
    if is_list_item(text) or "\t" in text or ends_unit(prev):
        return False
    if ends_open(prev) and starts_lower(text):
        return True
    if not layout.wrapped:
        return False
    if starts_lower(text) or ends_open(prev) or not text[0].isalpha():
        return True
    # a capitalised line after a list item starts a new paragraph; after running text it
    # continues the sentence only if the previous line ran to the wrapping width
    return not is_list_item(paragraph) and len(prev) >= 0.6 * layout.width


def _lines_of(doc: SourceDoc) -> tuple[list[str], list[_LineRef]]:
    lines: list[str] = []
    refs: list[_LineRef] = []
    offset = 0
    for page_index, page in enumerate(doc.pages):
        for k, line in enumerate(page.text.split("\n")):
            lines.append(line)
            refs.append(_LineRef(page_index, k, offset))
            offset += len(line) + 1
    return lines, refs


def _with_ordinal(clause: Clause, ordinal: int) -> Clause:
    return replace(clause, ordinal=ordinal)


def _load_for_cli(path: str, raw: bool) -> SourceDoc:
    from pathlib import Path

    from ingest.loaders import load_file
    from ingest.manifest import info_for_file, load_manifest

    file = Path(path).resolve()
    sources = {s.path.resolve(): s.info for s in load_manifest(file.parent, default_level=3)}
    doc = load_file(file, sources.get(file) or info_for_file(file, level=3), max_bytes=50 * 1024 * 1024)
    if raw:
        from ingest.clean import clean_pages

        return replace(doc, pages=clean_pages(doc.pages))
    try:
        from ingest.pipeline import prepare
    except ImportError as exc:  # the repair stage is optional for eyeballing the structure
        log.warning("repair_unavailable error=%s", exc)
        return _load_for_cli(path, raw=True)
    return prepare(doc)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ingest.clauses FILE``: print the clause tree of one document."""
    parser = argparse.ArgumentParser(prog="python -m ingest.clauses", description=main.__doc__)
    parser.add_argument("file")
    parser.add_argument("--raw", action="store_true", help="clean only, skip the repair stage")
    parser.add_argument("--words", type=int, default=10, help="first words of each clause shown")
    args = parser.parse_args(argv)
    for clause in split_clauses(_load_for_cli(args.file, args.raw)):
        indent = "  " * max(len(clause.heading_path) - 1, 0)
        label = clause.number or clause.kind
        first = " ".join(clause.text.split()[: args.words])
        flag = f" [réparé {clause.repair_confidence:.2f}]" if clause.repaired else ""
        sys.stdout.write(
            f"{clause.ordinal:3d} p.{clause.page or '-'} {indent}{label} | {clause.heading_label}{flag}\n"
            f"    {indent}{first}\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
