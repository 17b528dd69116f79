"""Confidence of decoded tokens (ingest/repair/confidence.py) and token counts kept by the mojibake fix."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.repair.confidence import Confidence, capital_rivals, capitals_in_doubt, mark_places
from ingest.repair.langmodel import build_model
from ingest.repair.mojibake import fix_mojibake
from ingest.repair.tokenstate import Reading


@pytest.fixture(scope="module")
def model():
    return build_model(["La société traite les données des clients. Le contrat est signé le 12 mars 2023."])


def _reading(text: str) -> Reading:
    return Reading(text, True, True, 0.0, (True,) * len(text))


# glyph → reading: lower case spelling several words, a rare capital, a rare punctuation glyph
TABLE = {"α": "l", "β": "e", "γ": "s", "δ": "d", "ε": "a", "Λ": "L", "Ω": "»", "ϑ": "–"}
GARBLED = [("αβγ", "les"), ("δβγ", "des"), ("αε", "la"), ("δβ", "de"), ("Λβ", "Le")]


def test_a_rare_punctuation_glyph_is_trusted_only_when_the_font_order_agrees(model):
    counts = Counter(ch for t, _ in GARBLED for ch in t) + Counter({"Ω": 2, "ϑ": 2})
    alone = Confidence(model, TABLE, agreed=(), placed=(), garbled=GARBLED, counts=counts)
    assert not alone.trusted("Ω", _reading("»"), gain=20.0)
    # the order alone (both neighbouring voters) places digits and lower case, not punctuation
    assert not Confidence(model, TABLE, (), ("Ω",), GARBLED, counts).trusted("Ω", _reading("»"), gain=20.0)
    digits = Confidence(model, {**TABLE, "ϟ": "7"}, (), ("ϟ",), GARBLED, counts + Counter({"ϟ": 1}))
    assert "ϟ" in digits.supported
    agreed = Confidence(model, TABLE, agreed=("Ω",), placed=(), garbled=GARBLED, counts=counts)
    assert agreed.trusted("Ω", _reading("»"), gain=20.0)


def test_letters_are_supported_by_distinct_known_words(model):
    counts = Counter(ch for t, _ in GARBLED for ch in t)
    conf = Confidence(model, TABLE, agreed=(), placed=(), garbled=GARBLED, counts=counts)
    assert {"α", "β", "γ", "δ"} <= conf.supported  # each spells two known words or more
    assert "Λ" not in conf.supported  # a capital seen in one word only
    assert conf.trusted("δβγ", _reading("des"), gain=20.0)
    assert not conf.trusted("Λβ", _reading("Le"), gain=20.0)
    # many uses settle a lower-case glyph without words; a capital needs words or the order
    assert "Λ" not in Confidence(model, TABLE, (), (), GARBLED, counts + Counter({"Λ": 100})).supported
    assert "ε" not in conf.supported  # « a »: one word only
    assert "ε" in Confidence(model, TABLE, (), (), GARBLED, counts + Counter({"ε": 100})).supported


def test_a_reading_must_be_a_common_word_and_beat_the_text_as_found(model):
    counts = Counter(ch for t, _ in GARBLED for ch in t)
    conf = Confidence(model, TABLE, agreed=(), placed=(), garbled=GARBLED, counts=counts)
    assert conf.trusted("αβγ", _reading("les"), gain=20.0)
    assert not conf.trusted("αβγ", _reading("les"), gain=1.0)  # no margin over the text as found
    assert not conf.trusted("γδβα", _reading("sdel"), gain=20.0)  # supported glyphs, but no word


def test_the_mojibake_fix_never_merges_or_splits_tokens():
    assert fix_mojibake("cafÃ© crÃ¨me") == "café crème"  # classic mojibake is still fixed
    # « Â » before a no-break space reads as a lost byte; a glyph printed as « Â » is a token of its own
    line = "prix Â\u00a0: 5"
    assert len(fix_mojibake(line).split()) == len(line.split())
    assert len(fix_mojibake("voilÃ\u00a0la").split()) == 2




def test_word_context_vouches_for_letters_and_for_marks_where_the_clean_text_puts_them(model):
    table = {**TABLE, "ψ": "(", "ω": ")", "ϟ": "7"}
    # ψ opens words, as « ( » does in the clean text; ω is read « ) » but sits inside words
    garbled = GARBLED + [("ψαβγ", "(les"), ("ψδβ", "(de"), ("αωβ", "l)e"), ("δωβγ", "d)es")]
    counts = Counter(ch for t, _ in garbled for ch in t)
    marks = mark_places(["Les données (sauf mention) sont traitées (voir ci-dessous) ici."])
    conf = Confidence(model, table, agreed=(), placed=(), garbled=garbled, counts=counts, marks=marks)
    assert conf.vouched_by_context("αβγ", _reading("les"))
    assert conf.vouched_by_context("Λβ", _reading("Le"))  # the words around it vouch for letters
    assert conf.vouched_by_context("ψαβγ", _reading("(les"))
    assert not conf.vouched_by_context("αωβ", _reading("l)e"))  # « ) » never sits inside a word
    assert not conf.vouched_by_context("ϟ", _reading("7"))  # no word tells one digit from another
    # without a clean text to compare with, a mark needs the font's order; so does a digit
    bare = Confidence(model, table, agreed=("ϟ",), placed=(), garbled=garbled, counts=counts)
    assert not bare.vouched_by_context("ψαβγ", _reading("(les"))
    assert bare.vouched_by_context("ϟ", _reading("7"))
    # a character the span edge leaves clean is not the context's to vouch for
    assert bare.vouched_by_context("(αβγ", Reading("(les", False, True, 0.0, (False, True, True, True)))


def test_word_context_does_not_vouch_for_a_lone_unsupported_glyph(model):
    """A token of one glyph has no letters of its own: « À » or « – » fit the same words around
    (but a lone lower-case word, « à », is what word context reads best)."""
    table = {**TABLE, "Ά": "À", "ϖ": "a"}
    garbled = GARBLED + [("Ά", "À"), ("ϖ", "a")] * 3
    counts = Counter(ch for t, _ in garbled for ch in t)
    conf = Confidence(model, table, agreed=(), placed=(), garbled=garbled, counts=counts)
    assert not conf.vouched_by_context("Ά", _reading("À"))
    assert "ϖ" not in conf.supported and conf.vouched_by_context("ϖ", _reading("a"))  # a lower-case word alone: « à », « a »
    assert conf.vouched_by_context("Άβ", _reading("Àe"))  # in a longer token the words check its letters
    assert conf.vouched_by_context("Ά", Reading("Ά", False, True, 0.0, (False,)))  # not a glyph there
    # supported (the solver and the font's order agree): the lone glyph is vouched for
    agreed = Confidence(model, table, agreed=("Ά",), placed=(), garbled=garbled, counts=counts)
    assert agreed.vouched_by_context("Ά", _reading("À"))


def test_a_capital_an_order_put_a_place_off_is_doubtful_and_has_a_rival(model):
    """« Ja » for « La » ten times: a capital two places away makes far likelier words, so the glyph is
    doubtful, unsupported, and no word context vouches for it; a name of the document's own stays."""
    table = {**TABLE, "Ϙ": "J", "Ϛ": "A", "ϕ": "O", "ϖ": "P", "ϗ": "S"}
    garbled = GARBLED + [("Ϙε", "Ja")] * 10 + [("ϚϕϖϗΩ", "AOPS»")] * 10
    counts = Counter(ch for t, _ in garbled for ch in t)
    named = build_model(["La société AOPS traite les données. AOPS est le responsable."])
    conf = Confidence(named, table, agreed=("Ϙ", "Ϛ"), placed=(), garbled=garbled, counts=counts)
    assert conf.doubtful == {"Ϙ"}
    assert capital_rivals(table, garbled, named) == {"Ϙ": "L"}  # the any-font route reads it so on keyed fonts
    assert "Ϙ" not in conf.supported and "Ϛ" in conf.supported
    assert not conf.vouched_by_context("Ϙε", _reading("Ja"))
    assert conf.vouched_by_context("δβ", _reading("de"))


