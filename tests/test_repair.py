"""Repair stage: the IPSO garble decoded from the text alone, clean text untouched, ftfy last."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.repair import DocumentRepair, repair_document
from ingest.repair.__main__ import split_pages
from ingest.repair.scramble import scramble

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
IPSO = CORPUS / "ipso_convention-rgpd-sous-traitance.txt"
EXPECTED = ROOT / "tests" / "fixtures" / "repair" / "ipso_expected.txt"
CLEAN_DOCS = sorted(p for p in CORPUS.glob("*.txt") if p != IPSO)


def _tokens(source: str, output: str, truth: str) -> tuple[int, int, int, int]:
    """(garbled, garbled right, clean, clean damaged) over whitespace tokens, line by line."""
    garbled = right = clean = damaged = 0
    for s_line, o_line, t_line in zip(source.split("\n"), output.split("\n"), truth.split("\n")):
        assert len(o_line.split()) == len(t_line.split())
        for s, o, t in zip(s_line.split(), o_line.split(), t_line.split()):
            if s == t:
                clean, damaged = clean + 1, damaged + (o != t)
            else:
                garbled, right = garbled + 1, right + (o == t)
    return garbled, right, clean, damaged


@pytest.fixture(scope="module")
def ipso() -> tuple[list[str], DocumentRepair]:
    pages = split_pages(IPSO.read_text(encoding="utf-8"), "leading-space")
    return pages, repair_document(pages)


def test_ipso_is_decoded_from_the_text_itself(ipso):
    pages, result = ipso
    assert len(pages) > 5  # several pages, one table learned across them
    assert [len(p.split("\n")) for p in result.pages] == [len(p.split("\n")) for p in pages]
    output, source = "\n".join(result.pages), "\n".join(pages)
    garbled, right, clean, damaged = _tokens(source, output, EXPECTED.read_text(encoding="utf-8"))
    assert garbled > 600 and right / garbled >= 0.995
    assert damaged == 0 and clean > 2000


def test_ipso_hard_cases(ipso):
    _, result = ipso
    text = "\n".join(result.pages)
    for phrase in (
        "notamment par référence à un identifiant, tel qu'un nom,",
        "Si une disposition", "Le partenaire peut", "illicite. Ces", "Après l'expiration",
        "Dans la mesure où", "En cas de preuve d'un manquement imputable", "l'article 4, alinéa 7",
        "(pour autant qu'elles soient disponibles)", "l'ANNEXE 1 du présent", "Utilisation d'un antivirus",
        "Installation d'un pare-feu", "Protection de l'accès", "Mise en place", "Fourniture par écrit",
        "reçu d'instructions", "c.-à-d.", "(clean desk)", "la gestion confidentielle",
        "en dehors de l'EEE sans avoir",  # ƭΩ999: capitals on '9' after a glyph apostrophe, not digits
    ):
        assert phrase in text, phrase
    assert "• RGPD : Règlement général" in text and "Á" not in text
    assert result.table["Σ"] == "," and result.table["{"] == "S"
    assert result.low_confidence == () and result.confidence > 0.9
    assert all(line.method == "cipher" for line in result.lines)
    assert not any(ch in text for ch in "ƴƻǘŀƳΣΩ")


@pytest.mark.parametrize("doc", CLEAN_DOCS, ids=lambda p: p.stem)
def test_clean_documents_come_out_byte_identical(doc):
    text = doc.read_text(encoding="utf-8")
    result = repair_document(split_pages(text, "leading-space"))
    assert "\n".join(result.pages) == text
    assert result.lines == () and result.chars_repaired == 0 and result.table == {}


SCRAMBLE_SEEDS = (7, 8, 5, 11)  # one random table per clean document


@pytest.fixture(scope="module")
def scrambled() -> dict[str, tuple[int, int, int, int]]:
    """(garbled, right, clean, damaged) per clean document garbled with its own random table."""
    out = {}
    for doc, seed in zip(CLEAN_DOCS, SCRAMBLE_SEEDS):
        clean = doc.read_text(encoding="utf-8")
        garbled = "\n".join(scramble(clean.split("\n"), seed).lines)
        references = [p.read_text(encoding="utf-8") for p in CLEAN_DOCS if p != doc]
        output = repair_document([garbled], reference_texts=references).pages[0]
        out[doc.stem] = _tokens(garbled, output, clean)
    return out


def test_random_font_tables_are_solved_without_damage(scrambled):
    """Tables never seen before (scrambled clean text) are learned; no clean token is touched."""
    assert len(scrambled) == 4
    for stem, (total, right, clean_tokens, damaged) in scrambled.items():
        assert total > 500 and clean_tokens > 500, stem
        assert right / total >= 0.99, stem
        assert damaged == 0, stem
    total = sum(v[0] for v in scrambled.values())
    right = sum(v[1] for v in scrambled.values())
    # measured 99.52 % over these four tables (99.34 % worst); the target is 99 %
    assert right / total >= 0.993


@pytest.fixture(scope="module")
def model():
    from ingest.repair.langmodel import build_model

    return build_model(["La société AOPS traite les données. Les données suivantes :", "• le nom ;", "• l'adresse."])


def test_capital_glyphs_follow_the_alphabet_order():
    from ingest.repair.capitals import free_letters

    plain = [ch for ch in free_letters("Ï", {"!": "A", "Õ": "P"}) if "A" <= ch <= "Z"]
    assert plain == list("BCDEFGHIJKLMNO")
    assert free_letters("Ï", {"!": "A", "Â": "N", "Õ": "P"})[:2] == ["O", "À"]
    assert "O" not in free_letters("Ï", {"!": "A", "Â": "N", "Õ": "P", "x": "O"})
    assert "É" not in free_letters("Ï", {"!": "A", "}": "É"})


def test_clean_looking_capitals_inside_a_garbled_span_are_decoded(model):
    from ingest.repair.standalone import line_states

    native = {"!": "A", "Ï": "O", "Õ": "P", "ä": "S"}
    states = line_states(["ƭŀ", "ǎƻŎƛŞǘŞ", "!ÏÕä", "ǘǊŀƛǘŜ"], [True, True, False, True], native, model, 4.7)
    assert states == [None, None, "AOPS", None]
    # a genuine word is never read through the capitals' table, even on a garbled line
    assert line_states(["ƭŀ", "AOPS"], [True, False], native, model, 4.7) == [None, None]


def test_words_in_capitals_are_solved_whole_by_pattern(model):
    from ingest.repair.capwords import dictionary, learn_capital_words

    words = dictionary(["La société AOPS traite les données."])
    # four capital glyphs seen nowhere else: the document's own word AOPS fits their pattern
    assert learn_capital_words(["!}¥Ú", "ƭŀ", "!}¥Ú"], {"ƭ": "l", "ŀ": "a"}, {}, model, words) == {
        "!": "A", "}": "O", "¥": "P", "Ú": "S"}
    # the same glyphs in reverse code order cannot spell AOPS backwards: A–Z follow the codes
    reversed_order = learn_capital_words(["Ú}¥!", "Ú}¥!"], {}, {}, model, words)
    letters = [reversed_order[ch] for ch in sorted(reversed_order, key=ord) if reversed_order[ch] in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    assert letters == sorted(letters) and "".join(reversed_order.get(ch, "") for ch in "Ú}¥!") != "SPOA"
    # two glyphs never share a capital: with O held by another glyph, AOPS is no reading
    assert learn_capital_words(["!}¥Ú"], {}, {"!": "A", "x": "O"}, model, words) == {"!": "A", "x": "O"}


def test_token_shapes_an_apostrophe_elides_and_addresses_are_whole():
    from ingest.repair.shapes import is_address, shape_score, stray_apostrophes

    assert stray_apostrophes("qu'il") == stray_apostrophes("l’Union") == stray_apostrophes("aujourd'hui") == 0
    assert stray_apostrophes("'ga") == 1 and stray_apostrophes("_gat'gtag'UA") == 2
    assert shape_score("trusted'device") < 0 == shape_score("trusted_device")
    assert is_address("dpo@aops.fr)") and not is_address("dpoïaops.fr") and not is_address("dpo\"aops.fr")
    assert is_address("<https://support.google.com/chrome/answer/95647?hl=en>")
    assert not is_address("<https://support.google.com/chrome/answer/95647;hl@en>")
    assert shape_score("contact@ikomia.com") > shape_score("contact”ikomia.com")


def test_a_colon_announces_items_ending_with_semicolons(model):
    from ingest.repair.linepos import end_transitions

    lines = ["Les données suivantes :", "• le nom ;", "• l'adresse ;", "• le numéro.", "Fin :", "• a ;", "• b."]
    ratio = end_transitions([lines], model)
    colon, semicolon = model.index[":"], model.index[";"]
    assert ratio[colon, semicolon] > 0 > ratio[colon, colon]


def test_ftfy_runs_after_the_decoder_and_keeps_quotes_and_forms():
    page = "Les donnÃ©es personnelles\nl’accès « libre » — ﬁn\nrien à faire"
    result = repair_document([page])
    assert result.pages[0] == "Les données personnelles\nl’accès « libre » — ﬁn\nrien à faire"
    assert [(r.line, r.method) for r in result.lines] == [(0, "ftfy")]


def test_cli_prints_repaired_text_and_report(tmp_path):
    sample = tmp_path / "sample.txt"
    lines = IPSO.read_text(encoding="utf-8").split("\n")[:140]
    sample.write_text("\n".join(lines), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "ingest.repair", str(sample), "--report"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.split("\n")) == len(lines)
    assert "tel qu'un nom" in proc.stdout and "ƴƻǘŀƳƳŜƴǘ" not in proc.stdout
    assert "garbled spans:" in proc.stderr and "learned table" in proc.stderr and "confidence:" in proc.stderr
    assert "ƴƻǘŀƳƳŜƴǘ -> notamment" in proc.stderr


def test_the_cipher_scorer_scores_parts_as_it_scores_the_whole(model):
    """Gains and per-glyph scores, computed on the n-grams they touch, equal differences of whole scores."""
    import re

    import numpy as np

    from ingest.repair.charclass import GarbledToken
    from ingest.repair.cipher import Scorer, build_ciphertext

    line = "ƴƻǘŀƳƳŜƴǘ ǇŀǊ ǊŞŦŞǊŜƴŎŜ"
    tokens = [GarbledToken(0, 0, m.start(), m.group()) for m in re.finditer(r"\S+", line)]
    ct = build_ciphertext([[line]], tokens, model)
    scorer = Scorer(ct, model)
    rng = np.random.default_rng(0)
    table = rng.permutation(np.arange(1, model.size))[: len(ct.glyphs)]
    cands = np.repeat(table[None, :], 4, axis=0)
    cands[0, 0], cands[1, 1], cands[2, [0, 2]], cands[3, 3] = 5, 7, (9, 11), table[3]
    whole = scorer.scores(np.vstack([cands, table[None, :]]))
    assert np.allclose(scorer.gains(table, cands), whole[:-1] - whole[-1])  # several glyphs changed
    assert np.allclose(scorer.gains(table, cands[:1]), whole[:1] - whole[-1])  # one glyph changed
    for k in range(len(ct.glyphs)):
        assert np.array_equal(scorer.glyph_scores(cands, k), scorer.scores(cands, scorer.by_glyph[k]))


def test_native_trials_built_once_gain_as_trials_built_letter_by_letter(model):
    """The native-character pass builds each edge's readings once with a slot for the letter:
    the gains are those of building the readings again for every letter (exactly, same floats)."""
    from collections import Counter

    from ingest.repair.resolve import _edges, native_gains, readings, runs, score

    table = {"ƴ": "n", "ƻ": "o", "ǘ": "t", "ŀ": "a", "Ƴ": "m", "Ŝ": "e", "Ǉ": "p", "Ǌ": "r", "Ş": "é"}
    tokens = ["jŀ", "jŀ", "áŀǊ", "{ƴ", "ǇŞǊ5", "œƴ", "jŀ5ƻ", "(ƴƻǘŀƳƳŜƴǘ)", "j{ƴ", "jŀ-ƴƻǘŀƳƳŜƴǘ"]

    def letter_by_letter(context):
        free = [ch for ch in model.symbols[1:] if ch not in set(table.values()) and ch.isalpha()]
        gains, genuine_wins = {}, Counter()
        for token, count in Counter(tokens).items():
            parts = runs(token)
            for i, part in enumerate(parts):
                if part.foreign:
                    continue
                for edge in _edges(parts, i):
                    won = False
                    others = {c: v for c, v in context.items() if c != edge and c in token}
                    base = max(score(t, model) for t in readings(token, table, others))
                    for p in free if ord(edge) >= 0x100 else [ch for ch in free if ch.isupper()]:
                        trial = readings(token, table, {**others, edge: p})
                        best = max(score(t, model) for t in trial[1:]) if len(trial) > 1 else base
                        if best > base:
                            gains.setdefault(edge, {}).setdefault(p, 0.0)
                            gains[edge][p] += count * (best - base)
                            won = True
                    genuine_wins[edge] += 0 if won else count
        return gains, genuine_wins

    for context in ({}, {"j": "L", "{": "S", "5": "E"}):
        gains, wins = native_gains(tokens, table, model, context)
        assert gains and (gains, wins) == letter_by_letter(context)
        assert "L" in gains["j"] and "S" in gains["{"]


def test_slot_scores_are_the_trigram_scores_of_each_reading(model):
    """``slot_logprobs`` gives, float for float, ``text_logprob`` of each letter put in the slot
    (unseen characters and apostrophe styles included)."""
    letters = ["A", "L", "é", "z", "Ж"]
    for template in ["\ue000a", "l\ue000s", "d’\ue000ction\ue000", "\ue000Ω?", "x"]:
        expected = [model.text_logprob(template.replace("\ue000", p)) for p in letters]
        assert model.slot_logprobs(template, "\ue000", letters) == expected
