"""Whether a decoded token is passed on as text or reported low-confidence: the one place that decides.

A decoding is only as good as the glyph readings it is made of. A glyph's reading is supported when
two independent sources found it (the trigram solver and the font's order); or, for a digit or a
lower-case letter, when the font's order places it alike from the voting glyphs on both sides; or,
for a letter, when it spells several distinct common words; or, for a lower-case letter, or a mark
French writes against letters (« , » « . » « ' »), when it is frequent enough for the trigrams to
settle it (such a mark, on a table no font order confirms, not for a token with a capital); or, for
a punctuation mark standing alone where a font order confirms readings, when its places in the lines
single it out (``loneplace.py``: a second reading, apart from the trigrams). A rare glyph read as
punctuation or a capital that only the trigrams, or only the order, supports (« » read for « – », «
J » for « L ») is where wrong confident text came from: a token holding one is reported instead. A
supported token must also read as French: every word known at a reasonable frequency or written as
found by the document, and a clear margin over the text as found (measured also without the
document's text, when that text as found holds characters French never writes). Where the font's
order is off by a place or two, whole words still read well (« Ja » for « La », « l"utilisation »):
a capital whose words, or an unsupported mark whose uses inside words, read far better as another
one are doubtful, and not even the words around a token vouch for them; so is, where no font order
confirms any reading (a subset numbered by first use), a capital whose words read as well with
another (« Ces » for « Les »).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable

from .langmodel import WORD, FrenchModel
from .tokenstate import Reading, token_score

_CONFIDENT_MARGIN = 4.0  # nats a decoded reading must beat the text as found by to be trusted
_PLAUSIBLE_MARGIN = 6.0  # ... when the text as found is itself plausible (known words, « – »)
_PLAUSIBLE_PER_CHAR = -4.5  # trigram score per character of text that reads as plausible French
_LETTER_WORDS = frozenset("aàylsdncjmtqe")  # one-letter words and elided forms (l', d', qu')
LONE_WORDS = frozenset("aày")  # one-letter words that stand alone between two others
_WORD_FLOOR = math.log(1e-7)  # log frequency under which a known word is too rare to vouch for a reading
_LOWER_SUPPORT = 2  # distinct known words a lower-case letter's glyph must spell
_UPPER_SUPPORT = 2  # ... a capital's glyph
_FREQUENT_GLYPH = 20  # uses after which the trigrams alone settle a glyph (commas, periods)
# marks French writes against a letter (« , » « . » after a word, « ' » inside one, « ( » « ) » around it):
# once frequent, the trigrams settle them as they do lower-case letters; not the marks French sets apart
# with a space (« » : ; –) or that trade places with each other (quotes, bullets, « - » and « / » in words)
_SETTLED_MARKS = frozenset(",.'()")
_MARK_FIT = 0.1  # how well a glyph read as a mark must sit where the clean text puts that mark (0..1)
_MARK_RIVAL = 0.5  # nats per use by which another mark may explain a glyph's places better: a guess
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CAPITAL_REACH = 2  # letters either side of a capital's reading that an order off by a place or two gives
_CAPITAL_DOUBT = 40.0  # nats, over all its uses, by which such a capital must make the words likelier
_WRITTEN = 2  # uses as found after which a word of the document's own (a name, « RGDP ») is no rare word
_MARK_DOUBT = 20.0  # nats, over all its uses, by which another mark must make the text likelier


def _place(i: int, n: int) -> str:
    """Where a character sits in its token: alone, first, last or inside."""
    return "alone" if n == 1 else "first" if i == 0 else "last" if i == n - 1 else "inside"


def mark_places(texts: Iterable[str]) -> dict[str, Counter]:
    """Per punctuation mark, where the clean text puts it in its tokens (« ( » first, « ) » last)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for token in text.split():
            for i, ch in enumerate(token):
                if not ch.isalnum():
                    out[ch][_place(i, len(token))] += 1
    return out


def plausible(token: str, model: FrenchModel) -> bool:
    """Text as found that reads as French: known words, or likely characters (« – », « : »)."""
    words = [w for w in WORD.findall(token) if not w.isdigit()]
    if words:
        return all(model.is_word(w) for w in words) and max(map(len, words)) > 1
    return model.text_logprob(token) / (len(token) + 1) > _PLAUSIBLE_PER_CHAR


