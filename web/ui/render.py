"""HTML of the conversation: questions, answers with clickable [n], cited clauses, actions.

Every piece of text is escaped here; links carry ``#clausier/<action>/…`` fragments that the
page script turns into server events (the server re-checks the caller for each).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote
from typing import Sequence

from clausier.schema import LEVEL_NAMES, Answer, Citation, Hit

from .i18n import DEFAULT_LANGUAGE, EXAMPLES, LEVEL_NAMES_EN, lang_of, t
from .turns import Turn

_MARKER = re.compile(r"\[(\d+)\]")
# Drawn, not emoji: the page must not depend on an emoji font being installed.
_THUMB = ("<svg viewBox='0 0 24 24' width='15' height='15' aria-hidden='true'{flip}><path fill='currentColor' "
          "d='M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 "
          "2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z'/></svg>")
THUMB_UP = _THUMB.format(flip="")
THUMB_DOWN = _THUMB.format(flip=" style='transform: rotate(180deg)'")


def esc(text: object) -> str:
    """The one escaping helper: every value placed into HTML (text or attribute) goes through it."""
    return html.escape(str(text if text is not None else ""), quote=True)


def action(*parts: object) -> str:
    """An action link's href, ready for an attribute: each part percent-encoded, then escaped
    (ids come from documents; ``ChatHandlers.act`` decodes them)."""
    return esc("#clausier/" + "/".join(quote(str(p), safe=":@") for p in parts))


def level_name(level: int, lang: str | None = DEFAULT_LANGUAGE) -> str:
    names = LEVEL_NAMES_EN if lang_of(lang) == "en" else LEVEL_NAMES
    return names.get(level, str(level))


def clause_where(clause: str, heading: str) -> str:
    """« Article 8 – … › 8.1 », or « 8.1 Heading » when the heading does not hold the number."""
    if not clause or clause in (heading or ""):
        return heading or clause or ""
    return f"{clause} {heading}".strip()


def page_range(first: int | None, last: int | None = None) -> str:
    """« 6 », or « 6–7 » for text running over a page break; "" when the page is unknown."""
    if not first:
        return ""
    return f"{first}–{last}" if last and last != first else str(first)


def citation_label(c: Citation | Hit, lang: str) -> str:
    """« Titre — Article 8 – … › 8.1, p. 6 » (« p. 6–7 » for a quote running over a page break)."""
    where = clause_where(c.clause, c.heading)
    pages = page_range(c.page, c.end_page if isinstance(c, Citation) else None)
    page = f", {t(lang, 'page')} {pages}" if pages else ""
    return f"{c.title} — {where}{page}" if where else f"{c.title}{page}"


def answer_html(text: str, turn_index: int, citations: Sequence[Citation]) -> str:
    known = {c.n for c in citations}

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in known:
            return match.group(0)
        return f"<a class='cl-ref' href='{action('cite', turn_index, n)}' title='[{n}]'>[{n}]</a>"

    def line_html(line: str) -> str:
        html_line = _MARKER.sub(link, esc(line))
        # a machine translation under its quote (clausier.llm.translate): set apart from the quote
        return f"<span class='cl-mt'>{html_line}</span>" if line.lstrip().startswith("↳") else html_line

    return "<br>".join(line_html(line) for line in text.split("\n"))


def citations_html(answer: Answer | None, lang: str, turn_index: int | None = None) -> str:
    """The clauses an answer cites (or, for an abstention, the closest ones). In the
    conversation (``turn_index`` given) each opens the clause panel; without it (the plain
    chat-history API) each carries its quote."""
    if answer is None:
        return ""
    linked = turn_index is not None
    if answer.abstained or not answer.citations:
        if not answer.see_also:
            return ""
        items = "".join(
            f"<li><a class='cl-open' href='{action('clause', h.chunk_id)}'>{esc(citation_label(h, lang))}</a></li>"
            if linked else f"<li>{esc(citation_label(h, lang))}</li>"
            for h in answer.see_also
        )
        return f"<div class='cl-cites cl-see-also'><h4>{esc(t(lang, 'see_also'))}</h4><ul>{items}</ul></div>"
    items = []
    for c in answer.citations:
        repaired = f" <span class='cl-repaired' title='{esc(t(lang, 'repaired_help'))}'>{esc(t(lang, 'repaired'))}</span>" if c.repaired else ""
        label = f"<span class='cl-n'>[{c.n}]</span> {esc(citation_label(c, lang))}"
        if linked:
            items.append(f"<li><a class='cl-cite' href='{action('cite', turn_index, c.n)}'>{label}</a>{repaired}</li>")
        else:
            level = f" · {esc(t(lang, 'level'))} {esc(level_name(c.level, lang))}"
            items.append(f"<li id='citation-{c.n}'>{label}{level}{repaired}<blockquote>{esc(c.quote)}</blockquote></li>")
    return f"<div class='cl-cites'><h4>{esc(t(lang, 'cited'))}</h4><ul>{''.join(items)}</ul></div>"


def turn_markdown(turn: Turn, lang: str) -> str:
    """The turn as Markdown, for the browser-side export."""
    lines = [f"### {turn.question}", ""]
    if turn.rewritten:
        lines += [f"*{t(lang, 'understood')} : {turn.searched}*", ""]
    if turn.error:
        return "\n".join(lines + [f"> {turn.error}", ""])
    if turn.answer is None:
        return "\n".join(lines)
    lines += [turn.answer.text, ""]
    for c in turn.answer.citations:
        lines.append(f"[{c.n}] {citation_label(c, lang)} ({t(lang, 'level')} {level_name(c.level, lang)})")
    return "\n".join(lines + [""])


def _turn_html(turn: Turn, index: int, lang: str) -> str:
    parts = [f"<div class='cl-q'>{esc(turn.question)}</div>"]
    if turn.rewritten:
        parts.append(f"<div class='cl-understood'>{esc(t(lang, 'understood'))} : <q>{esc(turn.searched)}</q></div>")
    if turn.pending:
        parts.append(f"<div class='cl-a cl-pending'><span class='cl-spinner'></span>{esc(t(lang, 'searching'))}</div>")
    elif turn.error:
        parts.append(f"<div class='cl-a cl-error' role='alert'>⚠️ {esc(turn.error)}</div>")
    elif turn.answer is not None:
        cls = "cl-a cl-abstained" if turn.answer.abstained else "cl-a"
        parts.append(f"<div class='{cls}'>{answer_html(turn.answer.text, index, turn.answer.citations)}</div>")
        parts.append(citations_html(turn.answer, lang, index))
        seconds = f"{turn.latency_ms / 1000:.1f}".replace(".", "," if lang == "fr" else ".")
        if turn.feedback:
            feedback = f"<span class='cl-thanks'>{THUMB_UP if turn.feedback > 0 else THUMB_DOWN} {esc(t(lang, 'thanks'))}</span>"
        else:
            feedback = (
                f"<a class='cl-fb cl-up' href='{action('feedback', index, 'up')}' title='{esc(t(lang, 'helpful'))}' "
                f"aria-label='{esc(t(lang, 'helpful'))}'>{THUMB_UP}</a>"
                f"<a class='cl-fb cl-down' href='{action('feedback', index, 'down')}' title='{esc(t(lang, 'unhelpful'))}' "
                f"aria-label='{esc(t(lang, 'unhelpful'))}'>{THUMB_DOWN}</a>"
            )
        parts.append(
            f"<div class='cl-meta'><span class='cl-latency'>{esc(t(lang, 'latency', seconds=seconds))}</span>"
            f"<button type='button' class='cl-copy' data-done='{esc(t(lang, 'copied'))}'>{esc(t(lang, 'copy'))}</button>"
            f"{feedback}</div>"
            f"<pre class='cl-plain' hidden>{esc(turn.answer.text)}</pre>"
        )
    parts.append(f"<pre class='cl-md' hidden>{esc(turn_markdown(turn, lang))}</pre>")
    return f"<article class='cl-turn' id='turn-{index}' data-turn='{index}'>{''.join(parts)}</article>"


def conversation_html(turns: Sequence[Turn], lang: str) -> str:
    if not turns:
        examples = "".join(
            f"<li><a class='cl-example' href='{action('example', i)}'>{esc(q)}</a></li>"
            for i, q in enumerate(EXAMPLES[lang])
        )
        return (
            f"<div class='cl-conv cl-empty-conv' lang='{lang}'><div class='cl-empty'><p>{esc(t(lang, 'empty'))}</p>"
            f"<h4>{esc(t(lang, 'examples'))}</h4><ul class='cl-examples'>{examples}</ul></div></div>"
        )
    body = "".join(_turn_html(turn, i, lang) for i, turn in enumerate(turns))
    return f"<div class='cl-conv' lang='{lang}'>{body}</div>"
