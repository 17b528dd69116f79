"""The answer stage's tuned values, in one place: what each controls is said here, how it was
measured in docs/experiments.md. Calibration (``python -m eval.calibrate``) varies a config;
the code reads no module-level tuning."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from clausier.reading.support import DEFAULT_SUPPORT, SupportConfig


def _embedded_thresholds() -> Mapping[str, float]:
    # calibrated per question language on the dev split's tune part (an English question meets
    # French clauses through the lexicon only, so its supports run lower)
    return MappingProxyType({"fr": 0.17, "en": 0.11})


@dataclass(frozen=True)
class AnswerConfig:
    # --- whether to answer
    min_support: float = 0.4  # best segment support needed to answer, lexical scoring (no embedder)
    min_support_embedded: Mapping[str, float] = field(default_factory=_embedded_thresholds)  # the same, with embeddings
    weak_semantic: float = 0.15  # a best sentence this far from the question semantically ...
    weak_shared_terms: int = 2  # ... sharing at most this many of its terms is chance, not an answer
    min_duration_support: float = 0.2  # a period (amount, date, frequency) question needs a sentence stating one this well supported
    # --- what to quote
    max_citations: int = 4  # citations of a standard answer
    max_list_citations: int = 12  # citations of a list answer
    clause_ratio: float = 0.85  # another clause (or sentence) is quoted when its support is this close to the best
    list_ratio: float = 0.6  # a list question gathers from every clause this close to the best
    max_clauses: int = 3  # clauses a standard answer quotes
    max_per_clause: int = 2  # sentences picked per clause (before context and list items)
    typed_ratio: float = 0.5  # a sentence stating the asked period/place is brought along when this close
    context_sentences: int = 1  # neighbours quoted with a picked sentence: conditions and exceptions sit next to it
    whole_list_clause_chars: int = 900  # a list question quotes a supporting clause this short whole (inline enumerations)
    # --- verdicts (« Oui » / « Non »)
    verdict_coverage: float = 0.5  # share of the question's terms a sentence holds to state its predicate
    verdict_negated_coverage: float = 0.25  # the same, for a negated sentence naming the question's verb
    verdict_depth: int = 3  # a verdict is read from the first of this many quoted sentences that states the predicate
    limit_shared_terms: int = 2  # predicate terms a sentence shares to limit an « unlimited » question ...
    limit_depth: int = 3  # ... among the first quoted sentences
    # --- how segments are scored (shared with the retriever's reranker)
    support: SupportConfig = DEFAULT_SUPPORT


DEFAULT_ANSWER = AnswerConfig()
