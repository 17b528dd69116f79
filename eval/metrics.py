"""Scoring primitives: quote coverage, ranking metrics, keyword matching, percentiles.

Everything here is a pure function of plain values so it can be tested on hand-made rankings.
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from typing import Iterable, Sequence

from clausier.textnorm import fold

COVER_THRESHOLD = 0.5  # a hit covers a quote when more than half of the quote's words are in it
_TOKEN = re.compile(r"\w+|[^\w\s]")

NUMBER_WORDS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20,
    "vingt-quatre": 24, "trente": 30, "quarante": 40, "quarante-cinq": 45, "quarante-huit": 48,
    "cinquante": 50, "soixante": 60, "soixante-douze": 72, "cent": 100, "mille": 1000,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "forty-eight": 48, "fifty": 50,
    "sixty": 60, "seventy-two": 72, "hundred": 100, "thousand": 1000,
}
# longest first so « dix-sept » is replaced before « dix »
_NUMBER = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")(?![\w-])"
)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


MIN_RUN = 4  # shorter shared runs (« de la », « données ») are chance, not the quote


def coverage(text: str, quote: str) -> float:
    """Share of the quote's tokens found in ``text``, in order, in runs of at least MIN_RUN tokens.

    Case, accents, apostrophes and whitespace are ignored. A quote cut by a chunk boundary
    scores the share that the chunk holds; one garbled word (a repair slip) costs one word.
    """
    q, t = _tokens(quote), _tokens(text)
    if not q or not t:
        return 0.0
    blocks = SequenceMatcher(None, t, q, autojunk=False).get_matching_blocks()
    min_run = min(MIN_RUN, len(q))
    return sum(b.size for b in blocks if b.size >= min_run) / len(q)


def covers(text: str, quote: str, threshold: float = COVER_THRESHOLD) -> bool:
    return coverage(text, quote) > threshold


def evidence_rank(texts: Sequence[str], quote: str) -> int | None:
    """1-based rank of the first text covering ``quote``; None when none does."""
    return next((i for i, text in enumerate(texts, 1) if covers(text, quote)), None)


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of the evidence pieces found within the first ``k`` hits."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def hit_at(ranks: Sequence[int | None], k: int) -> float:
    """1.0 when at least one evidence piece is within the first ``k`` hits (Recall@k of the item)."""
    return 1.0 if any(r is not None and r <= k for r in ranks) else 0.0


def all_at(ranks: Sequence[int | None], k: int) -> float:
    return 1.0 if ranks and all(r is not None and r <= k for r in ranks) else 0.0


def reciprocal_rank(ranks: Sequence[int | None], k: int = 10) -> float:
    """1 / rank of the first relevant hit within ``k``, else 0."""
    found = [r for r in ranks if r is not None and r <= k]
    return 1.0 / min(found) if found else 0.0


def ndcg(relevant_ranks: Iterable[int], n_relevant: int, k: int = 10) -> float:
    """Binary-relevance nDCG@k: ``relevant_ranks`` are the 1-based ranks of relevant hits."""
    gains = sorted({r for r in relevant_ranks if 1 <= r <= k})
    if n_relevant <= 0:
        return 0.0
    dcg = sum(1.0 / math.log2(r + 1) for r in gains)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(n_relevant, k) + 1))
    return dcg / ideal


def normalize_keyword_text(text: str) -> str:
    """Folded, number words as digits, whitespace collapsed: « Treize  mois » → « 13 mois »."""
    folded = fold(text).replace("\u00a0", " ")
    folded = _NUMBER.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), folded)
    folded = re.sub(r"\b(\d+)\s*\(\s*\1\s*\)", r"\1", folded)  # « trente (30) jours » → « 30 jours »
    folded = re.sub(r"(?<=\d)[ .](?=\d{3}\b)", "", folded)  # 1 000 / 1.000 → 1000
    return " ".join(folded.split())


def keyword_found(answer: str, keyword: str) -> bool:
    """``keyword`` (or one of its « | »-separated alternatives) is in ``answer``, case, accents
    and number words aside."""
    if " | " in keyword:
        return any(keyword_found(answer, alternative) for alternative in keyword.split(" | "))
    norm_kw = normalize_keyword_text(keyword)
    if not norm_kw:
        return True
    pattern = re.escape(norm_kw)
    if norm_kw[0].isdigit():
        pattern = r"(?<!\w)" + pattern  # « 13 mois » is not in « 113 mois »
    if norm_kw[-1].isdigit():
        pattern += r"(?!\d)"  # « 72 » is in « 72h » and « 72 heures », not in « 720 »
    return re.search(pattern, normalize_keyword_text(answer)) is not None


def keywords_matched(answer: str, keywords: Sequence[str]) -> list[str]:
    return [k for k in keywords if keyword_found(answer, k)]


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0–100); 0.0 for no values."""
    data = sorted(values)
    if not data:
        return 0.0
    pos = (len(data) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def mean(values: Iterable[float]) -> float | None:
    data = list(values)
    return sum(data) / len(data) if data else None