def test_a_mark_the_trigrams_read_far_better_as_another_inside_words_is_doubtful(model):
    """« l"utilisation » ten times: the glyph sits inside words where the text reads far better with
    « ' »; word context no longer vouches for it. Glyphs the table does not read are skipped."""
    apostrophes = build_model(["l'utilisation de l'adresse et l'accès à l'application d'un service."] * 5)
    table = {**TABLE, "ψ": '"', "Ϙ": "J"}
    inside = [("".join("ψ" if ch == '"' else "x" for ch in w), w) for w in ('l"utilisation', 'l"adresse')] * 5
    garbled = GARBLED + inside
    conf = Confidence(apostrophes, table, (), (), garbled, Counter(ch for t, _ in garbled for ch in t))
    assert "ψ" in conf.doubtful and "ψ" not in Confidence(apostrophes, table, (), (), GARBLED, Counter()).doubtful
    assert not conf.vouched_by_context(inside[0][0], _reading(inside[0][1]))


def test_a_mark_another_mark_fits_far_better_is_not_vouched_for(model):
    """A glyph that only ever opens words is « ( » as much as « " », where the clean text puts « ( »
    first and « " » first and last: read as « " », its words do not vouch for it."""
    table = {**TABLE, "ψ": '"'}
    garbled = GARBLED + [("ψαβγ", '"les'), ("ψδβ", '"de'), ("ψαε", '"la')]
    counts = Counter(ch for t, _ in garbled for ch in t)
    marks = mark_places(['Les données (sauf mention) sont "traitées" (voir ci-dessous) ici (et là) "sans" frais.'])
    conf = Confidence(model, table, agreed=(), placed=(), garbled=garbled, counts=counts, marks=marks)
    assert not conf.vouched_by_context("ψαβγ", _reading('"les'))
    # read « ( », the best fit of its places: vouched for
    opening = Confidence(model, {**table, "ψ": "("}, agreed=(), placed=(), garbled=garbled, counts=counts, marks=marks)
    assert opening.vouched_by_context("ψαβγ", _reading("(les"))


