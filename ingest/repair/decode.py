"""The cipher route, document level: detect, learn a model, solve one table, rewrite tokens."""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .charclass import TOKEN, GarbledToken, garbled_tokens, is_foreign, is_native, spans
from .cipher import allowed_mask, build_ciphertext, hill_climb, margins, solve
from .digits import digit_logp, native_digits, place_digits
from .langmodel import APOS, WORD, FrenchModel, apostrophe_styles, build_model, is_known, natural_share
from .refine import WordScorer, refine
from .resolve import decode_token, learn_native_table
from .shapes import reread_shapes
from .standalone import decode_lines
from .wordrate import reread_poor_letters
from .capitals import extend_capitals
from .capwords import dictionary, learn_capital_words
from .linepos import (EndPairs, LoneStyle, SymbolPairs, alone_share, end_transitions, glyph_positions, line_terms, lone_marks,
                      pair_transitions, place_punctuation,
                      position_logratios)

log = logging.getLogger(__name__)

MIN_FOREIGN_CHARS = 40  # fewer garbled characters than this cannot teach a table
LOW_CONFIDENCE = 0.6
_DISGUISE_SHARE = 3  # a disguised glyph sits in garbled tokens this many times more than in clean ones
_STYLE_USES = 5  # uses that make a second apostrophe glyph a style of its own
_DISGUISE_BELOW = 0x2000  # native characters past Latin-1 a glyph can land on (œ, ˜), not – or ’
_NATIVE_SLACK = 0.03  # how far under the final natural share the share after the first native pass may be
_PLACEHOLDERS = 0xA640  # Cyrillic Extended-B: stands in for disguised glyphs while solving


@dataclass
class Decoding:
    """What the cipher route found for one document."""

    table: dict[str, str] = field(default_factory=dict)  # foreign and native glyphs → text
    tokens: dict[tuple[int, int, int], str] = field(default_factory=dict)  # (page, line, start) → text
    token_confidence: dict[tuple[int, int, int], float] = field(default_factory=dict)
    glyph_margin: dict[str, float] = field(default_factory=dict)


def clean_segments(pages: list[list[str]], tokens: list[GarbledToken]) -> list[str]:
    """The document's clean text: whole clean lines, and clean runs of tokens elsewhere.

    A token made mostly of characters seen touching foreign glyphs (capital glyphs, ``!ÏÕä``)
    is left out too, unless it is a known word: it may well be a word in capitals, garbled.
    """
    garbled = {(t.page, t.line, t.start) for t in tokens}
    edges = edge_chars([t.text for t in tokens])
    out = []
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            current: list[str] = []
            for match in TOKEN.finditer(line):
                if (p, i, match.start()) in garbled or suspect(match.group(), edges):
                    out.append(" ".join(current))
                    current = []
                else:
                    current.append(match.group())
            out.append(" ".join(current))
    return [s for s in out if s]


def edge_chars(tokens: list[str]) -> set[str]:
    """Native characters seen right next to a foreign one inside a token."""
    out = set()
    for token in tokens:
        for a, b in zip(token, token[1:]):
            if is_foreign(a) != is_foreign(b):
                out.add(b if is_foreign(a) else a)
    return {ch for ch in out if not ch.isspace()}


def suspect(token: str, edges: set[str]) -> bool:
    """A clean-looking token that may be capitals in disguise (see ``clean_segments``)."""
    edge_share = sum(ch in edges for ch in token) / len(token)
    words = WORD.findall(token)
    # one-letter pieces alone prove nothing (``º¬º`` holds the "word" º) unless they are the token
    known = bool(words) and all(map(is_known, words)) and (len(token) == 1 or max(map(len, words)) > 1)
    return edge_share >= 0.5 and not known


