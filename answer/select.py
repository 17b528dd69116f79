"""Choose the evidence to quote: which clauses, which sentences, which list items.

An ``Evidence`` is one citation: a contiguous region of one clause (``quote``), shown as one
or more pieces (a sentence, or a list introduction followed by its items).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from clausier.schema import Hit
from clausier.textnorm import fold

from clausier.reading.question import Question
from clausier.reading.support import SentenceSupport
from clausier.reading.sentences import HEADING, Segment, segments_of

from answer.config import DEFAULT_ANSWER, AnswerConfig


@dataclass(frozen=True)
class Evidence:
    """One citation: ``hit.text[pieces[0].start:pieces[-1].end]`` shown as ``pieces``."""

    hit: Hit
    pieces: tuple[Segment, ...]
    org: str | None = None

    @property
    def quote(self) -> str:
        return self.hit.text[self.pieces[0].start : self.pieces[-1].end]


def by_clause(scored: Sequence[SentenceSupport]) -> list[list[SentenceSupport]]:
    """Scored segments grouped per hit, clauses ordered by their best score."""
    groups: dict[int, list[SentenceSupport]] = {}
    for item in scored:
        groups.setdefault(item.candidate.rank, []).append(item)
    return list(groups.values())  # ``scored`` is best-first, so are the groups


def _items_of(segments: Sequence[Segment], intro: int) -> list[int]:
    """The segments listed under ``intro`` (the intro itself excluded)."""
    return [i for i, s in enumerate(segments) if s.list_of == intro and i != intro]


def _with_items(segments: Sequence[Segment], picks: set[int]) -> set[int]:
    """A list introduction alone answers nothing: bring its items along, and the items of a
    list that one of them introduces (« … sont les suivantes : » inside a list)."""
    out, todo = set(picks), list(picks)
    while todo:
        index = todo.pop()
        items = [i for i in _items_of(segments, index) if i not in out]
        out.update(items)
        todo.extend(items)
    return out


def _with_context(segments: Sequence[Segment], picks: set[int], width: int) -> set[int]:
    """The picked segments and up to ``width`` neighbours each side (headings excluded)."""
    out = set(picks)
    for index in picks:
        for j in range(index - width, index + width + 1):
            if 0 <= j < len(segments) and segments[j].kind != HEADING:
                out.add(j)
    return out


def _runs(hit: Hit, segments: Sequence[Segment], picks: set[int], org: str | None) -> list[Evidence]:
    """Contiguous runs of picked segments (headings between them do not break a run)."""
    runs: list[list[int]] = []
    for index in sorted(picks):
        if runs and all(segments[j].kind == HEADING for j in range(runs[-1][-1] + 1, index)):
            runs[-1].append(index)
        else:
            runs.append([index])
    return [Evidence(hit, tuple(segments[i] for i in run), org) for run in runs]


def _clause_picks(group: Sequence[SentenceSupport], floor: float, question: Question | None,
                  config: AnswerConfig) -> set[int]:
    best = group[0]
    picks = {best.candidate.index}
    for item in group[1:]:
        if len(picks) >= config.max_per_clause:
            break
        if item.support >= max(floor, config.clause_ratio * best.support) and item.own_coverage > 0:
            picks.add(item.candidate.index)
    # the sentence stating the asked period / place answers even when another one shares more
    # of the question's words: bring it along when the picks lack it
    for mark in question.asked_marks if question else ():
        if any(mark in item.candidate.own for item in group if item.candidate.index in picks):
            continue
        typed = [item for item in group if mark in item.candidate.own
                 and item.support >= max(floor * config.typed_ratio, config.typed_ratio * best.support)]
        if typed:
            picks.add(typed[0].candidate.index)
    return picks


def _best_list(group: Sequence[SentenceSupport], segments: Sequence[Segment], floor: float) -> int | None:
    """The introduction of the best-supported list in a clause, if one reaches ``floor``."""
    best: tuple[float, int] | None = None
    for item in group:
        if item.support < floor:
            continue
        seg = item.candidate.segment
        intro = seg.list_of if seg.list_of is not None else (item.candidate.index if seg.intro else None)
        if intro is None or not any(s.list_of == intro for s in segments):
            continue
        if best is None or item.support > best[0]:
            best = (item.support, intro)
    return best[1] if best else None


def _fallback_list(group: Sequence[SentenceSupport], segments: Sequence[Segment]) -> int | None:
    """The introduction of the clause's most supported real list (two items or more; ties:
    the longer list), when no list sentence reached the floor: the clause did, and a list
    question over a clause holding a list is answered by that list."""
    best: tuple[float, int, int] | None = None
    support = {item.candidate.index: item.support for item in group}
    for index, seg in enumerate(segments):
        members = _items_of(segments, index)
        if len(members) < 2:
            continue
        score = max(support.get(i, 0.0) for i in [index, *members])
        if best is None or (score, len(members)) > best[:2]:
            best = (score, len(members), index)
    return best[2] if best else None


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    """Drop pieces already quoted (overlapping chunk windows, a text repeated in a document),
    trimming from either end so the quote stays one contiguous region."""
    seen: set[str] = set()
    out = []
    for ev in evidence:
        pieces = list(ev.pieces)
        keys = [" ".join(fold(ev.hit.text[p.start : p.end]).split()) for p in pieces]
        while pieces and keys[0] in seen:
            pieces.pop(0), keys.pop(0)
        while pieces and keys[-1] in seen:
            pieces.pop(), keys.pop()
        if pieces:
            seen.update(keys)
            out.append(Evidence(ev.hit, tuple(pieces), ev.org))
    return out


def select_standard(
    groups: Sequence[Sequence[SentenceSupport]], min_support: float, limit: int, org: str | None = None,
    max_clauses: int | None = None, question: Question | None = None, config: AnswerConfig = DEFAULT_ANSWER,
) -> list[Evidence]:
    """The best clause's best sentences, plus up to two more clauses nearly as good."""
    if not groups:
        return []
    top = groups[0][0].support
    evidence: list[Evidence] = []
    for group in groups[: max_clauses or config.max_clauses]:
        if group is not groups[0] and group[0].support < max(min_support, config.clause_ratio * top):
            continue
        hit = group[0].candidate.hit
        segments = segments_of(hit)
        picks = _clause_picks(group, min_support, question, config)
        picks = _with_items(segments, _with_context(segments, picks, config.context_sentences))
        evidence.extend(_runs(hit, segments, picks, org))
    return _dedupe(evidence)[:limit]