def capital_rivals(table: dict[str, str], garbled: list[tuple[str, str]], model: FrenchModel) -> dict[str, str]:
    """Glyphs read as a capital A–Z whose words, over all their uses, read far better with a capital a
    place or two away in the alphabet (the font's order was off there: « Ja » for « La », « Hl » for
    « Il »), each with that capital. Word frequencies include the document's own words, so names
    (« AOPS ») stay."""
    uses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for token, reading in garbled:
        if len(token) == len(reading):
            for g in set(token):
                if len(table.get(g, "")) == 1 and table[g] in _CAPITALS:
                    uses[g].append((token, reading))

    def words(g: str, letter: str, found: list[tuple[str, str]]) -> float:
        texts = ("".join(letter if ch == g else d for ch, d in zip(token, reading)) for token, reading in found)
        return sum(model.word_logfreq(w) for text in texts for w in WORD.findall(text) if not w.isdigit())

    out = {}
    for g, found in uses.items():
        at = _CAPITALS.index(table[g])
        others = [_CAPITALS[i] for i in range(at - _CAPITAL_REACH, at + _CAPITAL_REACH + 1) if 0 <= i < 26 and i != at]
        best = max(others, key=lambda letter: words(g, letter, found))
        if words(g, best, found) > words(g, table[g], found) + _CAPITAL_DOUBT:
            out[g] = best
    return out


def capitals_in_doubt(table: dict[str, str], garbled: list[tuple[str, str]], model: FrenchModel) -> frozenset[str]:
    """Glyphs read as a capital A–Z whose words, over all their uses, read at least as well with
    another capital (« Ces », « Tous » read for « Les », « Nous »): the words do not single the
    capital out. Used where no font order confirms any reading (first-use subsets)."""
    uses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for token, reading in garbled:
        if len(token) == len(reading):
            for g in set(token):
                if len(table.get(g, "")) == 1 and table[g] in _CAPITALS:
                    uses[g].append((token, reading))

    def words(g: str, letter: str, found: list[tuple[str, str]]) -> float:
        texts = ("".join(letter if ch == g else d for ch, d in zip(token, reading)) for token, reading in found)
        return sum(model.word_logfreq(w) for text in texts for w in WORD.findall(text) if not w.isdigit())

    out = set()
    for g, found in uses.items():
        own = words(g, table[g], found)
        if any(words(g, letter, found) >= own for letter in _CAPITALS if letter != table[g]):
            out.add(g)
    return frozenset(out)


def doubtful_marks(table: dict[str, str], garbled: list[tuple[str, str]], model: FrenchModel,
                   glyphs: Iterable[str]) -> frozenset[str]:
    """Those of ``glyphs`` read as a punctuation mark whose uses the trigrams read far better with
    another mark (« l"utilisation », « réservation' »: an order one off over a stretch of marks)."""
    wanted = {g for g in glyphs if len(table.get(g, "")) == 1 and not table[g].isalnum() and not table[g].isspace()}
    uses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for token, reading in garbled:
        if len(token) == len(reading):
            # inside a word only: next to letters the trigrams know the marks well (« l'u »), not in addresses
            for i in range(1, len(token) - 1):
                if token[i] in wanted and reading[i - 1].isalpha() and reading[i + 1].isalpha():
                    uses[token[i]].append((token, reading))
    marks = [m for m in model.symbols if not m.isalnum() and not m.isspace()]
    out = set()
    for g, found in uses.items():
        def text(mark: str) -> float:
            return sum(model.text_logprob("".join(mark if ch == g else d for ch, d in zip(token, reading)))
                       for token, reading in found)
        own = text(table[g])
        if any(text(m) > own + _MARK_DOUBT for m in marks if m != table[g]):
            out.add(g)
    return frozenset(out)


