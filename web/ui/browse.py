"""HTML of the citation panel and the document browser (list, table of contents, text)."""

from __future__ import annotations

from typing import Sequence

from clausier.assistant import DocumentSummary
from clausier.schema import Hit

from .clauses import ClauseUnit, highlighted_html
from .i18n import t
from .render import action, clause_where, esc, level_name, page_range


def _repaired_badge(lang: str) -> str:
    return f"<span class='cl-repaired' title='{esc(t(lang, 'repaired_help'))}'>{esc(t(lang, 'repaired'))}</span>"


def _original(unit: ClauseUnit, lang: str) -> str:
    if not (unit.first.repaired and unit.first.original_text):
        return ""
    return (f"<details class='cl-original'><summary>{esc(t(lang, 'original'))}</summary>"
            f"<pre>{esc(unit.first.original_text)}</pre></details>")


def panel_html(unit: ClauseUnit, pieces: Sequence[str], lang: str, n: int | None = None) -> str:
    """The side panel: the whole clause with the quoted sentences highlighted, and its facts."""
    c = unit.first
    facts = [
        (t(lang, "organisation"), c.organisation),
        (t(lang, "clause"), clause_where(c.clause, c.heading) or t(lang, "preamble")),
        (t(lang, "page"), page_range(c.page, unit.last_page) or "—"),
        (t(lang, "level"), level_name(c.level, lang)),
        (t(lang, "doc_type"), c.doc_type),
    ]
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    number = f"<span class='cl-n'>[{n}]</span> " if n else ""
    return (
        f"<div class='cl-panel' data-chunk='{esc(c.chunk_id)}'>"
        f"<h3>{number}{esc(c.title)}</h3>"
        f"<dl class='cl-facts'>{rows}</dl>"
        f"{_repaired_badge(lang) if c.repaired else ''}"
        f"<div class='cl-clause-text'>{highlighted_html(unit.text, pieces)}</div>"
        f"{_original(unit, lang)}"
        f"<p><a class='cl-goto' href='{action('goto', c.chunk_id)}'>{esc(t(lang, 'in_document'))} →</a></p>"
        f"</div>"
    )


def panel_message(text: str) -> str:
    return f"<div class='cl-panel cl-panel-empty'><p>{esc(text)}</p></div>"


def documents_html(docs: Sequence[DocumentSummary], selected: str | None, lang: str) -> str:
    if not docs:
        return f"<p class='cl-muted'>{esc(t(lang, 'docs_none'))}</p>"
    items = []
    for d in docs:
        cls = "cl-doc-card selected" if d.doc_id == selected else "cl-doc-card"
        items.append(
            f"<li><a class='{cls}' href='{action('doc', d.doc_id)}' data-doc='{esc(d.doc_id)}'>"
            f"<b>{esc(d.title)}</b><span>{esc(d.organisation)} · {esc(d.doc_type)}</span>"
            f"<span>{esc(t(lang, 'level'))} {esc(level_name(d.level, lang))} · {d.clauses} {esc(t(lang, 'clauses'))}</span></a></li>"
        )
    return f"<p class='cl-muted'>{esc(t(lang, 'docs_intro'))}</p><ul class='cl-doc-list'>{''.join(items)}</ul>"


def _toc_label(unit: ClauseUnit, depth: int, lang: str) -> str:
    path = unit.path
    return path[depth] if depth < len(path) else (path[-1] if path else t(lang, "preamble"))


def toc_html(units: Sequence[ClauseUnit], selected: str | None, lang: str) -> str:
    """Nested table of contents from the heading paths (« Article 8 › 8.1 »)."""
    out: list[str] = [f"<nav class='cl-toc' aria-label='{esc(t(lang, 'toc'))}'><h4>{esc(t(lang, 'toc'))}</h4><ul>"]
    open_path: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()
    repeat = 0
    for unit in units:
        path = unit.path or (t(lang, "preamble"),)
        common = 0
        while common < min(len(open_path), len(path) - 1) and open_path[common] == path[common]:
            common += 1
        for _ in range(len(open_path) - common):
            out.append("</ul></li>")
        for depth in range(common, len(path) - 1):  # section headings with no text of their own
            out.append(f"<li><span class='cl-toc-section'>{esc(path[depth])}</span><ul>")
        open_path = path[:-1]
        cls = "cl-toc-item selected" if selected in unit.chunk_ids else "cl-toc-item"
        repeat = repeat + 1 if path == previous else 1  # rows of one table share their heading
        previous = path
        label = f"{path[-1]} · {repeat}" if repeat > 1 else path[-1]
        mark = " <span class='cl-repaired-dot' title='" + esc(t(lang, "repaired")) + "'>●</span>" if unit.first.repaired else ""
        out.append(f"<li><a class='{cls}' href='{action('clause', unit.first.chunk_id)}'>{esc(label)}</a>{mark}</li>")
    out.append("</ul></li>" * len(open_path))
    out.append("</ul></nav>")
    return "".join(out)


def document_html(units: Sequence[ClauseUnit], selected: str | None, lang: str) -> str:
    """The document's text, clause by clause; the selected clause marked (the page scrolls to it)."""
    if not units:
        return f"<p class='cl-muted'>{esc(t(lang, 'choose_doc'))}</p>"
    first = units[0].first
    head = (f"<header class='cl-doc-head'><h3>{esc(first.title)}</h3><p>{esc(first.organisation)} · {esc(first.doc_type)} · "
            f"{esc(t(lang, 'level'))} {esc(level_name(first.level, lang))}</p></header>")
    sections = []
    for unit in units:
        c = unit.first
        cls = "cl-clause selected" if selected in unit.chunk_ids else "cl-clause"
        pages = page_range(c.page, unit.last_page)
        page = f" · {t(lang, 'page')} {pages}" if pages else ""
        sections.append(
            f"<section class='{cls}' id='clause-{c.ordinal}' data-chunk='{esc(c.chunk_id)}'>"
            f"<h5>{esc(clause_where(c.clause, c.heading) or t(lang, 'preamble'))}<small>{esc(page)}</small>"
            f"{' ' + _repaired_badge(lang) if c.repaired else ''}</h5>"
            f"<div class='cl-clause-text'>{esc(unit.text).replace(chr(10), '<br>')}</div>{_original(unit, lang)}</section>"
        )
    return f"<div class='cl-doc'>{head}{''.join(sections)}</div>"


def search_results_html(hits: Sequence[Hit], lang: str) -> str:
    if not hits:
        return f"<p class='cl-muted'>{esc(t(lang, 'search_none'))}</p>"
    items = []
    for h in hits:
        snippet = " ".join(h.text.split())
        snippet = snippet[:180] + ("…" if len(snippet) > 180 else "")
        items.append(
            f"<li><a class='cl-result' href='{action('clause', h.chunk_id)}'><b>{esc(h.title)}</b> — "
            f"{esc(clause_where(h.clause, h.heading))}<span>{esc(snippet)}</span></a></li>"
        )
    return f"<ul class='cl-results'>{''.join(items)}</ul>"
