"""The cipher route without assumptions on where glyphs land: every character may be a glyph.

A garbled span prints each glyph as some character: ``ù`` for an ``a``, ``j`` for an ``L``,
``Σ`` for a comma. Nothing about a character's Unicode block says whether it is a glyph, so a
token is garbled when its text is unlikely French while a decoding of it is likely, with
neighbouring tokens sharing their state (spans are runs). Alternates, each step on the whole
document: label tokens (Viterbi over clean / garbled per line, a span may also start or stop
inside a token), solve one substitution over the characters of the garbled parts (trigram
hill climbing, then words for rare glyphs), label again with the decoded readings. A decoded
token is confident only when its words are known and its reading clearly beats the text as
found; otherwise it is reported and left as found.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .charclass import TOKEN
from .confidence import LONE_WORDS, Confidence, capital_rivals, mark_places, margin_over_found
from .foreign import UNREADABLE as _UNREADABLE, garble_as_found, garbled_found_part, glyph_span, glyphs_unreadable
from .fontread import clean_for_context, font_key, glyph_styles
from .loneplace import lone_placed
from .lonewords import overused_lone_words
from .owntokens import doubted_by_own_tokens
from .cipher import CipherText, hill_climb, solve
from .langmodel import APOS, WORD, FrenchModel, apostrophe_styles, build_model, canonical
from .ordering import CAPITALS, DIGITS, DIGITS_BY_NAME, ordered, reorder
from .refine import WordScorer, refine
from .wordcontext import WordContext, decode_in_context
from .tokenstate import (Reader, Reading, edge_rates, glyphish_chars, label_line, lone_at_edges, next_to_span,
                         token_score)

log = logging.getLogger(__name__)

_MIN_GARBLED_CHARS = 60  # fewer characters in garbled tokens cannot teach a table
_ROUNDS = 2  # labelling and solving alternate: a third round changed little for its cost
_MIN_DECODED = 40  # a garble decodes to at least this many confident tokens ...
_MIN_DECODED_SHARE = 0.6  # ... and to this share of the tokens read as garbled
_RESTARTS = 6  # perturbed hill climbs of the first solve
_FREQ_SLACK = 12.0  # how far a glyph's count may stray from its plain symbol's expected count
_TEACH_MARGIN = 3.0  # nats by which a garbled token must beat its text as found to teach the solver
_UNSURE = "\x00"


@dataclass
class AnyDecoding:
    table: dict[str, str] = field(default_factory=dict)
    tokens: dict[tuple[int, int, int], str] = field(default_factory=dict)  # (page, line, start) → text
    unsure: dict[tuple[int, int, int], str] = field(default_factory=dict)  # left as found → attempted reading
    context_unsure: int = 0  # of which decoded by word context, a glyph of them unsupported
    left_as_found: int = 0  # of which never decoded: read as found elsewhere, or unreadable without the document
    score_gain: float = 0.0


def _ciphertext(garbled_parts: list[str], clean_context: list[tuple[str, str, str]], model: FrenchModel) -> CipherText:
    """Trigrams touching a glyph, over spans given as (left clean context, garbled text, right)."""
    index, n = model.index, model.size
    glyph_ids: dict[str, int] = {}
    counts: Counter = Counter()
    rows = []
    for left, text, right in clean_context:
        ids = [0] + [index.get(ch, -1) if not ch.isspace() else 0 for ch in canonical(left)]
        for ch in text:
            if ch.isspace():
                ids.append(0)
            elif ch == _UNSURE:
                ids.append(-1)
            else:
                ids.append(n + glyph_ids.setdefault(ch, len(glyph_ids)))
                counts[ch] += 1
        ids += [0 if ch.isspace() else index.get(ch, -1) for ch in canonical(right)] + [0]
        arr = np.array(ids, dtype=np.int64)
        if len(arr) < 3:
            continue
        tri = np.stack([arr[:-2], arr[1:-1], arr[2:]], axis=1)
        keep = (tri >= 0).all(axis=1) & (tri >= n).any(axis=1)
        rows.append(tri[keep])
    tri = np.concatenate(rows) if rows else np.zeros((0, 3), dtype=np.int64)
    types, weights = np.unique(tri, axis=0, return_counts=True)
    glyphs = tuple(sorted(glyph_ids, key=glyph_ids.get))
    return CipherText(glyphs, np.array([counts[g] for g in glyphs], dtype=np.float64), types,
                      weights.astype(np.float64))


def _spans(lines: list[tuple[tuple[int, int], str]], labels: dict[tuple[int, int], list[Reading]], reader: Reader):
    """Per line, the garbled runs of characters with two characters of clean context each side.

    A token read as garbled by a small margin only (a lone ``–`` between garbled words) does
    not teach the solver: its characters stand as unknowns (``_UNSURE``).
    """
    out = []
    for key, line in lines:
        mask = [False] * len(line)
        chars = list(line)
        for match, r in zip(TOKEN.finditer(line), labels[key]):
            weak = any(r.mask) and r.score - reader.score(match.group()) < _TEACH_MARGIN
            for j, g in enumerate(r.mask):
                mask[match.start() + j] = g
                if g and weak:
                    chars[match.start() + j] = _UNSURE
        line = "".join(chars)
        # spaces between two garbled tokens belong to the span
        j = 0
        while j < len(line):
            if mask[j]:
                k = j
                while k < len(line) and (mask[k] or (line[k] == " " and _next_garbled(mask, line, k))):
                    k += 1
                out.append((line[max(0, j - 2):j], line[j:k], line[k:k + 2]))
                j = k
            else:
                j += 1
    return out


def _next_garbled(mask: list[bool], line: str, k: int) -> bool:
    while k < len(line) and line[k] == " ":
        k += 1
    return k < len(line) and mask[k]


def decode_any(pages: list[list[str]], reference_texts: tuple[str, ...] = ()) -> AnyDecoding | None:
    """Solve one table for the document and decode every token judged garbled; None if none is."""
    lines = [((p, i), line) for p, page in enumerate(pages) for i, line in enumerate(page) if line.strip()]
    toks = {key: [m.group() for m in TOKEN.finditer(line)] for key, line in lines}
    model = outside = build_model([], reference_texts)  # French without this document's text
    reader = Reader(model, None)
    labels = {key: label_line(toks[key], reader) for key, _ in lines}
    garbled_chars = sum(sum(r.mask) for rs in labels.values() for r in rs)
    if garbled_chars < _MIN_GARBLED_CHARS:
        return None
    # the document's clean text: tokens read as found, and lone punctuation (« – », which a glyph
    # may print too: then the token is left as found and reported, never rewritten with confidence)
    clean = [" ".join(t for t, r in zip(toks[key], labels[key]) if not any(r.mask) or not WORD.search(t))
             for key, _ in lines]
    model = build_model(clean, reference_texts)
    scores: dict[str, float] = {}  # token scores under this model, shared by the round's readers
    table: dict[str, str] = {}
    ids = None
    for round_ in range(_ROUNDS):
        ct = _ciphertext([], _spans(lines, labels, reader), model)
        if not len(ct.glyphs):
            return None
        allowed = frequency_mask(ct, model)
        if ids is None:
            ids, _ = solve(ct, model, allowed, restarts=_RESTARTS)
        else:
            start = np.array([model.index.get(canonical(table.get(g, "")), -1) for g in ct.glyphs])
            ids, _ = hill_climb(ct, model, allowed, _dedupe(start, model))
        if round_ == _ROUNDS - 1:
            garbled_tokens = [t for key, _ in lines for t, r in zip(toks[key], labels[key]) if all(r.mask)]
            ids = refine(ct, model, ids, WordScorer(garbled_tokens, ct.glyphs, model), allowed)
        table = {g: model.symbols[p] for g, p in zip(ct.glyphs, ids)}
        if round_ == _ROUNDS - 1:
            # the font's key reads rare glyphs from the solver's own readings; without one, rising capitals and digits
            font = font_key(table, dict(zip(ct.glyphs, ct.counts.tolist())), lines, toks, labels, clean,
                           garbled_tokens, Reader(model, None, cache=scores).score)
            table = font.table if font.table is not None else _in_font_order(table, garbled_tokens,
                                                                           Reader(model, None, cache=scores).score)
            if font.table is not None:  # a capital a place or two off along the key's order: words put it right
                pairs = [(t, "".join(table.get(ch, ch) for ch in t)) for t in garbled_tokens]
                table = {**table, **capital_rivals(table, pairs, model)}
        reader = Reader(model, table, *edge_rates(labels), glyphish=glyphish_chars(lines, toks, labels), cache=scores)
        labels = {key: label_line(toks[key], reader) for key, _ in lines}
        log.debug("anyfont round=%d glyphs=%d", round_, len(table))
    context_texts = clean_for_context(lines, toks, labels) + list(reference_texts)
    context = WordContext(context_texts)
    switched = decode_in_context(lines, toks, labels, table, reader.score, context, model.is_word)
    # glyphs the font's order confirms, printed as characters the clean text never uses: sure
    seen = {ch for key, _ in lines for t, r in zip(toks[key], labels[key]) if not any(r.mask) for ch in t}
    whole = [(t, r.text) for key, _ in lines for t, r in zip(toks[key], labels[key]) if all(r.mask)]
    span_free = [key for key, _ in lines if not any(any(r.mask) for r in labels[key])]
    written = Counter(w for key, _ in lines for t, r in zip(toks[key], labels[key]) if not any(r.mask)
                      for w in WORD.findall(t))  # the words the document writes as found
    confidence = Confidence(model, table, font.agreed, font.placed, whole, Counter(ch for t, _ in whole for ch in t),
                            mark_places(context_texts), lone_placed(lines, toks, labels, table, reference_texts),
                            doubted_by_own_tokens(lines, toks, labels, table, model, font.agreed), written)
    styles = glyph_styles(table, font.styles, Counter(ch for t in garbled_tokens for ch in t),
                          apostrophe_styles(clean, minor_share=0.0))
    # characters French text puts alone: the reference texts', and the marks the document's lines with
    # no span put alone when French writes them apart from this document (a garble read as found does
    # not vouch for itself: « ╣ » for « à »; a lone letter is a word or no French)
    alone = Counter(t for text in reference_texts for t in text.split() if len(t) == 1)
    alone.update(t for key in span_free for t in toks[key] if len(t) == 1 and not t.isalpha() and t in outside.index)
    found = _finish(pages, lines, toks, labels, model, table, styles, confidence, switched,
                    frozenset(font.agreed - seen), outside, alone, overused_lone_words(lines, toks, reference_texts))
    attempted = len(found.tokens) + len(found.unsure) - found.left_as_found
    decoded = len(found.tokens) + found.context_unsure  # words around them read far better decoded: a garble
    if decoded < _MIN_DECODED or decoded < _MIN_DECODED_SHARE * attempted:
        # names, codes and addresses of a clean document, not a garble: a real one decodes to words
        log.info("anyfont no garble decoded=%d attempted=%d", decoded, attempted)
        return None
    return found


def _in_font_order(table: dict[str, str], garbled: list[str], score) -> dict[str, str]:
    counts = Counter(ch for token in garbled for ch in token)
    if not ordered(table, counts):
        return table
    table = reorder(table, counts, CAPITALS, garbled, score)
    # digits: in numeric order, or in the order of their glyph names; whichever reads better
    options = [reorder(table, counts, digits, garbled, score) for digits in (DIGITS, DIGITS_BY_NAME)]
    return max(options, key=lambda t: sum(score("".join(t.get(ch, ch) for ch in token)) for token in garbled))


def frequency_mask(ct: CipherText, model: FrenchModel) -> np.ndarray:
    """(G, n) plain symbols each glyph may stand for: any but the space, at a count the
    symbol's share of French text makes possible (an ``e`` is not seen twice in 3,000 glyphs)."""
    share = model.unigram / max(model.unigram[1:].sum(), 1e-9)
    expected = share[None, :] * ct.counts.sum()
    seen = ct.counts[:, None]
    allowed = (seen <= _FREQ_SLACK * expected + 6) & (expected <= _FREQ_SLACK * seen + 6)
    allowed[:, 0] = False
    return allowed