def test_a_token_read_as_garbled_here_and_as_found_elsewhere_is_reported(model):
    """« un » labelled garbled (read « le ») on one line, read as found on another: left as found
    on both, and reported where it was read as garbled."""
    from ingest.repair.anyfont import _finish

    lines = [((0, 0), "un contrat"), ((0, 1), "un αβγ")]
    toks = {(0, 0): ["un", "contrat"], (0, 1): ["un", "αβγ"]}
    clean = Reading("un", False, False, 0.0, (False, False))
    labels = {(0, 0): [clean, Reading("contrat", False, False, 0.0, (False,) * 7)],
              (0, 1): [Reading("le", True, True, 0.0, (True, True)), _reading("les")]}
    conf = Confidence(model, TABLE, agreed=(), placed=(), garbled=GARBLED, counts=Counter("αβγδεαβ"))
    found = _finish([["un contrat", "un αβγ"]], lines, toks, labels, model, TABLE, {}, conf)
    assert found.unsure.get((0, 1, 0)) == "le" and found.left_as_found == 1
    assert (0, 0, 0) not in found.unsure and (0, 0, 0) not in found.tokens and (0, 1, 0) not in found.tokens


def test_a_token_read_as_found_that_only_the_document_makes_readable_is_reported():
    """Garbles read as found teach the document's own trigrams (« ┨╋╋╌ » seen often reads « fine »
    to them): judged also without the document's text, such a token is reported, left as found,
    and not counted as a decoding attempt; a French word read as found is not."""
    from ingest.repair.anyfont import _finish

    doc_model = build_model(["┨╋╋╌ la société ┨╋╋╌ traite ┨╋╋╌ les données ┨╋╋╌"])
    outside = build_model([])
    lines = [((0, 0), "┨╋╋╌ société")]
    toks = {(0, 0): ["┨╋╋╌", "société"]}
    labels = {(0, 0): [Reading(t, False, False, 0.0, (False,) * len(t)) for t in toks[(0, 0)]]}
    table = {**TABLE, "┨": "L", "╋": "o", "╌": "p"}  # glyphs the table reads elsewhere in the document
    conf = Confidence(doc_model, table, agreed=(), placed=(), garbled=GARBLED, counts=Counter())
    found = _finish([["┨╋╋╌ société"]], lines, toks, labels, doc_model, table, {}, conf, outside=outside)
    assert found.unsure == {(0, 0, 0): "┨╋╋╌"} and found.left_as_found == 1 and not found.tokens
    assert _finish([["┨╋╋╌ société"]], lines, toks, labels, doc_model, table, {}, conf).unsure == {}
    # characters French never writes, but no glyph of the table (a clean symbol such as a bullet): left alone
    assert _finish([["┨╋╋╌ société"]], lines, toks, labels, doc_model, TABLE, {}, conf, outside=outside).unsure == {}


