"""The predicate of an English yes/no question, where its form shows it without a tagger.

- « Does Ikomia keep … ? », « Can we audit … ? »: after the auxiliary, a subject pronoun or an
  organisation the question names, then (past an adverb such as « still ») the verb. A subject
  opened by a determiner or a possessive (« Does the policy mention », « Is Ikomia's host … »)
  has no known length: no verb. A light verb (« Can I get my data corrected? ») carries nothing
  of what is asked: no verb.
- « Can it be recorded? », « Is X certified? »: the word after « be », or the participle after
  « is / are » (``be_predicate``).

Anything else gives None: a verdict on an English question then needs more of its terms.
"""

from __future__ import annotations

import re
from typing import Sequence

from clausier.textnorm import fold

_AUXILIARY = re.compile(r"^\W*(?:does|do|did|can|could|may|might|must|should|shall|will|would)\s+(.*)$")
_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_PRONOUNS = frozenset("i we you they it he she one someone anyone everyone somebody anybody".split())
_ADVERBS = frozenset(
    "also still ever really actually always even already currently automatically legally only just then now "
    "usually normally directly".split()
)
_LIGHT = frozenset("get have make let go be do take give put".split())
_NEGATION = frozenset({"not", "never"})

_BE = re.compile(r"\bbe\s+([a-z]{3,})\b")
_PARTICIPLE = re.compile(r"^\W*(?:is|are|was|were)\b.*?\b([a-z]{3,}(?:ed|en))\b")
_NOT_PARTICIPLES = frozenset({"need", "seed", "feed", "speed", "open", "often", "even", "when", "then", "given"})


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _subject_end(words: Sequence[str], organisations: Sequence[str]) -> int | None:
    """Index of the first word after a pronoun or named-organisation subject, else None."""
    if words and words[0] in _PRONOUNS:
        return 1
    for name in organisations:
        name_words = _words(" ".join(fold(name).split()))
        if not name_words or not words or words[0] != name_words[0]:
            continue
        index = 1  # « AOPS » names « AOPS Conseil »: the rest of the name is optional
        while index < min(len(words), len(name_words)) and words[index] == name_words[index]:
            index += 1
        return index
    return None


def english_verb(main_clause: str, organisations: Sequence[str] = ()) -> str | None:
    """The verb after « does / can / must … » and its subject, lower case, or None."""
    found = _AUXILIARY.match(" ".join(fold(main_clause).split()))
    if not found:
        return None
    words = _words(found.group(1))
    index = _subject_end(words, organisations)
    if index is None:
        return None
    while index < len(words) and (words[index] in _ADVERBS or words[index] in _NEGATION):
        index += 1
    if index >= len(words) or words[index] in _LIGHT or not words[index].isalpha():
        return None
    return words[index]


def be_predicate(main_clause: str) -> str | None:
    """The word after « be » (« can it be recorded? ») or the participle of « is / are …
    certified? », lower case, or None."""
    folded = " ".join(fold(main_clause).split())
    match = _BE.search(folded) or _PARTICIPLE.match(folded)
    if match is None or match.group(1) in _NOT_PARTICIPLES:
        return None
    return match.group(1)