def _dedupe(start: np.ndarray, model: FrenchModel) -> np.ndarray:
    """A one-to-one start table (the apostrophe excepted): later duplicates take free symbols."""
    seen, out = set(), start.copy()
    free = [p for p in range(1, model.size) if p not in set(start.tolist())]
    for k in np.flatnonzero(out <= 0):
        out[k] = free.pop(0)
    shared = model.index[APOS]
    for k, p in enumerate(start):
        if p in seen and p != shared:
            out[k] = free.pop(0)
        seen.add(int(p))
    return out


def _finish(pages, lines, toks, labels, model: FrenchModel, table: dict[str, str], styles: dict[str, str],
            confidence: Confidence, switched: set = frozenset(), sure: frozenset = frozenset(),
            outside: FrenchModel | None = None, alone: Counter | None = None,
            overused: frozenset = frozenset()) -> AnyDecoding:
    out = AnyDecoding(table=dict(table))
    # a token also read as found elsewhere is left as found (``</i>``, ``Looper-AI®``), not a glyph string
    found = Counter(t for key, _ in lines for t, r in zip(toks[key], labels[key]) if not any(r.mask))
    seen_clean = found.keys()
    edges = lone_at_edges(lines, toks, labels)
    span = glyph_span(table, outside) if outside is not None else (1, 0)
    for (p, i), line in lines:
        for j, (match, token, r) in enumerate(zip(TOKEN.finditer(line), toks[(p, i)], labels[(p, i)])):
            key = (p, i, match.start())
            if ((p, i), j) in switched:  # decoded because its neighbours read far better with it
                text = _styled(token, r.text, r.mask, styles)
                # a lone word (« à ») stands inside lines; a lone glyph opening or ending most of its
                # lines is a mark (a bullet, a colon) the words around fit as well
                edge = len(token) == 1 and token not in confidence.supported and edges[token] > 0
                if not edge and confidence.vouched_by_context(token, r):
                    out.tokens[key] = text
                else:
                    out.unsure[key] = text
                    out.context_unsure += 1
                continue
            if not any(r.mask) and model.text_logprob(token) < _UNREADABLE * (len(token) + 1):
                out.unsure[key] = token  # no reading makes it French: report it, never pass it as text
                continue
            if not any(r.mask) and outside is not None and glyphs_unreadable(token, outside, table):
                # the same, judged without the document's own text, which learns the trigrams of
                # garbles read as found (« ┨╋╋╌╁╎┉┝┥▃ » for « Looper-AI® » where glyphs land on box drawings)
                out.unsure[key] = token
                out.left_as_found += 1
                continue
            if not any(r.mask) and len(token) == 1 and token.isalpha() and token.lower() not in LONE_WORDS \
                    and token in table:
                # a lone letter that is no French word alone, and a glyph of the table: a garble read as found
                out.unsure[key] = table[token]
                out.left_as_found += 1
                continue
            if not any(r.mask) and len(token) == 1 and token.lower() not in LONE_WORDS and alone is not None \
                    and not alone[token] and next_to_span(labels[(p, i)], j):
                # a lone character next to a span that French text never puts alone (« N » or « ┖ »
                # for « à » or « : », glyphs never seen inside a span): a garble read as found
                out.unsure[key] = table.get(token, token)
                out.left_as_found += 1
                continue
            if not any(r.mask) and token in overused and next_to_span(labels[(p, i)], j):
                # a lone word the document writes far more often than French does (« y » for « à »)
                out.unsure[key] = table.get(token, token)
                out.left_as_found += 1
                continue
            if not any(r.mask) or r.text == token:
                if outside is not None and garble_as_found(token, outside, table, span, found[token] > 1):
                    out.unsure[key] = token  # « ┖ », « numéҠҗҟңes, »: characters French never writes
                    out.left_as_found += 1
                continue
            if token in seen_clean:
                # left as found, but reported: read as garbled here, so which reading holds is unsure
                # (« un » for « le » where glyphs land on ASCII letters)
                out.unsure[key] = _styled(token, r.text, r.mask, styles)
                out.left_as_found += 1
                continue
            gain = r.score - token_score(token, model)
            out.score_gain += gain
            text = _styled(token, r.text, r.mask, styles)
            if all(r.mask) and all(ch in sure for ch in token):
                out.tokens[key] = text  # every glyph confirmed by the font's order, none a clean character
            elif confidence.trusted(token, r, margin_over_found(token, r, gain, outside)) and not (
                    outside is not None and garbled_found_part(token, r.mask, outside, table)):
                out.tokens[key] = text
            else:
                out.unsure[key] = text
    return out


def _styled(token: str, text: str, mask, styles: dict[str, str]) -> str:
    """The model reads every apostrophe as ``'``: a glyph takes its style (the key's, else the clean text's)."""
    return "".join(styles.get(ch, d) if g and d == APOS else d for ch, d, g in zip(token, text, mask))