def test_a_lone_letter_read_as_found_that_is_a_glyph_and_no_word_alone_is_reported(model):
    """« N » standing alone for « à » (a first-use subset prints the glyph of « à » as an ASCII
    letter): no French word is one « N », and the table reads « N » as a glyph elsewhere."""
    from ingest.repair.anyfont import _finish

    table = {**TABLE, "N": "à"}
    line = "αβγ N a δβ"
    lines, toks = [((0, 0), line)], {(0, 0): line.split()}
    labels = {(0, 0): [_reading("les"), Reading("N", False, False, 0.0, (False,)),
                       Reading("a", False, False, 0.0, (False,)), _reading("de")]}
    conf = Confidence(model, table, agreed=(), placed=(), garbled=GARBLED, counts=Counter())
    found = _finish([[line]], lines, toks, labels, model, table, {}, conf)
    assert found.unsure.get((0, 0, 4)) == "à" and (0, 0, 6) not in found.unsure  # « a » is a word alone
    assert (0, 0, 4) not in _finish([[line]], lines, toks, labels, model, TABLE, {}, conf).unsure  # no glyph


def test_with_no_font_order_a_capital_another_capital_reads_as_well_is_doubtful(model):
    """A first-use subset has no order to confirm its capitals: « Ces » (read for « Les ») makes
    words, but « Les » makes likelier ones, so the glyph is doubtful and no word context vouches
    for it; « Le » read as « Le » stays. With a font order confirming readings, the rule is off."""
    table = {**TABLE, "Ϙ": "C"}
    garbled = GARBLED + [("Ϙβγ", "Ces"), ("Ϙβ", "Ce")] * 5
    counts = Counter(ch for t, _ in garbled for ch in t)
    conf = Confidence(model, table, agreed=(), placed=(), garbled=garbled, counts=counts)
    assert capitals_in_doubt(table, garbled, model) == {"Ϙ"}
    assert "Ϙ" in conf.doubtful and "Ϙ" not in conf.supported
    assert not conf.vouched_by_context("Ϙβγ", _reading("Ces"))
    right = Confidence(model, {**table, "Ϙ": "L"}, (), (), GARBLED + [("Ϙβγ", "Les"), ("Ϙβ", "Le")] * 5, counts)
    assert "Ϙ" not in right.doubtful and right.vouched_by_context("Ϙβγ", _reading("Les"))
    keyed = Confidence(model, table, agreed=("α",), placed=(), garbled=garbled, counts=counts)
    assert "Ϙ" not in keyed.doubtful


def test_a_lone_character_next_to_a_span_that_french_never_puts_alone_is_reported(model):
    """« N » standing alone for « à » beside garbled words, and no glyph the table reads (its glyph
    is never inside a span): reported with the text left as found, unless French text puts that
    character alone (a reference text's or a span-free line's « – ») or no span is next to it."""
    from ingest.repair.anyfont import _finish

    model = build_model(["La société – le contrat – les données des clients de la société."])
    line = "αβγ N δβ – δβγ"
    lines, toks = [((0, 0), line), ((0, 1), "le contrat N")], {(0, 0): line.split(), (0, 1): ["le", "contrat", "N"]}
    found_as = [Reading(t, False, False, 0.0, (False,) * len(t)) for t in toks[(0, 1)]]
    labels = {(0, 0): [_reading("les"), Reading("N", False, False, 0.0, (False,)), _reading("de"),
                       Reading("–", False, False, 0.0, (False,)), _reading("des")], (0, 1): found_as}
    conf = Confidence(model, TABLE, agreed=(), placed=(), garbled=GARBLED, counts=Counter())
    found = _finish([[line, "le contrat N"]], lines, toks, labels, model, TABLE, {}, conf, alone=Counter({"–": 3}))
    assert found.unsure == {(0, 0, 4): "N"} and found.left_as_found == 1 and not found.tokens.get((0, 0, 4))
    assert (0, 1, 11) not in found.unsure  # no span next to it
    assert _finish([[line, "le contrat N"]], lines, toks, labels, model, TABLE, {}, conf,
                   alone=Counter({"N": 1, "–": 3})).unsure == {}


