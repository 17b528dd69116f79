"""Clause segmentation (clausier/reading/sentences.py): sentences, list items, headings."""

from __future__ import annotations

from clausier.reading.sentences import HEADING, ITEM, split_clause

from tests.answer_fixtures import CLAUSES



def _texts(text: str, heading: str = "") -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in split_clause(text, heading)]


def test_abbreviations_and_numbers_do_not_end_sentences():
    text = (
        "Conformément à l'art. 6 du RGPD, c.-à-d. le Règlement (UE) 2016/679, voir la loi n° 78-17. "
        "OJ L 119, 4.5.2016, p. 1–88 (ex. Cookies) reste cité. Fin."
    )
    sentences = [t for _, t in _texts(text)]
    assert sentences == [
        "Conformément à l'art. 6 du RGPD, c.-à-d. le Règlement (UE) 2016/679, voir la loi n° 78-17.",
        "OJ L 119, 4.5.2016, p. 1–88 (ex. Cookies) reste cité.",
        "Fin.",
    ]


def test_wrapped_pdf_lines_heading_intro_and_bullets():
    text = CLAUSES["looper-subprocessors"]["text"]
    segments = split_clause(text, "Gestion des sous-traitants")
    assert segments[0].kind == HEADING
    intro = next(i for i, s in enumerate(segments) if text[s.start : s.end] == "Nos sous-traitants actuels sont:")
    assert segments[intro].intro
    items = [text[s.start : s.end] for s in segments if s.list_of == intro]
    assert [i.split("”")[0] for i in items] == ["la société “Stripe", "la société “Microsoft", "la société “BeHosting"]
    assert all(s.kind == ITEM for s in segments if s.list_of == intro)
    # a wrapped sentence stays whole, its line break kept verbatim
    assert any("\n" in text[s.start : s.end] and text[s.start : s.end].endswith("responsable.") for s in segments)


def test_unbulleted_list_after_colon_and_inline_bullets():
    text = "Nous utilisons les données afin de pouvoir :\n\nréaliser des enquêtes,\nvous adresser des messages.\n\nFin du texte."
    kinds = _texts(text)
    assert kinds == [
        ("sentence", "Nous utilisons les données afin de pouvoir :"),
        ("item", "réaliser des enquêtes,"),
        ("item", "vous adresser des messages."),
        ("sentence", "Fin du texte."),
    ]
    joined = "Nos sous-traitants actuels sont: ● la société A à Dublin ● la société B en Suède."
    assert [t for k, t in _texts(joined) if k == "item"] == ["la société A à Dublin", "la société B en Suède."]



def test_paragraph_after_a_bullet_and_a_list_inside_a_list():
    """Cleaning drops blank lines, so « Dans le cadre … » follows the last bullet directly: it is
    a new paragraph, not the bullet's wrapped line; the list it introduces comes with a list
    question's answer."""
    text = ("Les données sont collectées selon le service :\n• Création d'un compte\n• Formulaires de contact\n"
            "Dans le cadre de la création d'un compte, les données collectées sont les suivantes :\n"
            "• Etat-civil : nom, prénom\n• Identifiants de connexion : email et mot de passe")
    kinds = _texts(text)
    assert ("item", "Formulaires de contact") in kinds
    assert ("sentence", "Dans le cadre de la création d'un compte, les données collectées sont les suivantes :") in kinds
    assert kinds[-1] == ("item", "Identifiants de connexion : email et mot de passe")
    wrapped = "Nos outils :\n• un outil qui sert\nà la gestion des paiements."
    assert _texts(wrapped)[-1] == ("item", "un outil qui sert\nà la gestion des paiements.")

    from answer.select import _with_items

    segments = split_clause("Intro :\n• A, qui a :\n• sous-point un ;\n• sous-point deux.")
    assert [s.list_of for s in segments] == [None, 0, 1, 1]
    assert _with_items(segments, {0}) == {0, 1, 2, 3}
