"""The sentence of a question that carries its form (clausier/reading/asked.py), as typed in a chat."""

from __future__ import annotations

import pytest


def _parse(question: str):
    """The question analysed against hits of one organisation, « Durandal »."""
    from clausier.reading.question import analyse_question
    from clausier.schema import Hit

    hits = [Hit(chunk_id="d", doc_id="d", title="t", organisation="Durandal", clause="1", heading="h", page=1,
                text="t", level=0)]
    return analyse_question(question, hits)


@pytest.mark.parametrize("text, asked", [
    # context first: the question is the sentence ending with « ? »
    ("Un salarié a exercé son droit d'accès. Durandal nous aide ?", "Durandal nous aide ?"),
    # a follow-up after the question: the first question carries the form
    ("Durandal transfère nos données ? si oui pour quoi faire ?", "Durandal transfère nos données ?"),
    ("je peux me désinscrire ? comment ?", "je peux me désinscrire ?"),
    # an abbreviation's full stop before a lower-case word ends no sentence
    ("Is Durandal barred from using our data, e.g. to improve its products?",
     "Is Durandal barred from using our data, e.g. to improve its products?"),
    ("Selon l'art. 28, le sous-traitant doit-il nous aider ?", "Selon l'art. 28, le sous-traitant doit-il nous aider ?"),
    # no question mark: the whole text
    ("Durandal vend mes données", "Durandal vend mes données"),
    # an inversion typed without hyphens
    ("Durandal doit il me demander mon accord ?", "Durandal doit-il me demander mon accord ?"),
    ("Durandal a t il le droit de vendre ?", "Durandal a-t-il le droit de vendre ?"),
    ("Peut on refuser ?", "Peut-on refuser ?"),
    # not an inversion: a pronoun after « est » in a relative clause with elision, or already hyphenated
    ("Durandal est-il certifié ?", "Durandal est-il certifié ?"),
])
def test_the_asked_sentence(text, asked):
    from clausier.reading.asked import asked_sentence

    assert asked_sentence(text) == asked


@pytest.mark.parametrize("text, main", [
    ("in durandal, can a user open it?", "can a user open it?"),
    ("chez durandal, on garde mes donnees ?", "on garde mes donnees ?"),
    ("si je retire mon accord, est-ce grave ?", "est-ce grave ?"),
    # a leading phrase holding an interrogative word is the question itself
    ("pour quelles raisons, durandal transfere mes donnees ?", "pour quelles raisons, durandal transfere mes donnees ?"),
    ("in which country, roughly, are the servers?", "in which country, roughly, are the servers?"),
])
def test_the_main_clause_after_a_leading_clause_or_phrase(text, main):
    from clausier.reading.asked import folded_main_clause

    assert folded_main_clause(text) == main


@pytest.mark.parametrize("question, yes_no, verb", [
    ("Un salarié a exercé son droit d'accès. Durandal nous aide gratuitement ?", True, "aid"),
    ("Durandal peut transférer nos données hors de l'UE ? si oui pour quoi faire ?", True, "transfer"),
    ("Durandal doit il me demander mon accord ?", True, "demand"),
    ("In Durandal, can we audit the servers?", True, "audit"),
    # the first question asks for a fact: a yes/no follow-up does not make it yes or no
    ("Quelle est la durée du contrat ? Est-elle renouvelable ?", False, None),
    ("Chez Durandal, on garde mes données combien de temps ?", False, None),
])
def test_the_form_is_read_from_the_asked_sentence(question, yes_no, verb):
    parsed = _parse(question)
    assert (parsed.yes_no, parsed.verb) == (yes_no, verb)


def test_the_follow_up_still_asks_for_a_list():
    from clausier.reading.question import analyse_question

    parsed = analyse_question("Durandal dépose-t-il des cookies ? Lesquels ?", [])
    assert parsed.yes_no and parsed.wants_list


def test_si_oui_is_no_content_term():
    from clausier.reading.question import analyse_question

    parsed = analyse_question("Durandal vend-il nos données ? Si oui, à qui ?", [])
    assert "oui" not in parsed.terms


@pytest.mark.parametrize("question, verb", [
    # a cleft question: is it this one who does it
    ("Est-ce Durandal qui alerte le régulateur ?", "alert"),
    ("C'est Durandal qui paie les frais ?", "pai"),
    ("Est-ce que c'est Durandal qui paie ?", "pai"),
    # « être » inverted before a participle: the participle is the verb, « sommes » no term
    ("Si la loi change, sommes-nous prévenus ?", "prevenus"),
])
def test_cleft_and_passive_questions_and_their_verb(question, verb):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert (parsed.yes_no, parsed.verb) == (True, verb) and "somm" not in parsed.terms


