"""The quotable segments of retrieved hits, each with the terms it holds (its own, and those of
its context: heading, title, list introduction) — analysed once per clause."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from clausier.schema import Hit

from clausier.reading import wordvectors
from clausier.reading.vocabulary import terms
from clausier.reading.marks import answer_marks, name_marks, type_marks
from clausier.reading.sentences import HEADING, Segment, segments_of


@dataclass(frozen=True)
class Candidate:
    """One quotable segment of one hit."""

    rank: int
    hit: Hit
    index: int
    segment: Segment
    own: frozenset[str]
    context: frozenset[str]
    words: frozenset[str]  # content words as written, for near-synonyms (wordvectors)

    @property
    def quote(self) -> str:
        return self.hit.text[self.segment.start : self.segment.end]


def match_keys(stems: Sequence[str]) -> frozenset[str]:
    """Stems plus 6-letter prefixes, so « conservent » (unstemmed) meets « conserve »."""
    out = set(stems)
    out.update(s[:6] for s in stems if len(s) >= 6)
    return frozenset(out)


def candidates_for(hits: Sequence[Hit]) -> list[Candidate]:
    """Every quotable segment of ``hits``, with its own terms and its context terms."""
    return [
        Candidate(rank, hit, index, segment, own, context, words)
        for rank, hit in enumerate(hits)
        for index, segment, own, context, words in _analysed(hit.text, segments_of(hit), hit.heading, hit.title,
                                                             hit.organisation)
    ]


# The analysis depends on the clause, not on the question: the same clauses come back question
# after question (the reranker and the answerer both read them), so it is computed once each.
@lru_cache(maxsize=4096)
def _analysed(
    text: str, hit_segments: tuple[Segment, ...], heading: str, title: str, organisation: str
) -> tuple[tuple[int, Segment, frozenset[str], frozenset[str], frozenset[str]], ...]:
    """(index, segment, own terms and answer marks, context terms, content words) of each
    quotable segment of ``text``."""
    base = terms(f"{heading} {title} {organisation}")
    base += [t for s in hit_segments if s.kind == HEADING for t in terms(text[s.start : s.end])]
    out = []
    for index, segment in enumerate(hit_segments):
        if segment.kind == HEADING:
            continue
        context = list(base)
        if segment.list_of is not None:
            intro = hit_segments[segment.list_of]
            context += terms(text[intro.start : intro.end])
        own = terms(text[segment.start : segment.end])
        if not own:
            continue
        stems = match_keys(own)
        stems |= answer_marks(text[segment.start : segment.end])
        stems |= type_marks(text[segment.start : segment.end])
        stems |= name_marks(text[segment.start : segment.end], organisation)
        words = frozenset(w for _, w in wordvectors.content_words(text[segment.start : segment.end]))
        out.append((index, segment, stems, match_keys(context), words))
    return tuple(out)


def passages_for(hits: Sequence[Hit]) -> list[str]:
    """The passages the answerer embeds for ``hits`` (what a cold server may compute ahead)."""
    return [passage_text(c) for c in candidates_for(hits)]


def passage_text(cand: Candidate) -> str:
    """What is embedded for a segment: its clause's heading (or title), then the segment."""
    label = cand.hit.heading or cand.hit.title
    return f"{label} : {' '.join(cand.quote.split())}"
