"""French language model for the decoder: character trigrams plus a word list.

Learned from clean text only: the clean parts of the document, any reference texts passed in,
and wordfreq's bundled French frequencies (offline, shipped with the package). Apostrophe
variants share one symbol (``'``); the document's own style is restored when rendering.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from . import saved_counts
from .charclass import APOSTROPHES, FRENCH_LETTERS_ALL, is_native

APOS = "'"
WORD = re.compile(r"[^\W_]+")
OOV_LOGFREQ = math.log(1e-9)
NUMBER_LOGFREQ = math.log(1e-5)
_WORDFREQ_TOP = 30000
_WORDFREQ_CHARS = 400_000.0  # weight of the word list, in characters of running text
_DOC_WEIGHT = 3.0  # the document's own clean text counts more than generic French
_PRIOR = 2.0  # Dirichlet prior strength for backing off trigram → bigram → unigram
_APOS_TABLE = str.maketrans({ch: APOS for ch in APOSTROPHES})
_APOS_VARIANTS = tuple(sorted(APOSTROPHES - {APOS}))


@lru_cache(maxsize=1)
def _wordfreq_fr() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("fr")


def is_known(word: str) -> bool:
    """A number, or a word in the bundled French word list (any case)."""
    return word.isdigit() or word.lower() in _wordfreq_fr()


def natural_share(texts: Iterable[str]) -> float:
    """Share of the texts' words (two letters or more, not numbers) that are known and naturally
    cased: lower case, Capitalised or UPPER CASE (« lA » and « jes » are not); 1 without words."""
    words = [w for text in texts for w in WORD.findall(text) if len(w) > 1 and not w.isdigit()]
    if not words:
        return 1.0
    natural = sum(is_known(w) and (w.islower() or w[1:].islower() or w.isupper()) for w in words)
    return natural / len(words)


def canonical(text: str) -> str:
    """Apostrophe variants folded into ``'`` (the model's single apostrophe symbol)."""
    for ch in _APOS_VARIANTS:  # most texts hold none: scanning for them is cheaper than translating
        if ch in text:
            return text.translate(_APOS_TABLE)
    return text


@dataclass(frozen=True)
class FrenchModel:
    symbols: str  # id → character; symbols[0] is the space (the word boundary)
    logp3: np.ndarray  # (n, n, n) float32: log P(c | a b)
    bigram: np.ndarray  # (n, n) weighted counts, for seeding (row/column 0: word boundary)
    vocab: dict[str, float]  # lower-cased word → log frequency (document words)
    apostrophe: str  # the apostrophe style of the document's clean text
    _bonus: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    @property
    def unigram(self) -> np.ndarray:
        return self.bigram.sum(axis=0)

    @property
    def size(self) -> int:
        return len(self.symbols)

    @property
    def index(self) -> dict[str, int]:
        return _index(self.symbols)

    def word_logfreq(self, word: str) -> float:
        """Log frequency of one alphanumeric word (numbers get a flat, moderate score)."""
        if word.isdigit():
            # a number the clean text also writes (a year, an article) beats an unseen one
            return max(NUMBER_LOGFREQ, self.vocab.get(word, OOV_LOGFREQ))
        low = word.lower()
        own = self.vocab.get(low)
        freq = _wordfreq_fr().get(low)
        best = max(own if own is not None else OOV_LOGFREQ, math.log(freq) if freq else OOV_LOGFREQ)
        if best <= OOV_LOGFREQ or word.islower():
            return best
        if word[1:].islower() or len(word) == 1:
            return best - 2.0  # capitalised: sentence starts, names
        return best - (3.5 if word.isupper() else 6.0)  # acronyms; mIxEd case is not French

    def is_word(self, word: str) -> bool:
        return self.word_logfreq(word) > OOV_LOGFREQ

    def word_bonus(self, word: str) -> float:
        """How much more likely the dictionary finds a word than the trigrams do (≥ 0).

        Adding it to a trigram score amounts to P(word) = max(dictionary, trigrams), so a
        known word is never beaten by splitting it into shorter known words.
        """
        if word.isdigit() and word not in self.vocab:
            return 0.0  # a number is no dictionary word: unless the clean text has it, trigrams judge
        if word not in self._bonus:
            known = self.word_logfreq(word)
            self._bonus[word] = max(0.0, known - self.text_logprob(word)) if known > OOV_LOGFREQ else 0.0
        return self._bonus[word]

    def text_logprob(self, text: str) -> float:
        """Trigram log probability of ``text`` between two word boundaries."""
        index, item = self.index, self.logp3.item  # looked up once, not once per character
        ids = [index.get(ch, -1) for ch in f"  {canonical(text)} "]
        total = 0.0
        for a, b, c in zip(ids, ids[1:], ids[2:]):
            if a < 0 or b < 0 or c < 0:
                total += -12.0  # a character the model has never seen
            else:
                total += item(a, b, c)  # the float32 entry as a Python float, like float(logp3[a, b, c])
        return total

    def slot_logprobs(self, template: str, slot: str, letters: Sequence[str]) -> list[float]:
        """``text_logprob`` of ``template`` with every ``slot`` read as each letter in turn (the same
        floats: each row adds its trigram terms in the same order, and a cumulative sum is sequential)."""
        index = self.index
        text = f"  {canonical(template)} "
        ids = np.repeat(np.array([[index.get(ch, -1) for ch in text]], dtype=np.int64), len(letters), axis=0)
        ids[:, [k for k, ch in enumerate(text) if ch == slot]] = np.array(
            [index.get(canonical(p), -1) for p in letters], dtype=np.int64)[:, None]
        a, b, c = ids[:, :-2], ids[:, 1:-1], ids[:, 2:]
        unseen = (a < 0) | (b < 0) | (c < 0)
        terms = self.logp3[np.where(unseen, 0, a), np.where(unseen, 0, b), np.where(unseen, 0, c)].astype(np.float64)
        terms[unseen] = -12.0  # a character the model has never seen
        return np.cumsum(terms, axis=1)[:, -1].tolist()


@lru_cache(maxsize=8)
def _index(symbols: str) -> dict[str, int]:
    return {ch: i for i, ch in enumerate(symbols)}


def _alphabet(texts: Iterable[str]) -> str:
    chars = set(chr(c) for c in range(33, 127)) | FRENCH_LETTERS_ALL
    for text in texts:
        chars.update(ch for ch in canonical(text) if is_native(ch) and not ch.isspace())
    chars -= APOSTROPHES - {APOS}
    return " " + "".join(sorted(chars))


def _codes(text: str, index: dict[str, int]) -> np.ndarray:
    """Symbol ids of every character (-1 when outside the alphabet), vectorised."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lookup = np.full(max(int(points.max(initial=0)), max(map(ord, index))) + 1, -1, dtype=np.int64)
    for ch, i in index.items():
        lookup[ord(ch)] = i
    return lookup[points]


