"""The LLM reader's grounding check, by construction.

A generated sentence is kept only if (1) it cites, with [n] markers, passages it was given;
(2) every number, duration, date, amount, e-mail, URL and proper name in it appears in a cited
passage; (3) a verbatim span of a cited passage holding those facts can be found, and becomes
the citation's quote. Anything else is dropped: no sentence is shown that this check rejects.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence

from clausier.llm.fidelity import emails, numbers, unsupported_facts, urls
from clausier.schema import Hit

from clausier.reading.sentences import HEADING, segments_of

_MARKERS = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s*(?:\[\d+(?:\s*[,;]\s*\d+)*\]))*\s+(?=[A-ZÀ-Ý«\"“])")
# (claim, candidate spans) → a similarity per span (the e5 model: it reads both languages)
Similarity = Callable[[str, Sequence[str]], Sequence[float]]
# below this cosine a span is not taken as support on meaning alone (no shared fact or word)
MIN_SIMILARITY = 0.80
_WORD = re.compile(r"[^\W\d_]{4,}")
# capitalised words a sentence may hold without a source: months, days (their number is checked)
_CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "yes", "no", "oui", "non",
}


@dataclass(frozen=True)
class Claim:
    """One generated sentence and the passage numbers (1-based, as shown to the model) it cites."""

    text: str
    cited: tuple[int, ...]


@dataclass(frozen=True)
class Grounded:
    """A kept sentence with, for each cited passage, the verbatim span supporting it."""

    text: str
    support: tuple[tuple[Hit, int, int], ...]  # (passage, start, end) in ``hit.text``


def claims(output: str) -> list[Claim]:
    """The model's reply cut into sentences, each with the [n] markers that follow it."""
    text = " ".join(output.split())
    parts = _SENTENCE_END.split(text) if text else []
    result = []
    for part in parts:
        cited = tuple(dict.fromkeys(int(n) for group in _MARKERS.findall(part) for n in re.split(r"[,;]", group)))
        body = _MARKERS.sub("", part).strip()
        body = re.sub(r"\s+([.,;:!?])", r"\1", body)
        if body:
            result.append(Claim(body, cited))
    return result


def _stems(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return {w[:5] for w in _WORD.findall(folded)}


def _facts(text: str) -> set[str]:
    return numbers(text) | emails(text) | urls(text)


def _best_span(claim: str, hit: Hit, similarity: Similarity | None = None) -> tuple[int, int] | None:
    """The run of ``hit``'s sentences (at most three) holding the claim's facts found in ``hit``
    and closest to it (meaning when ``similarity`` is given, shared words otherwise); None when
    it shares no fact, no word and is not close in meaning."""
    segments = [s for s in segments_of(hit) if s.kind != HEADING]
    wanted = _facts(claim) & _facts(hit.text)
    stems = _stems(claim)
    spans = [(segments[i].start, segments[j].end) for i in range(len(segments))
             for j in range(i, min(i + 3, len(segments)))]
    spans = [(a, b) for a, b in spans if wanted <= _facts(hit.text[a:b])]
    if not spans:
        return None
    texts = [hit.text[a:b] for a, b in spans]
    meaning = list(similarity(claim, texts)) if similarity else [0.0] * len(spans)
    best = None
    for (start, end), text, close in zip(spans, texts, meaning):
        shared = len(stems & _stems(text))
        if not wanted and not shared and close < MIN_SIMILARITY:
            continue
        key = (close, shared, -(end - start))
        if best is None or key > best[0]:
            best = (key, (start, end))
    return best[1] if best else None


def ground(claim: Claim, passages: Sequence[Hit], similarity: Similarity | None = None) -> Grounded | None:
    """``claim`` with its verbatim support, or None when the grounding check rejects it."""
    cited = [passages[n - 1] for n in claim.cited if 1 <= n <= len(passages)]
    if not cited or len(cited) != len(claim.cited):
        return None  # no citation, or a citation to a passage it was not given
    # the model saw each passage under its document's title and heading: names from there count
    sources = "\n".join(f"{h.title}\n{h.organisation}\n{h.heading}\n{h.text}" for h in cited)
    checked = " ".join(w for w in claim.text.split() if w.strip(".,;:!?()«»\"“”").lower() not in _CALENDAR)
    if unsupported_facts(checked, sources):
        return None
    support = []
    for hit in cited:
        span = _best_span(claim.text, hit, similarity)
        if span is not None:
            support.append((hit, *span))
    if not support:
        return None
    # every fact of the claim must sit in the quoted spans themselves, not merely in the passages
    quoted = " ".join(hit.text[s:e] for hit, s, e in support)
    if not _facts(claim.text) <= _facts(quoted):
        return None
    return Grounded(claim.text, tuple(support))
