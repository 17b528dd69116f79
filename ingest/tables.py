"""Tables found in plain text, one record per row with its column headers.

Three layouts are recognised by general cues, never by the words of a given document:

- ``tabs``: cells separated by tabs, the first line holding the column names;
- ``glued``: cells run together by a text export (``Finalité du traitementDurée de …``),
  split where a lower-case letter meets a capital or a digit, as the header line is;
- ``stacked``: a two-column table flattened into one cell per line under a capitalised header
  (``TYPE DE DONNÉES … FINALITÉ DU TRAITEMENT``); rows have a constant number of lines.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.clean import cell_count
from ingest.headings import match_numbering
from ingest.lines import FUNCTION_WORDS, ends_unit, is_list_item

log = logging.getLogger(__name__)

# Glued cells: a word of >= 3 lower-case letters running straight into a capitalised word
# ("traitementDurée") or into a number followed by a space ("services5 ans"). Brand names
# such as "LinkedIn" (capital then a single lower-case letter) do not match.
_GLUE_UPPER = re.compile(r"(?<=[a-zà-ÿœ]{3})(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿœ]{2})")
_GLUE_DIGIT = re.compile(r"(?<=[a-zà-ÿœ]{3})(?=\d+(?:[\s,.]|$))")


@dataclass(frozen=True)
class Row:
    first: int
    last: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    first: int  # the header line
    last: int  # the last line of the last row
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    layout: str  # "tabs" | "glued" | "stacked"
    boundary: int = 0  # stacked: how many lines of a row belong to the first column


def find_tables(lines: Sequence[str]) -> list[Table]:
    """Tables in document order (line indices into ``lines``)."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        table = _tab_table(lines, i) or _glued_table(lines, i) or _stacked_table(lines, i)
        if table:
            log.debug("table layout=%s first=%d rows=%d", table.layout, table.first, len(table.rows))
            tables.append(table)
            i = table.last
        i += 1
    return tables


def split_row(table: Table, row_lines: Sequence[str]) -> tuple[str, ...]:
    """The cells of one row, from its lines (also used on the lines as they were before repair)."""
    width = len(table.columns)
    if table.layout == "tabs":
        cells = [cell.strip() for cell in row_lines[0].split("\t")]
    elif table.layout == "glued":
        cells = _split_glued(row_lines[0].strip(), width - 1)
    else:
        texts = [line.strip() for line in row_lines if line.strip()]
        cells = [" ".join(texts[: table.boundary]), " ".join(texts[table.boundary :])]
    if len(cells) > width:  # extra cells belong to the last column
        cells = cells[: width - 1] + [" ".join(cells[width - 1 :])]
    return tuple(cells + [""] * (width - len(cells)))


def row_text(columns: Sequence[str], cells: Sequence[str]) -> str:
    """``NOM : _ga ; TYPE : Performance … ; DURÉE : 2 ans`` (empty cells left out)."""
    return " ; ".join(f"{name} : {cell}" for name, cell in zip(columns, cells) if cell)


def _tab_table(lines: Sequence[str], i: int) -> Table | None:
    width = cell_count(lines[i])
    if width < 2:
        return None
    j = i + 1
    while j < len(lines) and cell_count(lines[j]) == width:
        j += 1
    if j == i + 1:
        return None
    columns = tuple(cell.strip() for cell in lines[i].split("\t"))
    table = Table(i, j - 1, columns, (), "tabs")
    rows = tuple(Row(k, k, split_row(table, [lines[k]])) for k in range(i + 1, j))
    return Table(i, j - 1, columns, rows, "tabs")


def _junctions(text: str) -> list[tuple[int, str]]:
    upper = [(m.start(), "upper") for m in _GLUE_UPPER.finditer(text)]
    digit = [(m.start(), "digit") for m in _GLUE_DIGIT.finditer(text)]
    return sorted(upper + digit)


def _split_glued(text: str, cuts: int, prefer: str | None = None) -> list[str]:
    found = _junctions(text)
    preferred = [j for j in found if j[1] == prefer]
    chosen = preferred[:cuts] if len(preferred) >= cuts else found[:cuts]
    bounds = [0] + sorted(pos for pos, _ in chosen) + [len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]


def _glued_table(lines: Sequence[str], i: int) -> Table | None:
    header = lines[i].strip()
    if not header or "\t" in header or ends_unit(header) or is_list_item(header):
        return None
    cuts = [pos for pos, kind in _junctions(header) if kind == "upper"]
    if len(cuts) != len(_junctions(header)) or not cuts or len(header.split()) > 20:
        return None
    j = i + 1
    while j < len(lines) and lines[j].strip() and "\t" not in lines[j] and _junctions(lines[j]):
        j += 1
    if j == i + 1:
        return None
    kinds = Counter(_junctions(lines[k])[0][1] for k in range(i + 1, j))
    prefer = kinds.most_common(1)[0][0]
    columns = tuple(_split_glued(header, len(cuts)))
    rows = tuple(Row(k, k, tuple(_split_glued(lines[k].strip(), len(cuts), prefer))) for k in range(i + 1, j))
    return Table(i, j - 1, columns, rows, "glued")


def _is_caps_header(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    words = text.split()
    return (
        4 <= len(words) <= 14
        and len(letters) >= 10
        and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)
        and not ends_unit(text)
        and not match_numbering(text)
        and not is_list_item(text)
    )


def _split_header(text: str) -> tuple[str, str] | None:
    """Split a capitalised two-column header between two content words, preferring a second
    column shaped "NOUN PREPOSITION …" (``FINALITÉ DU TRAITEMENT``), then the middle."""
    words = text.split()

    def content(word: str) -> bool:
        return word.lower().strip("'’") not in FUNCTION_WORDS and not word.endswith(("'", "’"))

    cuts = [c for c in range(1, len(words)) if content(words[c - 1]) and content(words[c])]
    if not cuts:
        return None
    shaped = [c for c in cuts if c + 1 < len(words) and not content(words[c + 1])]
    best = min(shaped or cuts, key=lambda c: abs(2 * c - len(words)))
    return " ".join(words[:best]), " ".join(words[best:])


def _stacked_table(lines: Sequence[str], i: int) -> Table | None:
    header = lines[i].strip()
    if not _is_caps_header(header) or not (columns := _split_header(header)):
        return None
    body: list[int] = []
    for j in range(i + 1, len(lines)):
        text = lines[j].strip()
        if not text:
            continue
        if match_numbering(text) or len(text) > 100 or text.endswith((".", ";")) or is_list_item(text):
            break
        body.append(j)
    for period in (2, 3, 4):
        if len(body) < 2 * period or len(body) % period:
            continue
        groups = [body[k : k + period] for k in range(0, len(body), period)]
        # A cell never ends on a colon: "Image:" introduces the rest of the same cell.
        if any(lines[g[-1]].rstrip().endswith(":") for g in groups):
            continue
        valid = [
            b
            for b in range(1, period)
            if all(not lines[g[b - 1]].rstrip().endswith(":") and lines[g[b]].strip()[:1].isupper() for g in groups)
        ]
        if valid:
            table = Table(i, body[-1], columns, (), "stacked", boundary=max(valid))
            rows = tuple(Row(g[0], g[-1], split_row(table, [lines[k] for k in g])) for g in groups)
            return Table(i, body[-1], columns, rows, "stacked", boundary=max(valid))
    return None