def test_a_lone_glyph_word_context_reads_as_a_lone_word_must_stand_inside_its_lines(model):
    """« à » stands inside lines; a lone glyph opening most of its lines (a bullet's) and read « à »
    by word context is reported, one standing inside its lines is decoded."""
    from ingest.repair.anyfont import _finish

    table = {**TABLE, "ϖ": "à", "ϗ": "à"}
    texts = ["ϖ αβγ δβ", "ϖ δβγ αε", "δβ ϗ αβγ", "αε ϗ δβγ"]
    lines = [((0, i), t) for i, t in enumerate(texts)]
    toks = {key: t.split() for key, t in lines}
    labels = {key: [_reading(table.get(w, w) if len(w) == 1 else "".join(table[ch] for ch in w))
                    for w in toks[key]] for key, _ in lines}
    switched = {((0, i), j) for (_, i), t in lines for j, w in enumerate(t.split()) if w in ("ϖ", "ϗ")}
    conf = Confidence(model, table, agreed=(), placed=(), garbled=GARBLED, counts=Counter())
    assert "ϖ" not in conf.supported and conf.vouched_by_context("ϖ", _reading("à"))
    found = _finish([texts], lines, toks, labels, model, table, {}, conf, switched)
    assert found.unsure.get((0, 0, 0)) == "à" and found.unsure.get((0, 1, 0)) == "à"
    assert found.tokens.get((0, 2, 3)) == "à" and found.tokens.get((0, 3, 3)) == "à"


def test_word_context_does_not_vouch_for_a_lone_lower_case_letter_french_never_writes_alone(model):
    """« á » read for the glyph of « à » (another glyph holds « à »): the glyph is used often enough
    to be supported, the words around read well with it, but no French word is one « á »."""
    table = {**TABLE, "Ϡ": "á", "ϖ": "à"}
    garbled = GARBLED + [("Ϡ", "á"), ("ϖ", "à")] * 25
    counts = Counter(ch for t, _ in garbled for ch in t)
    conf = Confidence(model, table, agreed=(), placed=(), garbled=garbled, counts=counts)
    assert "Ϡ" in conf.supported and "ϖ" in conf.supported  # both used often enough to be settled
    assert not conf.vouched_by_context("Ϡ", _reading("á"))
    assert not conf.vouched_by_context("Ϡ", _reading("t"))  # « t » is an elided form, never alone
    assert conf.vouched_by_context("ϖ", _reading("à"))  # a lower-case word alone
    assert conf.vouched_by_context("Ϡβ", _reading("le"))  # in a longer token the words check its letters


def test_word_context_does_not_vouch_for_a_percent_sign_with_no_number(model):
    """The glyph of « " » read as « % » (« %App% »): French writes « % » after a number only."""
    table = {**TABLE, "Ϟ": "%", "ϟ": "5"}
    garbled = GARBLED + [("Ϟαβγ", "%les"), ("ϟϟϞ", "55%")] * 25
    counts = Counter(ch for t, _ in garbled for ch in t)
    conf = Confidence(model, table, agreed=("Ϟ", "ϟ"), placed=(), garbled=garbled, counts=counts)
    assert "Ϟ" in conf.supported
    assert not conf.vouched_by_context("Ϟαβγ", _reading("%les"))
    assert conf.vouched_by_context("ϟϟϞ", _reading("55%"))


