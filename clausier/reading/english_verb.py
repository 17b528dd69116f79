"""The predicate of an English yes/no question, where its form shows it without a tagger.

- « Does Ikomia keep … ? », « Can we audit … ? »: after the auxiliary, a subject pronoun or an
  organisation the question names, then (past an adverb such as « still ») the verb. A subject
  opened by a determiner or a possessive (« Does the policy mention », « Is Ikomia's host … »)
  has no known length: no verb. A light verb carries nothing of what is asked: no verb, except
  a causative « get / have » followed by a participle (« Can I get my data corrected? » → corrected).
- « Is Ikomia allowed to sell … ? », « Is it possible to refuse … ? », « Do we have to notify … ? »,
  « Do I have the right to object? »: the verb after « to ».
- « Can it be recorded? », « Is X certified? »: the word after « be », or the participle after
  « is / are » (``be_predicate``).
- « Ikomia sells our data? », « So Assistool can drop cookies …? », « Is it true that Ikomia sells
  …? »: a question put as a statement, its verb after the subject (``statement_verb``).

Anything else gives None: a verdict on an English question then needs more of its terms.
"""

from __future__ import annotations

import re
from typing import Sequence

from clausier.textnorm import fold

_AUXILIARY = re.compile(r"^\W*(?:does|do|did|can|could|may|might|must|should|shall|will|would|has|have|had)\s+(.*)$")
_BE_AUXILIARY = re.compile(r"^\W*(?:is|are|am|was|were)\s+(.*)$")
_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_PRONOUNS = frozenset("i we you they it he she one someone anyone everyone somebody anybody there".split())
# « Is Ikomia allowed to sell …? », « Is it possible to refuse …? », « Do we have to …? », « Do I
# have the right to …? », « Do we need to …? »: the verb after « to » is what is asked
_TO_VERB = (("allowed", "to"), ("permitted", "to"), ("required", "to"), ("obliged", "to"), ("entitled", "to"),
            ("able", "to"), ("free", "to"), ("possible", "to"), ("mandatory", "to"), ("necessary", "to"),
            ("legal", "to"), ("compulsory", "to"), ("have", "to"), ("need", "to"), ("has", "to"),
            ("have", "the", "right", "to"), ("has", "the", "right", "to"))
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
    """The verb after « does / can / must / has … » and its subject, or after « is / are » and
    its subject then « allowed to », « possible to » …, lower case, or None."""
    folded = " ".join(fold(main_clause).split())
    auxiliary, be = _AUXILIARY.match(folded), _BE_AUXILIARY.match(folded)
    if not (auxiliary or be):
        return None
    words = _words((auxiliary or be).group(1))
    index = _subject_end(words, organisations)
    if index is None:
        return None
    while index < len(words) and (words[index] in _ADVERBS or words[index] in _NEGATION):
        index += 1
    for phrase in _TO_VERB:
        after = index + len(phrase)
        if tuple(words[index:after]) == phrase:
            light = after >= len(words) or words[after] in _LIGHT or not words[after].isalpha()
            return None if light else words[after]
    if not be and index < len(words) and words[index] in _CAUSATIVE:
        return _caused(words[index + 1 :])
    if be or index >= len(words) or words[index] in _LIGHT or not words[index].isalpha():
        return None
    return words[index]


# « Can I get my data corrected? », « Can we have our account deleted? »: the participle after
# the object says what is asked
_CAUSATIVE = frozenset({"get", "have"})
_CAUSED_WORDS = 6
_PARTICIPLE_WORD = re.compile(r"[a-z]{3,}(?:ed|en)")


def _caused(words: Sequence[str]) -> str | None:
    """The first participle within a few words after a causative « get / have », or None."""
    for word in words[:_CAUSED_WORDS]:
        if _PARTICIPLE_WORD.fullmatch(word) and word not in _NOT_PARTICIPLES:
            return word
    return None


# words that open a question put as a statement (« So Assistool can … ? », « Is it true that … ? »)
_DISCOURSE = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|then|also|wait|any chance|is it true|is it the case|do you know|"
    r"can you tell me|could you tell me|i wonder)\b(?:\s+(?:that|if|whether)\b)?[\s,]*)+"
)
_MODAL = frozenset("can could may might must will would should shall does do did".split())


def statement_verb(main_clause: str, organisations: Sequence[str] = ()) -> str | None:
    """The verb of a yes/no question put as a statement (« Ikomia sells our data? », « So
    Assistool can drop cookies without asking me? », « Is it true that Ikomia sells …? »): after
    a pronoun or named-organisation subject and maybe a modal, lower case; None when the text
    does not end with « ? » or has no such subject."""
    folded = " ".join(fold(main_clause).split())
    if not folded.endswith("?"):
        return None
    words = _words(_DISCOURSE.sub("", folded))
    index = _subject_end(words, organisations)
    if index is None or index == 1 and words[0] == "there":
        return None
    if index < len(words) and words[index] in _MODAL:
        index += 1
    while index < len(words) and (words[index] in _ADVERBS or words[index] in _NEGATION):
        index += 1
    if index >= len(words) or words[index] in _LIGHT or words[index] in _MODAL or not words[index].isalpha():
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