def _render_apostrophes(table: dict[str, str], counts: Counter, styles: list[str]) -> dict[str, str]:
    """Apostrophe glyphs take the document's styles (``styles``: most used first), by frequency.

    A font draws each style with its own glyph; a further apostrophe glyph used only a few times
    is more likely a duplicate of the main one than a style of its own, and takes the main style.
    """
    glyphs = sorted((g for g, v in table.items() if v == APOS), key=lambda g: -counts[g])
    out = dict(table)
    for rank, g in enumerate(glyphs):
        own = rank < len(styles) and (rank == 0 or counts[g] >= _STYLE_USES)
        out[g] = styles[rank] if own else styles[0]
    return out


def token_confidence(decoded: str, model: FrenchModel) -> float:
    """Share of the token's words (two letters or more) the dictionary knows; 1 without words."""
    words = [w for w in WORD.findall(decoded) if len(w) > 1 and not w.isdigit()]
    if not words:
        return 1.0
    return sum(model.is_word(w) for w in words) / len(words)


def garbled_context(words: list[str]) -> list[bool]:
    """Per word of a line: holds a foreign character, or stands between words that do.

    A lone ``ƒ`` between garbled words (a spaced colon whose glyph is native) is inside the span.
    """
    foreign = [any(is_foreign(ch) for ch in w) for w in words]
    out = []
    for j in range(len(words)):
        around = foreign[max(j - 1, 0) : j] + foreign[j + 1 : j + 2]
        out.append(foreign[j] or (bool(around) and all(around)))
    return out


def _swap_disguised(line: str, swap: dict[int, str]) -> str:
    """The line with disguised glyphs replaced by their stand-ins inside garbled context only
    (a genuine ``œuvre`` in clean text keeps its ``œ``)."""
    matches = list(TOKEN.finditer(line))
    inside = garbled_context([m.group() for m in matches])
    out, last = [], 0
    for m, garbled in zip(matches, inside):
        if garbled:
            out += [line[last : m.start()], m.group().translate(swap)]
            last = m.end()
    return "".join(out) + line[last:]


def disguised_glyphs(pages: list[list[str]]) -> dict[str, str]:
    """Native characters past Latin-1 (``œ``, ``ƒ``, ``˜``…) that are glyphs, each with a foreign stand-in.

    Lower-case glyphs land in Latin Extended and beyond, where a few characters are native
    (``œ``, and ``ˆ`` ``˜`` from cp1252): one that sits chiefly inside garbled tokens, rarely in
    clean ones, is a glyph.
    """
    garbled, clean = Counter(), Counter()
    for lines in pages:
        for line in lines:
            words = line.split()
            for text, inside in zip(words, garbled_context(words)):
                target = garbled if inside else clean
                target.update(ch for ch in text if 0x100 <= ord(ch) < _DISGUISE_BELOW and is_native(ch) and not ch.isspace())
    found = [ch for ch, k in garbled.items() if k >= 3 and k >= _DISGUISE_SHARE * clean[ch]]
    text = "\n".join("\n".join(lines) for lines in pages)
    stand_ins = (chr(c) for c in range(_PLACEHOLDERS, _PLACEHOLDERS + 0x100) if chr(c) not in text)
    return {ch: next(stand_ins) for ch in sorted(found)}


def decode_document(pages: list[list[str]], reference_texts: tuple[str, ...] = (),
                    give_up_below: float = 0.0) -> Decoding | None:
    """Solve the document's glyph table and decode every garbled token; None if nothing to do.

    With ``give_up_below``, None also when the first climb, or the first solve, reads the tokens
    made only of foreign glyphs as natural words less often than that (``langmodel.natural_share``),
    or when every garbled token, read after the first native-character pass, reads so less often
    than that minus ``_NATIVE_SLACK``: the text does not fit this route, and the passes after it
    (most of its time) are skipped.
    """
    disguised = disguised_glyphs(pages)
    if disguised:
        swap = str.maketrans(disguised)
        pages = [[_swap_disguised(line, swap) for line in lines] for lines in pages]
    back = {v: k for k, v in disguised.items()}
    result = _decode(pages, reference_texts, back, give_up_below)
    if result is None or not disguised:
        return result
    undo = str.maketrans(back)
    result.table = {back.get(g, g): v for g, v in result.table.items()}
    result.glyph_margin = {back.get(g, g): v for g, v in result.glyph_margin.items()}
    result.tokens = {k: v.translate(undo) for k, v in result.tokens.items()}
    return result


