"""The sentence of a question that carries its form, as people type questions in a chat.

- Context first, then the question (« Un salarié exerce son droit d'accès. AOPS nous aide
  gratuitement ? »): the form is the question's, not the context's.
- A follow-up after the question (« AOPS peut sortir nos données de l'UE ? si oui pour quoi
  faire ? », « je peux me désinscrire ? comment ? »): the first question is the one asked yes or
  no; the follow-up asks for more, it does not turn it into a « how » question.
- An inversion typed without its hyphens (« Assistool doit il me demander … ? », « a t il »,
  « transfère-t'il »), a closing « ou pas ? » / « or not? ».
- An indirect question (« Je voudrais savoir si Ikomia vend … », « Can you tell me whether … »):
  the clause after « si » / « whether » is asked.
- A leading clause of circumstance (« Quand je pose une question, garde-t-il … ? », « If I phone
  them, can … ? ») or a leading phrase of place or topic (« Chez Assistool, … », « In Looper-AI,
  can a user … ? », « Ikomia, il garde … ? »): the main clause after the comma carries the form.

The question's terms, lists and answer types are still read from the whole text: a follow-up
asking « lesquels ? » asks for a list.
"""

from __future__ import annotations

import re

from clausier.textnorm import fold

# a sentence ends at « ? »; at « . » or « ! » only before a capital (« e.g. to improve », « art.
# 15 » go on)
_SENTENCE_END = re.compile(r"(?<=\?)\s+|(?<=[.!])\s+(?=[A-ZÀ-ÖØ-Þ])")
# an inversion typed without hyphens, after the verbs a yes/no question opens with
_UNHYPHENATED = re.compile(
    r"\b(est|sont|a|ont|peut|peuvent|puis|doit|doivent|dois|faut|faudra|faudrait|pourra|pourront|pourrait|"
    r"devra|devront|devrait|va|vont|sera|seront)\s+(?:(t)\s+)?(il|elle|ils|elles|on|je)\b(?!['’-])",
    re.IGNORECASE,
)
# interrogative words, folded (alternatives for a regular expression)
INTERROGATIVE_FR = (r"combien|comment|pourquoi|quand|ou|qui|quoi|quel|quelle|quels|quelles|lequel|laquelle|"
                    r"lesquels|lesquelles")
INTERROGATIVE_EN = r"how|what|which|when|where|who|whom|whose|why"
_INTERROGATIVE = f"{INTERROGATIVE_FR}|{INTERROGATIVE_EN}"
# « transfère-t'il », « transfère t'il »: the « t » typed with an apostrophe
_T_APOSTROPHE = re.compile(r"\b(\w+)[- ]t['’](il|elle|ils|elles|on)\b", re.IGNORECASE)
# a closing tag asking for yes or no (« … ou pas ? », « oui ou non ? », « or not? »)
_TAG = re.compile(r"[\s,]*\b(?:oui ou non|ou pas|ou non|or not|yes or no)\s*(?=\?\s*$)", re.IGNORECASE)
# folded: a clause of circumstance, or a phrase of place or topic without an interrogative word
LEADING_CLAUSE = re.compile(
    r"^\W*(?:(?:quand|lorsque|lorsqu'|si|s'il|s'ils|en cas d[eu']|une fois|apres|avant|des que|"
    r"if|when|once|after|before|in case)\b[^,?]{1,120}"
    r"|(?:chez|dans|pour|concernant|selon|d'apres|en ce qui concerne|a propos d[eu']|au sujet d[eu']|"
    r"in|at|for|under|regarding|concerning|about|according to|as for|as regards)\s"
    rf"(?:(?!\b(?:{_INTERROGATIVE})\b)[^,?]){{1,60}}"
    # a topic set apart then taken up by a pronoun (« Ikomia, il garde mes données ? »)
    rf"|(?:(?!\b(?:{_INTERROGATIVE})\b)[^,?]){{1,40}}(?=,\s*(?:il|elle|ils|elles|on|it|they)\s)),\s*"
)


def asked_sentence(text: str) -> str:
    """The first sentence of ``text`` that ends with « ? » (the whole text when none does), as
    written, with its unhyphenated inversion hyphenated."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    asked = next((s for s in sentences if s.rstrip().endswith("?")), text)
    asked = _T_APOSTROPHE.sub(r"\1-t-\2", without_tag(asked))
    return _UNHYPHENATED.sub(_hyphenate, asked)


# an indirect yes/no question (« Je voudrais savoir si Ikomia vend … », « Pouvez-vous me dire s'il
# est possible de … », « Can you tell me whether … »): the clause after « si » / « whether » is asked
_INDIRECT = re.compile(
    r"\b(?:savoir|dire|indiquer|pr[ée]ciser|confirmer|v[ée]rifier|(?:dis|dites|indique|indiquez)-(?:moi|nous))"
    r"\s+(?:si\s+|s['’](?=ils?\b))"
    r"|\b(?:know|tell (?:me|us)|confirm|check)\s+(?:if|whether)\s+",
    re.IGNORECASE,
)


def indirect_question(asked: str) -> str | None:
    """The clause an indirect yes/no question asks, ending with « ? », as written; or None."""
    found = _INDIRECT.search(asked)
    clause = asked[found.end() :].strip().rstrip("?.! ") if found else ""
    return f"{clause} ?" if clause else None


def asked_clause(text: str) -> str:
    """What the question asks, as written: ``asked_sentence``, or the clause after « si » of an
    indirect question in it."""
    asked = asked_sentence(text)
    return indirect_question(asked) or asked


def without_tag(text: str) -> str:
    """``text`` without a closing « ou pas ? », « oui ou non ? », « or not? » (its « ? » kept)."""
    return _TAG.sub("", text)


def _hyphenate(match: re.Match[str]) -> str:
    verb, t, pronoun = match.groups()
    return f"{verb}-t-{pronoun}" if t else f"{verb}-{pronoun}"


def main_clause(text: str) -> str:
    """``text`` as written, without a leading clause or phrase (it ends at its comma)."""
    leading = LEADING_CLAUSE.match(" ".join(fold(text).split()))
    return text.split(",", 1)[1] if leading else text


def folded_main_clause(text: str) -> str:
    """``text`` folded, its spaces collapsed, without a leading clause or phrase."""
    folded = " ".join(fold(text).split())
    leading = LEADING_CLAUSE.match(folded)
    return folded[leading.end() :] if leading else folded