def select_list(
    groups: Sequence[Sequence[SentenceSupport]], min_support: float, limit: int, config: AnswerConfig = DEFAULT_ANSWER
) -> list[Evidence]:
    """Every supporting clause's list (introduction and items) or, when short, the whole clause;
    table rows included."""
    if not groups:
        return []
    floor = max(min_support, config.list_ratio * groups[0][0].support)
    lists: list[Evidence] = []
    others: list[Evidence] = []
    for group in groups:
        if group[0].support < floor:
            continue
        hit = group[0].candidate.hit
        segments = segments_of(hit)
        # the clause passed the floor: its best-supported list answers a list question even
        # when no list sentence reaches the floor itself (« Quelles données … ? » over « Ces
        # informations contiennent notamment les données suivantes : » and its items)
        intro = _best_list(group, segments, floor)
        if intro is None:
            intro = _fallback_list(group, segments)
        if hit.kind != "table_row" and len(hit.text) <= config.whole_list_clause_chars:
            whole = {i for i, seg in enumerate(segments) if seg.kind != HEADING}
            (lists if intro is not None else others).extend(_runs(hit, segments, whole, None))
        elif intro is not None and hit.kind != "table_row":
            lists.extend(_runs(hit, segments, _with_items(segments, {intro}), None))
        else:
            target = lists if hit.kind == "table_row" else others
            target.extend(_runs(hit, segments, _with_items(segments, {group[0].candidate.index}), None))
    return _dedupe(lists + others)[:limit]  # lists and table rows first: they are the answer


def select_comparison(
    question: Question, scored: Sequence[SentenceSupport], min_support: float, config: AnswerConfig = DEFAULT_ANSWER
) -> list[tuple[str, list[Evidence]]]:
    """Per organisation named in the question: its best clause, or nothing when too weak."""
    out = []
    for org in question.orgs:
        groups = by_clause([s for s in scored if s.candidate.hit.organisation == org])
        if not groups or groups[0][0].support < min_support:
            out.append((org, []))
            continue
        out.append((org, select_standard(groups, min_support, config.max_per_clause, org, max_clauses=2,
                                         question=question, config=config)))
    return out