def margin_over_found(token: str, r: Reading, gain: float, outside: FrenchModel | None) -> float:
    """A reading's margin over the text as found. The document's model learns the garbles it reads as
    found (« ‼‴‴‽‶› » for « Cookie » where glyphs land on punctuation): when the text as found holds a
    character French without the document never writes, that French judges it too, and the larger
    margin counts. Not across a span edge, nor for text as found made of French characters (« ? »)."""
    if outside is None or not all(r.mask) or all(ch in outside.index for ch in token):
        return gain
    return max(gain, token_score(r.text, outside) - token_score(token, outside))


class Confidence:
    """Per document: which glyph readings are supported, and whether a decoded token is trusted.

    ``table``: glyph → final reading; ``agreed``: glyphs whose reading the solver and the font's
    order found on their own; ``placed``: glyphs the order reads alike from both neighbouring
    voting glyphs; ``garbled``: (token, reading) of the tokens decoded whole; ``counts``: uses
    of each glyph; ``marks``: where the clean text puts each punctuation mark (``mark_places``);
    ``lone_marks``: glyphs read as a mark whose places alone in their lines single it out
    (``loneplace.lone_placed``); ``doubted``: glyphs found doubtful elsewhere (``owntokens.py``).
    """

    def __init__(self, model: FrenchModel, table: dict[str, str], agreed: Iterable[str], placed: Iterable[str],
                 garbled: Iterable[tuple[str, str]], counts: Counter, marks: dict[str, Counter] | None = None,
                 lone_marks: Iterable[str] = (), doubted: Iterable[str] = (), written: Counter | None = None):
        self.model, self.table = model, table
        self.written = written or Counter()  # words the document writes as found (« RGDP », « Ikomia »)
        garbled = list(garbled)
        self.marks = marks or {}
        self.places: dict[str, Counter] = defaultdict(Counter)  # glyph → where it sits in the garbled tokens
        for token, _ in garbled:
            for i, ch in enumerate(token):
                self.places[ch][_place(i, len(token))] += 1
        spelled: dict[str, set[str]] = defaultdict(set)
        for token, reading in set(garbled):
            words = WORD.findall(reading)
            if words and all(self.common(w) for w in words if not w.isdigit()) and not reading.isdigit():
                for g in set(token):
                    spelled[g].add(reading)
        agreed, placed = set(agreed), set(placed)
        # a lone mark the solver read that its places in the lines single out (``loneplace.py``); with no
        # font order confirming any reading (first-use subsets), the solver misreads too many marks for that
        lone_marks = set(lone_marks) if agreed else set()
        self.doubtful = frozenset(capital_rivals(table, garbled, model)) | frozenset(doubted)
        if not agreed:  # no font order confirms a reading: the words alone must single a capital out
            self.doubtful |= capitals_in_doubt(table, garbled, model)
        supported = frozenset(g for g, r in table.items() if g not in self.doubtful and (
                              g in agreed or (g in placed and (r.isdigit() or r.islower()))
                              or (g in lone_marks and not r.isalnum())
                              or (r.islower() and (counts[g] >= _FREQUENT_GLYPH or len(spelled[g]) >= _LOWER_SUPPORT))
                              or (r.isupper() and len(spelled[g]) >= _UPPER_SUPPORT)))
        # a frequent mark French writes against letters, settled by the trigrams like a frequent letter;
        # where no font order confirms a reading, it does not vouch for a token holding a capital (below)
        self.settled = frozenset(g for g, r in table.items() if g not in self.doubtful and g not in supported
                                 and r in _SETTLED_MARKS and counts[g] >= _FREQUENT_GLYPH and self.fits_mark(g, r))
        self.keyless = not agreed
        self.supported = supported | self.settled
        self.doubtful |= doubtful_marks(table, garbled, model, set(table) - self.supported)

    def common(self, word: str) -> bool:
        """A known word at a frequency where its reading is evidence (one letter: a French word)."""
        if len(word) == 1:
            return word.lower() in _LETTER_WORDS or word.isdigit()
        return self.model.word_logfreq(word) > _WORD_FLOOR

    def supports(self, token: str, r: Reading) -> bool:
        """Every glyph of the token's garbled part has a supported reading."""
        return all(ch in self.supported for ch, g in zip(token, r.mask) if g) and not self._settled_capital(token, r)

    def _settled_capital(self, token: str, r: Reading) -> bool:
        """Where no font order confirms a reading (first-use subsets, whose capitals the words alone
        read, « Cooper-FIN » for « Looper-AI® »), a mark settled by its uses alone is no support for a
        token holding a capital: its capitals are the token's doubt, and the mark was its last check."""
        glyphs = [ch for ch, g in zip(token, r.mask) if g]
        return self.keyless and any(ch in self.settled for ch in glyphs) and any(
            self.table.get(ch, "").isupper() for ch in glyphs)

    def fits_mark(self, glyph: str, mark: str) -> bool:
        """The glyph sits in its tokens where the clean text puts ``mark``: « » » alone, « ( » first,
        never « ( » last or « " » inside a word (``l"adresse``); and no other mark fits those places
        far better (a glyph that only ever opens words is « ( » as much as « " »: a guess)."""
        if self._fit(glyph, mark) < _MARK_FIT:
            return False
        own = self._places_logp(glyph, mark)
        return not any(self._places_logp(glyph, other) >= own + _MARK_RIVAL for other in self.marks if other != mark)

    def _places_logp(self, glyph: str, mark: str) -> float:
        """Mean log probability, per use, of the glyph's places in its tokens were it ``mark``
        (the clean text's places of that mark, smoothed: a rival must explain every use)."""
        clean, used = self.marks.get(mark, Counter()), self.places.get(glyph, Counter())
        total, uses = sum(clean.values()), sum(used.values())
        return sum(k * math.log((clean[p] + 0.5) / (total + 2.0)) for p, k in used.items()) / max(uses, 1)

    def _fit(self, glyph: str, mark: str) -> float:
        """How well the glyph's places in its tokens match the clean text's places of ``mark`` (0..1)."""
        clean, used = self.marks.get(mark), self.places.get(glyph)
        if not clean or not used:
            return 0.0
        total, uses = sum(clean.values()), sum(used.values())
        return sum(clean[p] / total * k for p, k in used.items()) / uses

    def vouched_by_context(self, token: str, r: Reading) -> bool:
        """A token decoded by its word context (``wordcontext.py``) passed on as text.

        The neighbouring words vouch for the letters they read, but not for a doubtful capital
        (``capital_rivals``: « Ja » for « La »). A digit must be supported on
        its own (no word tells « 2.1 » from « 2.3 »); a punctuation mark must be supported, or
        sit where the clean text puts that mark (« personnelles(, » is not French for
        « personnelles), »). A lone glyph must be supported, unless read as a lower-case word
        (« à »): with no letters of its own to check, the words around fit several readings of it
        (« À » or « – » between two clauses). A lone glyph read as a lower-case letter that French
        never writes alone (« á » for « à », « t » for « ? ») is not French, however well supported;
        nor is a glyph read as « % » in a token with no number.
        """
        if len(token) == 1 and r.mask[0] and token not in self.supported and r.text not in LONE_WORDS:
            return False
        if len(token) == 1 and r.mask[0] and r.text.islower() and r.text not in LONE_WORDS:
            return False  # a lower-case letter French never writes alone (« á », « ô », « t »): no French
        for ch, g, d in zip(token, r.mask, r.text):
            if g and ch in self.doubtful:
                return False
            if g and d == "%" and not any(c.isdigit() for c in r.text):
                return False  # French writes « % » after a number (« %App% » is « "App" »)
            if not g or ch in self.supported or d.isalpha():
                continue
            if d.isdigit() or not self.fits_mark(ch, d):
                return False
        return True

    def trusted(self, token: str, r: Reading, gain: float) -> bool:
        """A decoded token (``r``: its reading, ``gain``: nats over the text as found) passed on as text."""
        if not self.supports(token, r):
            return False  # a glyph nothing but the trigrams reads this way
        words = [w for w in WORD.findall(r.text) if not w.isdigit()]
        if not all(r.mask) and sum(len(w) > 1 for w in WORD.findall(r.text)) > 1:
            return False  # a span edge inside a token is trusted only where it makes one word
        if not all(self.common(w) or self.written[w] >= _WRITTEN for w in words) or gain < _CONFIDENT_MARGIN:
            return False
        return gain >= _PLAUSIBLE_MARGIN or not plausible(token, self.model)