def _decode(pages: list[list[str]], reference_texts: tuple[str, ...], origin: dict[str, str],
            give_up_below: float) -> Decoding | None:
    # origin: stand-in → disguised glyph, whose code point places the digits
    tokens = garbled_tokens(pages)
    foreign = Counter(ch for t in tokens for ch in t.text if is_foreign(ch))
    if sum(foreign.values()) < MIN_FOREIGN_CHARS:
        if foreign:
            log.info("cipher skipped foreign_chars=%d", sum(foreign.values()))
        return None
    started = time.perf_counter()
    clean = clean_segments(pages, tokens)
    model = build_model(clean, reference_texts)
    ct = build_ciphertext(pages, tokens, model)
    allowed = allowed_mask(ct, model)
    # the first climb, then the solve, may already show that the text does not fit this route
    first = hill_climb(ct, model, allowed)
    if give_up_below and _first_share(tokens, ct.glyphs, first[0], model) < give_up_below:
        log.info("cipher gave up after first climb seconds=%.2f", time.perf_counter() - started)
        return None
    table_ids, _ = solve(ct, model, allowed, first=first)
    if give_up_below and _first_share(tokens, ct.glyphs, table_ids, model) < give_up_below:
        log.info("cipher gave up after first solve seconds=%.2f", time.perf_counter() - started)
        return None
    words = WordScorer([t.text for t in tokens], ct.glyphs, model)
    table_ids, allowed = place_digits(ct, model, table_ids, allowed, words, digit_logp(clean + list(reference_texts)),
                                      origin)
    table_ids = refine(ct, model, table_ids, words, allowed)
    garbled_lines = {(t.page, t.line) for t in tokens}
    clean_lines = [line for p, lines in enumerate(pages) for i, line in enumerate(lines) if (p, i) not in garbled_lines]
    references = [text.split("\n") for text in reference_texts]
    ratios = position_logratios(clean_lines + [ln for lines in references for ln in lines], model)
    ends = EndPairs(pages, ct.glyphs, model, end_transitions(pages + references, model))
    lone = SymbolPairs(lone_marks(pages), ct.glyphs, model, pair_transitions(lone_marks(pages + references), model))
    positions, alone = glyph_positions(pages, tokens, ct.glyphs), alone_share(tokens, ct.glyphs)
    style = LoneStyle(clean_lines, [ln for lines in references for ln in lines], tokens, ct.glyphs, model)
    table_ids = place_punctuation(ct, model, table_ids, allowed, positions, ratios, alone, ends, lone, style)
    table_ids = reread_poor_letters(ct, model, table_ids, allowed, words)
    table = {g: model.symbols[p] for g, p in zip(ct.glyphs, table_ids)}
    cut = boundary_cost(pages, tokens)
    digits = native_digits(ct, model, table_ids, [t.text for t in tokens], origin)
    trials: dict[str, float] = {}  # reading → score, for both passes
    native = {**learn_native_table([t.text for t in tokens], table, model, cut, scores=trials), **digits}
    # every token readable now: when even these read unnatural, the rest of the route (half its time) is not paid for
    if give_up_below and _native_share(tokens, table, native, model, cut) < give_up_below - _NATIVE_SLACK:
        log.info("cipher gave up after first native pass seconds=%.2f", time.perf_counter() - started)
        return None
    # second pass: each capital judged next to its neighbours' first-pass readings
    native = {**learn_native_table([t.text for t in tokens], table, model, cut, context=native, scores=trials),
              **digits}
    every_token = [m.group() for lines in pages for line in lines for m in TOKEN.finditer(line)]
    native = extend_capitals(every_token, native, model)
    # words in capitals whose glyphs appear nowhere else, then what they make solvable alone
    on_garbled = [m.group() for p, i in sorted(garbled_lines) for m in TOKEN.finditer(pages[p][i])]
    native = learn_capital_words(on_garbled, table, native, model, dictionary(clean + list(reference_texts)))
    native = extend_capitals(every_token, native, model)
    # punctuation read again with the native characters decoded: ``AI®`` is no longer ``??®``
    decoded = {(t.page, t.line, t.start): decode_token(t.text, table, native, model, cut) for t in tokens}
    ct_decoded = build_ciphertext(pages, tokens, model, decoded)
    table_ids, _ = hill_climb(ct_decoded, model, allowed, table_ids)
    table_ids = refine(ct_decoded, model, table_ids, words, allowed)
    table_ids = place_punctuation(ct_decoded, model, table_ids, allowed, positions, ratios, alone, ends, lone, style)
    table_ids = reread_shapes(ct_decoded, model, table_ids, allowed, words, line_terms(positions, ratios, ends, lone, style))
    table = {g: model.symbols[p] for g, p in zip(ct.glyphs, table_ids)}
    result = Decoding(glyph_margin=dict(zip(ct.glyphs, margins(ct, model, table_ids, allowed).tolist())))
    for tok in tokens:
        key = (tok.page, tok.line, tok.start)
        decoded = decode_token(tok.text, table, native, model, cut)
        result.tokens[key] = decoded
        result.token_confidence[key] = token_confidence(decoded, model)
    for key, decoded in decode_lines(pages, set(result.tokens), native, model, cut).items():
        result.tokens[key] = decoded
        result.token_confidence[key] = token_confidence(decoded, model)
    used = {ch for key, text in result.tokens.items() for ch in _source(pages, key)}
    styles = apostrophe_styles(clean, minor_share=0.0)
    rendered = _render_apostrophes({**table, **{c: v for c, v in native.items() if c in used}}, foreign, styles)
    result.table = rendered
    result.tokens = {k: _restyle(v, pages, k, rendered) for k, v in result.tokens.items()}
    log.info("cipher glyphs=%d native=%d tokens=%d seconds=%.2f", len(table), len(native), len(tokens),
             time.perf_counter() - started)
    return result


