"""The main verb of a French declarative clause: « (est-ce que) Looper-AI vend mes données ? ».

Inversion (« vend-elle ») marks the verb by its hyphen; the two other ways French asks yes or no
do not: « est-ce que » followed by a declarative clause, and intonation alone (« Je peux refuser
les cookies ? »). There the verb is the first word after the clause's subject, found without a
tagger:

- a subject pronoun (« je », « on », « ça ») is the subject, and the word after it (past
  negation and object pronouns: « ne », « les », « y ») the verb; after an organisation the
  question names, that word must be conjugated (below);
- a determiner opens a noun phrase: its head noun is the next word, never the verb; then
  prepositional phrases (« de la politique ») are skipped, and the verb is the first word that
  is conjugated: a frequent irregular form (« est », « peuvent »), or a form whose infinitive
  French uses (« nécessitent » → « nécessiter », « vend » → « vendre », « fournit » →
  « fournir »), the ending agreeing with the determiner's number. An adjective (« fonctionnels »,
  « personnelle ») has no such infinitive.

Anything else gives no verb: a verdict needs one, so an unparsed question gets none, as before.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from wordfreq import zipf_frequency

from clausier.textnorm import fold

_PRONOUNS = frozenset("je j' tu il elle on nous vous ils elles ça ca cela ceci c' quelqu'un".split())
_CLITICS = frozenset("ne n' me m' te t' se s' le la les l' lui leur y en nous vous".split())
_SINGULAR = frozenset("le la l' un une mon ma ton ta son sa notre votre leur ce cet cette chaque".split())
_PLURAL = frozenset("les des mes tes ses nos vos leurs ces certains certaines plusieurs tous toutes".split())
# « à » with its accent is never the verb « a » (folded, both read « a »)
_PREPOSITIONS = frozenset("de d' du des a à au aux en pour sur chez par dans avec sans entre".split())
_IRREGULAR_SINGULAR = frozenset("est a fait va peut doit veut sait dit voit vient tient recoit obtient faut".split())
_IRREGULAR_PLURAL = frozenset(
    "sont ont font vont peuvent doivent veulent savent disent voient prennent viennent tiennent recoivent "
    "obtiennent".split()
)
# an infinitive French uses at least this often (Zipf scale): « nécessiter » 3.2, « archiver » 2.4
_MIN_INFINITIVE_ZIPF = 2.0
_NOUN_PHRASE_SPAN = 8  # words scanned after the head noun (« une demande d'accès à ses données perso est »)
_TOKEN = re.compile(r"[a-zà-öø-ÿœæ0-9]+(?:-[a-zà-öø-ÿœæ0-9]+)*'?")
_ELIDED = re.compile(r"^(qu|j|c|n|l|s|m|t|d|jusqu|lorsqu|puisqu)'(.+)$")


def tokens(text: str) -> list[str]:
    """Lower-case words with accents, elided articles and pronouns split off (« qu'AOPS » →
    « qu' », « aops »)."""
    out: list[str] = []
    for token in _TOKEN.findall(text.lower().replace("’", "'")):
        elided = _ELIDED.match(token)
        out.extend((elided.group(1) + "'", elided.group(2)) if elided else (token,))
    return out


@lru_cache(maxsize=4096)
def _has_infinitive(word: str, plural: bool) -> bool:
    """``word`` is a present-tense form (third person) of a verb French uses."""
    if plural:
        if not word.endswith("ent") or word.endswith("ment") or len(word) < 5:
            return False
        stem = word[:-3]
        candidates = [stem + "er", stem + "re", stem + "ir"]
        if stem.endswith("iss"):
            candidates.append(stem[:-3] + "ir")  # « choisissent » → « choisir »
    elif word.endswith("e") and not word.endswith(("ée", "ie")):
        candidates = [word + "r"]  # « garde » → « garder »
        if "è" in word:  # « transfère » → « transférer », « achète » → « acheter »
            head, _, tail = word.rpartition("è")
            candidates += [f"{head}é{tail}r", f"{head}e{tail}r"]
    elif word.endswith("it"):
        candidates = [word[:-1] + "r", word[:-1] + "re"]  # « fournit » → « fournir », « produit »
    elif word.endswith(("d", "t")):
        candidates = [word + "re", word + "tre"]  # « vend » → « vendre », « met » → « mettre »
    else:
        return False
    return any(zipf_frequency(c, "fr") >= _MIN_INFINITIVE_ZIPF for c in candidates)


def _conjugated(word: str, plural: bool | None) -> bool:
    if word == "à":
        return False
    folded = fold(word)
    if plural in (None, False) and folded in _IRREGULAR_SINGULAR:
        return True
    if plural in (None, True) and folded in _IRREGULAR_PLURAL:
        return True
    if plural is None:
        return _has_infinitive(word, False) or _has_infinitive(word, True)
    return _has_infinitive(word, plural)


def _after_subject(words: Sequence[str], organisations: Sequence[Sequence[str]]) -> int | None:
    """Index of the first word after a pronoun or organisation subject (and the negation and
    object pronouns that follow it), else None."""
    if not words:
        return None
    index = None
    if words[0] in _PRONOUNS:
        index = 1
    else:
        for name in organisations:
            if name and list(words[: len(name)]) == list(name):
                index = len(name)
                break
    if index is None:
        return None
    while index < len(words) and words[index] in _CLITICS:
        index += 1
    return index


def _noun_phrase_verb(words: Sequence[str]) -> int | None:
    """Index of the verb after a noun phrase opened by a determiner, else None."""
    plural = words[0] in _PLURAL
    index = 2  # the determiner and its head noun
    limit = min(len(words), 2 + _NOUN_PHRASE_SPAN)
    while index < limit:
        word = words[index]
        if word in _PREPOSITIONS:
            index += 2
            while index < limit and words[index - 1] in _SINGULAR | _PLURAL:
                index += 1  # « de la politique », « des données »
            continue
        if _conjugated(word, plural):
            return index
        index += 1
    return None


def _verb_index(words: Sequence[str], organisations: Sequence[str]) -> int | None:
    skipped = _setting(words, organisations)
    found = _subject_verb_index(words[skipped:], organisations)
    return None if found is None else skipped + found


def _subject_verb_index(words: Sequence[str], organisations: Sequence[str]) -> int | None:
    if words and words[0] in _PRONOUNS:
        start = _after_subject(words, [])
        return start if start is not None and start < len(words) else None  # « je peux »
    start = _after_subject(words, [tokens(name) for name in organisations])
    if start is not None:
        return start if start < len(words) and _conjugated(words[start], None) else None
    if words and (words[0] in _SINGULAR or words[0] in _PLURAL):
        return _noun_phrase_verb(words)
    return None


_SETTINGS = frozenset("chez pour selon avec".split())


def _setting(words: Sequence[str], organisations: Sequence[str]) -> int:
    """How many words a leading « chez <organisation> » written without its comma takes (« Chez
    Looper-AI une demande d'accès est satisfaite … ? »): the clause's subject follows it."""
    if len(words) < 2 or words[0] not in _SETTINGS:
        return 0
    for name in organisations:
        name_words = tokens(name)
        if name_words and list(words[1 : 1 + len(name_words)]) == name_words:
            return 1 + len(name_words)
    return 0


def clause_verb(clause: str, organisations: Sequence[str] = ()) -> str | None:
    """The conjugated verb opening the predicate of ``clause`` (lower case, accents kept), or
    None when the subject is not one this reads."""
    found = verb_position(clause, organisations)
    return found[0] if found else None


def verb_position(clause: str, organisations: Sequence[str] = ()) -> tuple[str, str] | None:
    """(verb, the clause's words after it), for a caller that reads past a modal (« peut
    refuser »)."""
    words = tokens(clause)
    index = _verb_index(words, organisations)
    return None if index is None else (words[index], " ".join(words[index + 1 :]))
