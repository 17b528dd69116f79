"""Turn chosen evidence into the answer text and its numbered citations.

Only the framing (« Selon … : », « Oui. », « Pour X, … ») is ours, in the question's
language; everything between « » is verbatim clause text (line breaks of the PDF
extraction collapsed to spaces for reading; ``Citation.quote`` keeps the exact characters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from clausier.schema import HEADING_SEPARATOR, Answer, Citation, Hit

from answer.select import Evidence
from clausier.reading.sentences import ITEM, ROW
from answer.verdict import NO, YES, YES_IF

SEE_ALSO = 3


@dataclass(frozen=True)
class Templates:
    abstain: str
    not_stated: str  # a yes/no question no sentence answers
    according: str  # {source}
    missing_org: str  # {org}
    yes: str
    yes_if: str  # a « yes » the quoted condition qualifies
    no: str
    note: str = ""  # closing line, e.g. that quotes stay in the documents' language


TEMPLATES = {
    "fr": Templates(
        abstain="Je ne trouve pas la réponse dans les documents disponibles.",
        not_stated="Les documents disponibles ne le disent pas explicitement.",
        according="Selon {source} :",
        missing_org="Pour {org}, je ne trouve pas la réponse dans les documents disponibles.",
        yes="Oui.",
        yes_if="Oui, sous conditions :",
        no="Non.",
    ),
    "en": Templates(
        abstain="I cannot find the answer in the available documents.",
        not_stated="The available documents do not say so explicitly.",
        according="According to {source}:",
        missing_org="For {org}, I cannot find the answer in the available documents.",
        yes="Yes.",
        yes_if="Yes, under conditions:",
        no="No.",
        note="(Quotes are verbatim from the French documents.)",
    ),
}


def templates(language: str) -> Templates:
    return TEMPLATES.get(language, TEMPLATES["fr"])


def source_label(hit: Hit) -> str:
    """« Looper-AI — Politique RGPD (Concernant les contacts par téléphone) »."""
    parts = [p.strip() for p in hit.heading.split(HEADING_SEPARATOR) if p.strip()] if hit.heading else []
    section = parts[-1] if parts else hit.clause
    if len(parts) > 1 and not any(ch.isalpha() for ch in section):
        section = HEADING_SEPARATOR.join(parts[-2:])  # « 2.3 » alone says little
    title = hit.title or hit.organisation or hit.doc_id
    return f"{title} ({section})" if section else title


def _display(text: str) -> str:
    return " ".join(text.split())


def _citation(n: int, ev: Evidence) -> Citation:
    hit = ev.hit
    # the pages the quote starts and ends on (a long clause may run over a page break)
    first = hit.page_at(ev.pieces[0].start) if ev.pieces else hit.page
    last = hit.page_at(ev.pieces[-1].end - 1) if ev.pieces else hit.page
    return Citation(
        n=n,
        doc_id=hit.doc_id,
        title=hit.title,
        organisation=hit.organisation,
        clause=hit.clause,
        heading=hit.heading,
        page=first,
        quote=ev.quote,
        chunk_id=hit.chunk_id,
        level=hit.level,
        clause_text=hit.text,
        repaired=hit.repaired,
        end_page=last if last != first else None,
    )


def _block(ev: Evidence, n: int, tpl: Templates, framed: bool) -> list[str]:
    """One citation's lines: the framing (unless the previous citation had the same source),
    then each piece, list items bulleted, each followed by its marker."""
    lines = [
        f"{'• ' if piece.kind in (ITEM, ROW) else ''}« {_display(ev.hit.text[piece.start : piece.end])} » [{n}]"
        for piece in ev.pieces
    ]
    if framed:
        return lines
    header = tpl.according.format(source=source_label(ev.hit))
    if len(lines) == 1 and ev.pieces[0].kind not in (ITEM, ROW):
        return [f"{header} {lines[0]}"]
    return [header, *lines]


def compose(
    groups: Sequence[tuple[str | None, list[Evidence]]],
    *,
    language: str,
    hits: Sequence[Hit],
    lead: str | None = None,
) -> Answer:
    """An answer quoting ``groups`` (per organisation for comparisons, else one group)."""
    tpl = templates(language)
    lines: list[str] = []
    citations: list[Citation] = []
    leads = {YES: tpl.yes, YES_IF: tpl.yes_if, NO: tpl.no}
    if lead in leads:
        lines.append(leads[lead])
    for org, evidence in groups:
        if not evidence:
            lines.append(tpl.missing_org.format(org=org))
            continue
        previous: str | None = None
        for ev in evidence:
            n = len(citations) + 1
            citations.append(_citation(n, ev))
            label = source_label(ev.hit)
            lines.extend(_block(ev, n, tpl, framed=label == previous))
            previous = label
    if tpl.note:
        lines.append(tpl.note)
    return Answer(
        text="\n".join(lines),
        citations=tuple(citations),
        abstained=False,
        language=language,
        hits=tuple(hits),
    )


def abstain(language: str, hits: Sequence[Hit], *, yes_no: bool = False) -> Answer:
    """The « I don't know » answer (« not said explicitly » to a yes/no question), pointing at
    the closest clauses."""
    tpl = templates(language)
    return Answer(
        text=tpl.not_stated if yes_no else tpl.abstain,
        citations=(),
        abstained=True,
        language=language,
        see_also=tuple(hits[:SEE_ALSO]),
        hits=tuple(hits),
    )