def _native_share(tokens: list[GarbledToken], table: dict[str, str], native: dict[str, str], model: FrenchModel,
                  cut: float) -> float:
    """Natural share of every garbled token read with the first native pass's capitals."""
    return natural_share(decode_token(t.text, table, native, model, cut) for t in tokens)


def _first_share(tokens: list[GarbledToken], glyphs: tuple[str, ...], table_ids: np.ndarray, model: FrenchModel) -> float:
    """Natural share of the tokens made only of foreign glyphs, read through the first solve's
    table (capitals on ASCII are not learned yet: tokens holding a native character are left out)."""
    table = {g: model.symbols[p] for g, p in zip(glyphs, table_ids)}
    whole = (t.text for t in tokens if all(is_foreign(ch) for ch in t.text))
    return natural_share("".join(table.get(ch, ch) for ch in text) for text in whole)


def boundary_cost(pages: list[list[str]], tokens: list[GarbledToken]) -> float:
    """Minus the log probability that a garbled span starts or stops at a given character.

    Learned from the span ends seen at token edges inside lines (line ends don't count).
    """
    found = spans(pages, tokens)
    lines = {(s.page, s.line) for s in found}
    chars = sum(len(pages[p][i].strip()) for p, i in lines)
    ends = sum((s.start > len(pages[s.page][s.line]) - len(pages[s.page][s.line].lstrip()))
               + bool(pages[s.page][s.line][s.end:].strip()) for s in found)
    return -math.log((ends + 1) / (chars + 2))


def _source(pages: list[list[str]], key: tuple[int, int, int]) -> str:
    p, i, start = key
    match = TOKEN.match(pages[p][i], start)
    return match.group() if match else ""


def _restyle(decoded: str, pages: list[list[str]], key: tuple[int, int, int], table: dict[str, str]) -> str:
    """Apply the rendered apostrophe style to the glyphs of this token."""
    source = _source(pages, key)
    if APOS not in decoded or len(source) != len(decoded):
        return decoded
    return "".join(table[s] if d == APOS and s in table else d for s, d in zip(source, decoded))