@pytest.mark.parametrize("question", ["C'est qui le DPO ?", "C'est quoi les cookies ?"])
def test_c_est_qui_and_c_est_quoi_ask_for_a_fact(question):
    from clausier.reading.question import analyse_question

    assert not analyse_question(question, []).yes_no


@pytest.mark.parametrize("question, verb", [
    # French: « ai-je », « est-il possible de », « est-ce légal de »: the infinitive is asked
    ("Ai-je le droit de m'opposer au profilage ?", "oppos"),
    ("Est-il possible de refuser les cookies ?", "refus"),
    ("Est-ce possible de refuser les cookies ?", "refus"),
    ("Est-il obligatoire de fournir son numéro ?", "fourn"),
    # English: « is … allowed to », « is it possible to », « do we have to », « has … »
    ("Is Durandal allowed to sell my data?", "sel"),
    ("Is it possible to refuse cookies?", "refus"),
    ("Do we have to notify the regulator?", "notify"),
    ("Do I have the right to object?", "object"),
    ("Has Durandal appointed an officer for our data?", "appointed"),
    # a light verb after « to » carries nothing of what is asked; « have » alone neither
    ("Am I required to give my phone number?", None),
    ("Does Durandal have an officer?", None),
])
def test_the_verb_of_permission_and_obligation_questions(question, verb):
    parsed = _parse(question)
    assert (parsed.yes_no, parsed.verb) == (True, verb) and "am" not in parsed.terms


@pytest.mark.parametrize("question, verb", [
    # « permettre de », « servir à »: the infinitive is asked
    ("Les statistiques permettent-elles de savoir qui je suis ?", "savoir"),
    ("Le cookie sert-il à mesurer l'audience ?", "mesur"),
    # « permettre » with a noun: the verb itself
    ("Durandal permet-il la portabilité ?", "permet"),
])
def test_the_infinitive_after_a_semi_auxiliary(question, verb):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert (parsed.yes_no, parsed.verb) == (True, verb)


@pytest.mark.parametrize("question, verb", [
    # a topic set apart, taken up by a pronoun
    ("Durandal, il garde mes données en Europe ?", "gard"),
    # « -t'il » typed for « -t-il »; a closing « ou pas ? » / « oui ou non ? »
    ("Durandal transfère-t'il mes données hors UE ?", "transfer"),
    ("Durandal garde mes données ou pas ?", "gard"),
    ("Durandal garde-t-elle mes données oui ou non ?", "gard"),
    # English put as a statement
    ("Durandal sells our data?", "sel"),
    ("So Durandal can drop cookies without asking me?", "drop"),
    ("Is it true that Durandal sells our data?", "sel"),
])
def test_colloquial_yes_no_forms(question, verb):
    parsed = _parse(question)
    assert (parsed.yes_no, parsed.verb) == (True, verb)
    assert not {"non", "chanc", "tru"} & set(parsed.terms)


@pytest.mark.parametrize("question", [
    "Durandal hosts our data where?",  # an interrogative word anywhere: a fact is asked
    "What Durandal sells?",
    "Durandal sells our data.",  # no question mark
])
def test_english_statements_that_ask_no_yes_or_no(question):
    assert not _parse(question).yes_no


@pytest.mark.parametrize("question, language", [
    ("Will we be told if Durandal has a breach?", "en"),
    ("Durandal sells our data?", "en"),
    ("Durandal a un DPO ?", "fr"),
    ("Durandal vend mes données ?", "fr"),
])
def test_short_questions_language(question, language):
    from clausier.textnorm import detect_language

    assert detect_language(question) == language


@pytest.mark.parametrize("question, yes_no, verb", [
    # an indirect yes/no question asks the clause after « si » / « whether »
    ("Je voudrais savoir si Durandal vend mes données ?", True, "vend"),
    ("Pouvez-vous me dire s'il est possible de refuser les cookies ?", True, "refus"),
    ("Dis-moi si Durandal transfère nos données hors UE.", True, "transfer"),
    ("Can you tell me whether Durandal sells our data?", True, "sel"),
    # a request for a fact, however it opens, is no yes/no question
    ("Pouvez-vous me dire quel est le délai de conservation ?", False, None),
    ("Can you tell me how long Durandal keeps our data?", False, None),
])
def test_indirect_questions(question, yes_no, verb):
    parsed = _parse(question)
    assert (parsed.yes_no, parsed.verb if parsed.yes_no else None) == (yes_no, verb)
    assert not {"voudr", "savoir", "dir", "tel"} & set(parsed.terms)
