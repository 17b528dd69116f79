"""The question's focus, and whether a sentence is about it.

The focus is what the asked fact applies to: in « Combien de temps Looper-AI conserve-t-il ses
fichiers de logs ? » the fact is a period and the focus « fichiers de logs ». A sentence stating
a period about something else (« les données de facturation sont conservées dix ans ») does not
answer. The focus is the question's content terms without the words every clause of the domain
uses; its *head* is its most specific term, the one least frequent in general French (wordfreq):
« logs » rather than « fichiers ». A sentence is about the focus when it (with its heading and
list introduction) holds the head or at least half of the focus, each term exactly, through the
bilingual vocabulary, or through a near-synonym (French word vectors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from answer import wordvectors
from answer.lexicon import common_terms, terms
from answer.question import Question
from answer.scoring import SOFT_MIN, Candidate, term_keys

MIN_SHARE = 0.5  # share of the focus terms that makes a sentence about the focus without its head
_WORD = re.compile(r"\w+")

# words that name the kind of fact asked (« numéro de téléphone », « quelle ville »), not what
# it is about
_KIND_WORDS = {
    "phone": "numéro numéros téléphone téléphonique tél fax portable phone telephone number",
    "email": "adresse adresses mail e-mail email électronique courriel address",
    "url": "site web internet adresse url lien website address link page",
    "identifier": "numéro siren siret rcs tva intracommunautaire immatriculation enregistrement identification "
                  "identifiant registration number vat",
    "age": "âge age",
    "amount": "montant prix tarif coût coûte somme pourcentage amount price fee cost percentage",
    "date": "date année year",
    "frequency": "fréquence périodicité rythme fois frequency often times",
    "duration": "durée délai période temps longtemps jours mois années ans semaines heures bout duration period "
                "long days months years weeks hours",
    "count": "nombre number",
    "person": "nom noms name names",
    "place": "ville pays situé située lieu city country located headquarters siège",
    "organisation": "société entreprise organisme company firm",
}


@lru_cache(maxsize=1)
def _auxiliaries() -> frozenset[str]:
    """Forms of « être » / « avoir » and their English counterparts: never what a fact is about."""
    return frozenset(terms("suis es est sommes êtes sont été être ai as avons avez ont eu avoir fait faut "
                           "am is are was were been be has have had"))


@lru_cache(maxsize=64)
def kind_words(kinds: frozenset[str]) -> frozenset[str]:
    """Stems of the words that name ``kinds`` in a question."""
    return frozenset(t for kind in kinds for t in terms(_KIND_WORDS.get(kind, "")))


@dataclass(frozen=True)
class Focus:
    terms: tuple[str, ...]  # stems, question order
    head: str | None  # the most specific term
    words: tuple[tuple[str, ...], ...]  # per term, its words as written in the question (near-synonyms)

    def __bool__(self) -> bool:
        return bool(self.terms)


@lru_cache(maxsize=4096)
def _specificity(word: str, language: str) -> float:
    """General-language frequency (Zipf) of a word: lower is more specific; unknown words (names,
    acronyms) are the most specific."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def focus_of(question: Question, *, skip: frozenset[str] = frozenset()) -> Focus:
    """The focus of ``question``: content terms minus domain-common words and ``skip``."""
    common = common_terms() | _auxiliaries()
    kept = tuple(t for t in question.terms if t not in common and t not in skip)
    by_stem: dict[str, list[str]] = {}
    for stem, word in wordvectors.content_words(question.text):
        by_stem.setdefault(stem, []).append(word)
    words = tuple(tuple(by_stem.get(t, ())) for t in kept)
    if not kept:
        return Focus((), None, ())

    def specificity(i: int) -> float:
        written = words[i] or (kept[i],)
        return min(_specificity(w, question.language) for w in written)

    head = kept[min(range(len(kept)), key=lambda i: (specificity(i), i))]
    return Focus(kept, head, words)


def _near(words: Sequence[str], cand: Candidate) -> bool:
    vectors = wordvectors.load()
    if vectors is None or not words or not cand.words:
        return False
    sims = vectors.similarities(words, cand.words)
    return any(value >= SOFT_MIN for value in sims.values())


def holds(term: str, words: Sequence[str], cand: Candidate, *, near: bool = True) -> bool:
    """The sentence itself holds ``term``: exactly, through the vocabulary, as the start of a
    longer name (« PHP » in « PHPSESSID »), or (``near``) as a near-synonym. Its heading does
    not count: a long clause's heading speaks of its first sentences, not of every figure in it."""
    if term_keys(term) & cand.own:
        return True
    if len(term) >= 3 and any(w.lower().startswith(term) for w in _names(cand.quote)):
        return True
    return near and _near(words, cand)


@lru_cache(maxsize=8192)
def _names(text: str) -> tuple[str, ...]:
    """Words of ``text`` written with a capital or a digit inside (names, codes, acronyms)."""
    return tuple(w for w in _WORD.findall(text) if any(ch.isupper() for ch in w[1:]) or w.isupper())


def about(focus: Focus, cand: Candidate) -> bool:
    """The sentence holds the focus head, or at least ``MIN_SHARE`` of the focus terms."""
    if not focus:
        return True
    held = [holds(t, w, cand) for t, w in zip(focus.terms, focus.words)]
    if sum(held) >= MIN_SHARE * len(held):
        return True
    # the head itself, exactly: a near-synonym of the one decisive word is too loose
    # (« logs » meets « logiciels »)
    i = focus.terms.index(focus.head)
    return held[i] and holds(focus.head, focus.words[i], cand, near=False)
