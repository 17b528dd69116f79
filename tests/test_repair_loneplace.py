"""Lone marks read apart from the trigrams, by their places in the lines (ingest/repair/loneplace.py),
and the support that gives their glyphs (ingest/repair/confidence.py)."""

from __future__ import annotations

from collections import Counter

from ingest.repair.anyfont import _finish
from ingest.repair.confidence import Confidence
from ingest.repair.langmodel import build_model
from ingest.repair.loneplace import LonePlaces, lone_placed, places
from ingest.repair.tokenstate import Reading

# clean lines: bullets open items before a capital, « ; » closes them, « : » follows a word inside a
# line or ends it, « à » stands between lower-case words, and so do « « » and « » » (as quotes)
CLEAN = [
    "Les données suivantes :",
    "• Le nom ;",
    "• La date de naissance ;",
    "• Le numéro de client ;",
    "Article 1 : objet du contrat",
    "Article 2 : durée du contrat",
    "Les finalités sont les suivantes :",
    "le contrat à durée déterminée renvoie à une annexe jointe à la fin",
    "le « contrat » est signé par la « société » et par le « client » ensemble",
]


def _garbled(text: str) -> Reading:
    return Reading(text, True, True, 0.0, (True,) * len(text))


def _found(text: str) -> Reading:
    return Reading(text, False, False, 0.0, (False,) * len(text))


def _document(rows: list[list[tuple[str, str | None]]]):
    """Lines of (token as found, reading if garbled), as the any-font route holds them."""
    lines, toks, labels = [], {}, {}
    for i, row in enumerate(rows):
        key = (0, i)
        lines.append((key, " ".join(t for t, _ in row)))
        toks[key] = [t for t, _ in row]
        labels[key] = [_garbled(r) if r is not None else _found(t) for t, r in row]
    return lines, toks, labels


def test_the_places_of_a_token_in_its_line():
    assert places(["données", "suivantes", ":"], 2)[:3] == (("where", "end"), ("before", "lower"), ("after", "none"))
    assert places(["•", "Le", "nom"], 0)[:3] == (("where", "start"), ("before", "none"), ("after", "upper"))
    assert places([":"], 0)[0] == ("where", "only")
    quoted = "le « contrat » signé".split()
    assert dict(places(quoted, 1))["closed after"] == "True" and dict(places(quoted, 1))["quoted"] == "False"
    assert dict(places(quoted, 3))["quoted"] == "True"  # « » » closes an open quotation
    assert dict(places(quoted, 4))["quoted"] == "False"  # closed before it


def test_a_lone_glyph_is_singled_out_by_its_places_in_the_lines():
    model = LonePlaces(CLEAN)
    assert {"•", ";", ":", "à", "»"} <= set(model.candidates) and "–" not in model.candidates  # never alone here
    opening = [places(["Ψ", "Le", "nom"], 0)] * 4  # opens lines before a capital: a bullet
    assert model.singles_out("•", opening) and not model.singles_out(":", opening)
    assert not model.singles_out("»", opening) and not model.singles_out("–", opening)
    between = [places(["contrat", "Ψ", "durée"], 1)] * 4  # between lower-case words: « à », not a mark
    assert not model.singles_out(":", between) and not model.singles_out("»", between)


def test_glyphs_read_as_lone_marks_are_placed_when_their_places_single_the_reading_out():
    table = {"Ψ": "•", "Ω": "»", "φ": ":", "ε": "e", "ķ": "»"}
    rows = [[("Ψ", "•"), ("Le", None), ("nom", None)],
            [("Ω", "»"), ("La", None), ("date", None)],
            [("Ψ", "•"), ("Le", None), ("client", None)],
            [("Ω", "»"), ("Le", None), ("contrat", None)],
            [("Article", None), ("3", None), ("φ", ":"), ("prix", None)],
            [("données", None), ("suivantes", None), ("φ", ":")],
            [("contrat", None), ("ķ", "»"), ("durée", None)],
            [("renvoie", None), ("ķ", "»"), ("une", None), ("ε", "e")]]
    lines, toks, labels = _document(rows)
    placed = lone_placed(lines, toks, labels, table, ["\n".join(CLEAN)])
    assert placed == {"Ψ", "φ"}  # not « » » opening items or where « à » stands as well; a letter takes no part


def test_a_placed_lone_mark_is_trusted_only_where_a_font_order_confirms_readings():
    model = build_model(["La société traite les données des clients : le contrat est signé ; le nom."])
    table = {"α": "l", "β": "e", "Ψ": "•", "φ": ":"}
    garbled = [("αβ", "le")]
    counts = Counter({"α": 1, "β": 1, "Ψ": 3, "φ": 3})
    keyed = Confidence(model, table, agreed=("α",), placed=(), garbled=garbled, counts=counts, lone_marks=("φ",))
    assert "φ" in keyed.supported and "Ψ" not in keyed.supported
    line = "objet φ prix Ψ"
    lines, toks = [((0, 0), line)], {(0, 0): line.split()}
    labels = {(0, 0): [_found("objet"), _garbled(":"), _found("prix"), _garbled("•")]}
    found = _finish([[line]], lines, toks, labels, model, table, {}, keyed)
    assert found.tokens == {(0, 0, 6): ":"} and found.unsure == {(0, 0, 13): "•"}
    keyless = Confidence(model, table, agreed=(), placed=(), garbled=garbled, counts=counts, lone_marks=("φ",))
    assert "φ" not in keyless.supported  # first-use subsets: the solver misreads too many marks
    assert (0, 0, 6) in _finish([[line]], lines, toks, labels, model, table, {}, keyless).unsure
    letter = Confidence(model, table, agreed=("α",), placed=(), garbled=garbled, counts=Counter(), lone_marks=("β",))
    assert "β" not in letter.supported  # only marks take this support


def test_a_bullet_is_singled_out_by_the_places_of_bullets():
    """Bullets take the same places: the lines single out a bullet, and which one the document prints
    is the solver's reading (« ● » as well as « • »), never a mark that takes other places."""
    model = LonePlaces(CLEAN + ["● Le prénom", "● La ville ;", "● Le pays"])
    opening = [places(["Ψ", "Le", "nom"], 0)] * 4
    assert model.singles_out("•", opening) and model.singles_out("●", opening)
    assert not model.singles_out(":", opening) and not model.singles_out("»", opening)
    between = [places(["contrat", "Ψ", "durée"], 1)] * 4
    assert not model.singles_out("•", between) and not model.singles_out("●", between)


def test_quotes_are_told_from_dashes_by_the_quotation_they_open_or_close():
    model = LonePlaces(CLEAN + ["le contrat – signé – la date – le nom – la ville"])
    opening = [places(["le", "Ψ", "contrat", "»", "signé"], 1)] * 3  # a closing « » » follows
    assert model.singles_out("«", opening) and not model.singles_out("–", opening)
    dashes = [places(["le", "Ψ", "contrat", "signé"], 1)] * 3  # nothing closes after it
    assert model.singles_out("–", dashes) and not model.singles_out("«", dashes)