def _flat_trigrams(text: str, index: dict[str, int], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Flat ids (a·n² + b·n + c) of the trigrams of ``text`` (apostrophes already folded) whose three
    characters are in the alphabet, and the mask of the trigrams kept."""
    ids = _codes(text, index)
    a, b, c = ids[:-2], ids[1:-1], ids[2:]
    keep = (a >= 0) & (b >= 0) & (c >= 0)
    return (a * n * n + b * n + c)[keep], keep


def _add_counts(counts: np.ndarray, texts: Sequence[str], weight: float, index: dict[str, int], n: int) -> None:
    """Add the texts' trigram counts times ``weight`` to the flat ``counts``, in place. Only the
    trigrams seen are touched: each gets the same float as adding a dense count array would add."""
    joined = " " + " ".join(" ".join(t.split()) for t in texts if t.strip()) + " "
    seen, times = np.unique(_flat_trigrams(canonical(joined), index, n)[0], return_counts=True)
    counts[seen] += times.astype(np.float64) * weight


@lru_cache(maxsize=1)
def _wordfreq_text() -> tuple[str, np.ndarray]:
    """The word list as running text (each word in several shapes) and a weight per character."""
    freqs = _wordfreq_fr()
    words = [w for w in list(freqs)[:_WORDFREQ_TOP] if WORD.fullmatch(w.replace("'", "a"))]
    scale = _WORDFREQ_CHARS / sum(freqs[w] * (len(w) + 1) for w in words)
    forms, weights = [], []
    for word in words:
        for form, share in _forms(word):
            forms.append(form)
            weights.append(freqs[word] * scale * share)
    # random order, so that the trigrams across a space see independent neighbouring words
    order = np.random.default_rng(0).permutation(len(forms))
    forms = [forms[i] for i in order.tolist()]  # Python ints: indexing a list with numpy ints is slow
    lengths = np.array([len(f) + 1 for f in forms])
    per_char = np.concatenate([[0.0], np.repeat(np.array(weights)[order], lengths), [0.0]])
    return " " + " ".join(forms) + "  ", per_char


def _wordfreq_counts(index: dict[str, int], n: int) -> np.ndarray:
    return _wordfreq_counts_for("".join(sorted(index, key=index.get)))


def _wordfreq_counts_for(symbols: str) -> np.ndarray:
    # a fresh array per model (the model adds its own counts in place): gathering it costs no more
    # than copying a cached one, and a large alphabet's (garbles read as found) is 100 MB
    full, counts = _wordfreq_counts_all()
    where = _index(full)
    # the word list's trigrams over this alphabet: those over every character of the list, restricted;
    # a symbol the list never writes points at the padding row of zeros
    ids = [where.get(ch, len(full)) for ch in symbols]
    return counts[np.ix_(ids, ids, ids)].reshape(-1)


@lru_cache(maxsize=1)
def _wordfreq_counts_all() -> tuple[str, np.ndarray]:
    """Trigram counts of the word list over its own alphabet, once per process (loaded when saved,
    ``saved_counts``, else counted), with one more index per axis whose counts are all zero (for
    symbols the list never writes)."""
    return saved_counts.load_or_build(_count_wordfreq)


def _count_wordfreq() -> tuple[str, np.ndarray]:
    text, per_char = _wordfreq_text()
    full = " " + "".join(sorted(set(text) - {" "}))
    n = len(full)
    # no apostrophe to fold: the list keeps words of letters and « ' » only, and their shapes add none
    flat, keep = _flat_trigrams(text, _index(full), n)
    counts = np.zeros((n + 1, n + 1, n + 1))
    counts[:n, :n, :n] = np.bincount(flat, weights=per_char[2:][keep], minlength=n**3).reshape(n, n, n)
    return full, counts


def _forms(word: str) -> tuple[tuple[str, float], ...]:
    """Running-text shapes of a word: capitalised, upper case, before punctuation, in brackets."""
    cap = word.capitalize()
    return (
        (word, 1.0), (cap, 0.12), (word.upper(), 0.03), (f"{word},", 0.05), (f"{word}.", 0.02),
        (f"{word}. {cap}", 0.02), (f"{word} :", 0.003), (f"{word} ;", 0.002), (f"({word}", 0.005),
        (f"{word})", 0.005), (f"« {word}", 0.002), (f"{word} »", 0.002), (f"l'{word}", 0.02),
        (f"d'{word}", 0.02), (f"{word}-", 0.003), (f"{word}/", 0.002), (f'"{word}"', 0.001),
        # elision before proper nouns and acronyms (l'Union, d'Europe, l'UE)
        (f"l'{cap}", 0.004), (f"d'{cap}", 0.002), (f"l'{word.upper()}", 0.001),
    )


def _numbers() -> list[str]:
    """Shapes of numbers in French documents: counts, years, dates, article numbers, amounts."""
    out = [f"{i} " for i in range(0, 101)] + [f"{y} " for y in range(1950, 2041)]
    out += [f"{a}.{b}. {a}.{b} " for a in range(1, 21) for b in range(1, 10)]
    out += [f"{d}/{m}/{y} " for d in (1, 12, 25, 31) for m in (1, 6, 9, 12) for y in (2016, 2018, 2023)]
    out += [f"{n} % {n},5 € {n}h n°{n} ({n}) " for n in (2, 10, 15, 24, 30, 50, 72, 90, 365)]
    return out


def _smooth(counts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Log trigram probabilities (float32) and bigram counts. ``counts`` is the caller's own: it is
    overwritten (in place, the same floats with no second n³ array: a large alphabet's is 100 MB)."""
    c3 = counts.reshape(n, n, n)
    bigram = c3.sum(axis=0)  # (b, c)
    unigram = bigram.sum(axis=0)
    p1 = (unigram + 0.5) / (unigram.sum() + 0.5 * n)
    p2 = (bigram + _PRIOR * p1[None, :]) / (bigram.sum(axis=1, keepdims=True) + _PRIOR)
    total = c3.sum(axis=2, keepdims=True)  # the counts' own sums, before the prior is added
    c3 += _PRIOR * p2[None, :, :]
    c3 /= total + _PRIOR
    return np.log(c3, out=np.empty(c3.shape, dtype=np.float32)), bigram


def _dominant_apostrophe(texts: Sequence[str]) -> str:
    counts = Counter(ch for text in texts for ch in text if ch in APOSTROPHES)
    return counts.most_common(1)[0][0] if counts else APOS


def apostrophe_styles(texts: Sequence[str], minor_share: float = 0.15) -> list[str]:
    """Apostrophe styles the clean text really mixes, most used first (noise below 15 %)."""
    counts = Counter(ch for text in texts for ch in text if ch in APOSTROPHES)
    total = sum(counts.values())
    styles = [ch for ch, k in counts.most_common() if k >= minor_share * total]
    return styles or [APOS]


def _doc_vocab(texts: Sequence[str]) -> dict[str, float]:
    counts = Counter(w.lower() for text in texts for w in WORD.findall(canonical(text)))
    total = sum(counts.values()) or 1
    return {w: math.log(0.5 * k / total) for w, k in counts.items()}


def build_model(clean_texts: Sequence[str], reference_texts: Sequence[str] = ()) -> FrenchModel:
    """Train the trigram model and vocabulary from clean text (never from garbled text)."""
    texts = list(clean_texts) + list(reference_texts)
    symbols = _alphabet(texts)
    index, n = _index(symbols), len(symbols)
    counts = _wordfreq_counts(index, n)
    _add_counts(counts, list(clean_texts), _DOC_WEIGHT, index, n)
    _add_counts(counts, list(reference_texts), 1.0, index, n)
    _add_counts(counts, _numbers(), 1.0, index, n)
    logp3, bigram = _smooth(counts, n)
    return FrenchModel(symbols, logp3, bigram, _doc_vocab(texts), _dominant_apostrophe(texts))
