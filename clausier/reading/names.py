"""The names a question asks about, which a passage must contain to answer it.

« How long does AOPS keep the trusted_device cookie? », « Ikomia utilise Google Analytics ? »,
« Does Looper-AI send our documents to OpenAI? »: a question naming a cookie, a field, a product,
a company or a person is answered only from passages that name it; passages about other
cookies or other providers do not answer it. A name is

- an identifier as written (« trusted_device », « _ga », « cookiePolicy »), or
- a capitalised word not opening a sentence (« Google », « OpenAI », « Intercom »), that is not
  an acronym (« RGPD », « DPA »: the documents may spell them out), an organisation of the
  corpus, a word of the domain's vocabulary (« European Union », « Analytics »), a defined term
  of legal writing (« le Client »), a place or a language (« États-Unis » where a document says
  « hors de l'Union européenne »; country and language names in French and English, from the
  CLDR data of ``language_data``) or a month.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from clausier.textnorm import fold

from clausier.reading.cues import MONTHS
from clausier.reading.marks import CAPITALISED, GENERIC_CAPITALISED, SENTENCE_START
from clausier.reading.vocabulary import MATCH_GROUPS, QUERY_PHRASES, common_terms, question_words, terms

_IDENTIFIER = re.compile(r"(?<![\w@.])(?:\w*_\w+|[a-z]+[A-Z]\w*)(?![\w@])")
_TERRITORY = re.compile(r"[A-Z]{2}|\d{3}")  # CLDR territory codes: countries, then regions (« 150 » Europe)
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_NAME_LANGUAGES = ("fr", "en")


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Stems of the domain's words: what a document may say in other words or another language."""
    words = [*MATCH_GROUPS, *QUERY_PHRASES, *QUERY_PHRASES.values()]
    return frozenset(terms(" ".join(words))) | question_words() | common_terms()


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Folded words of country, region and language names, in French and English."""
    from language_data.name_data import CODE_TO_NAMES

    words = set(MONTHS.split("|"))
    for code, names in CODE_TO_NAMES.items():
        if _TERRITORY.fullmatch(code) or _LANGUAGE.fullmatch(code):
            for language in _NAME_LANGUAGES:
                words.update(w for w in re.split(r"[\s,()-]+", fold(names.get(language, ""))) if len(w) >= 3)
    return frozenset(words)


def _is_name(word: str, organisations: frozenset[str]) -> bool:
    folded = fold(word)
    if word.isupper() or folded in organisations or folded in GENERIC_CAPITALISED or folded in _places():
        return False
    stems = set(terms(word))  # none for a stop word (« Je choisis »)
    return bool(stems) and not stems & _vocabulary()


def asked_names(question: str, organisations: Iterable[str] = ()) -> frozenset[str]:
    """The identifiers and proper names ``question`` asks about, folded."""
    names = {fold(m.group(0)) for m in _IDENTIFIER.finditer(question)}
    own = frozenset(fold(w) for name in organisations for w in re.findall(r"[\w-]+", name))
    for match in CAPITALISED.finditer(question):
        if not SENTENCE_START.search(question[: match.start()]) and _is_name(match.group(0), own):
            names.add(fold(match.group(0)))
    return frozenset(names)


def missing_names(names: Iterable[str], texts: Sequence[str]) -> frozenset[str]:
    """The names none of ``texts`` contains (compared folded)."""
    folded = [fold(text) for text in texts]
    return frozenset(name for name in names if not any(name in text for text in folded))