def test_a_rare_word_the_document_writes_as_found_is_trusted(model):
    # « sdel » is no French word; a document writing it twice as found (a name, « RGDP ») vouches for it
    counts = Counter(ch for t, _ in GARBLED for ch in t)
    assert not Confidence(model, TABLE, (), (), GARBLED, counts).trusted("γδβα", _reading("sdel"), gain=20.0)
    once = Confidence(model, TABLE, (), (), GARBLED, counts, written=Counter({"sdel": 1}))
    assert not once.trusted("γδβα", _reading("sdel"), gain=20.0)
    twice = Confidence(model, TABLE, (), (), GARBLED, counts, written=Counter({"sdel": 2, "Sdel": 5}))
    assert twice.trusted("γδβα", _reading("sdel"), gain=20.0)
    assert not twice.trusted("γδβα", _reading("sdel"), gain=1.0)  # the margin still holds
    # as written: the other case is another word (« Sdel » does not vouch for « SDEL »)
    upper = {**TABLE, "σ": "S", "τ": "D", "υ": "E", "φ": "L"}
    caps = Confidence(model, upper, ("σ", "τ", "υ", "φ"), (), GARBLED, counts, written=Counter({"Sdel": 5}))
    assert not caps.trusted("στυφ", _reading("SDEL"), gain=20.0)


def test_a_frequent_glyph_read_as_a_mark_french_writes_against_letters_is_supported(model):
    # no font order, no words for a mark: a glyph read « , » ending words 25 times is settled by the
    # trigrams, like a frequent lower-case letter; not one used 5 times, nor « : », which French sets
    # apart, nor a glyph read « - » that opens and ends tokens where the clean text puts « - » inside words
    table = {**TABLE, "ψ": ",", "ξ": ":", "ζ": ".", "ω": "-"}
    garbled = GARBLED + [("δβγψ", "des,"), ("αβγζ", "les."), ("ωβγω", "-es-")]
    counts = Counter(ch for t, _ in garbled for ch in t) + Counter({"ψ": 25, "ξ": 25, "ζ": 5, "ω": 25})
    marks = mark_places(["des, les, la. Le sous-traitant, le co-contractant, les données : la"])
    conf = Confidence(model, table, (), (), garbled, counts, marks)
    assert "ψ" in conf.supported
    assert not {"ξ", "ζ", "ω"} & conf.supported
    assert conf.trusted("δβγψ", _reading("des,"), gain=20.0)
    assert not conf.trusted("αβγζ", _reading("les."), gain=20.0)
    # « - » inside words is no settled mark either: « / » sits there as well (« app/service » read « app-service »)
    inside = Confidence(model, table, (), (), GARBLED + [("δωβ", "d-e")], counts, marks)
    assert "ω" not in inside.supported
    # a glyph read « , » that opens tokens, where the clean text never puts a comma: not settled
    opening = Confidence(model, table, (), (), GARBLED + [("ψδβ", ",de")] * 3, counts, marks)
    assert "ψ" not in opening.supported


def test_a_settled_mark_does_not_vouch_for_a_capital_where_no_font_order_confirms_readings(model):
    # « Cooper-FIN » for « Looper-AI® » on a first-use subset: the capitals spell words, and the frequent
    # hyphen glyph was the token's last unsupported glyph; with a font order confirming readings it vouches
    table = {**TABLE, "ω": ",", "σ": "S", "ο": "o", "ψ": "c", "ι": "i", "η": "é", "τ": "t"}
    garbled = GARBLED + [("δβγω", "des,"), ("σοψιητη", "Société"), ("σοψιητηγ", "Sociétés")]
    counts = Counter(ch for t, _ in garbled for ch in t) + Counter({"ω": 25, "ο": 20, "ψ": 20, "ι": 20, "η": 20, "τ": 20})
    marks = mark_places(["le sous-traitant, le co-contractant, la"])
    keyless = Confidence(model, table, (), (), garbled, counts, marks)
    assert {"ω", "σ"} <= keyless.supported
    assert keyless.supports("δβγω", _reading("des,"))
    assert keyless.supports("σοψιητη", _reading("Société"))
    assert not keyless.supports("σοψιητηω", _reading("Société,"))
    keyed = Confidence(model, table, ("α",), (), garbled, counts, marks)
    assert keyed.supports("σοψιητηω", _reading("Société,"))
