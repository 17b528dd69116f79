"""Follow-up questions: rewrite an elliptical question from the conversation, without an LLM.

« Et chez Ikomia ? » after « Combien de temps Looper-AI garde-t-il les informations notées ? »
becomes « Combien de temps Ikomia garde-t-il les informations notées ? » (the organisation is
swapped); « and how long is it kept? » after « Quelles données Looper-AI collecte-t-il ? »
becomes « how long is it kept? — données Looper-AI collecte » (the topic is carried over).
A self-contained question is left as it is. Organisations are those of the index (passed in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from clausier.textnorm import STOPWORDS, fold
from clausier.reading.query import organisations_named

SEPARATOR = " — "
MAX_TOPIC_WORDS = 8

# Openings that mark a question as leaning on the previous one.
_CONNECTOR = re.compile(
    r"^\s*(?:et|mais|puis|alors|ok|d'accord|idem|pareil|même question|meme question|qu'en est-il|"
    r"and|but|also|what about|how about|same question|same)\b[\s,:]*",
    re.IGNORECASE,
)
# Pronouns standing for the previous subject (« is it kept? », « sont-elles conservées ? »).
_ANAPHORS = frozenset(
    "it its they them this that those these ça ca cela ceci celles ceux celle celui "
    "-il -elle -ils -elles lui leur".split()
)
# Words that ask about an aspect of a subject rather than name a subject.
_ASPECTS = frozenset(
    """
    combien temps long longtemps duree delai quand ou qui quoi comment pourquoi est ce
    conserve conservee conserves conservees conserver garde gardee gardes gardees garder
    stocke stockee stockes stockees stocker partage partagee partages partagees partager
    transfere transferee transferes transferees transferer supprime supprimee supprimes
    supprimer efface effacee effaces effacer heberge hebergee hebergees heberger envoye
    envoyer utilise utilisee utilises utilisees utiliser collecte collectee collectes collecter
    how long many much where who when why which what kept stored store keep shared share
    transferred deleted erased hosted sent used collected retained retention period
    puis peut peuvent faut exemple aussi ensuite alors
    """.split()
)
# Surface forms of interrogatives dropped from a carried-over topic.
_QUESTION_WORDS = frozenset(
    "combien temps quel quelle quels quelles comment pourquoi quand ou qui quoi est-ce qu'est-ce "
    "what which who whom how long many much why when where does do did is are can could should".split()
)
_CLITIC = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on|je|nous|vous)$", re.IGNORECASE)
_ELIDED = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_UNKNOWN_PLACE = re.compile(r"\b(?:chez|at)\s+\w", re.IGNORECASE)
_TOKEN = re.compile(r"[\w'’\-]+", re.UNICODE)


@dataclass(frozen=True)
class Rewrite:
    """The question to search and why it differs from what the user typed."""

    text: str
    rewritten: bool = False
    reason: str = ""  # "" | "organisation" (swapped or carried) | "topic" (subject carried over)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9_\-]+", fold(text).replace("'", " ")) if w]


def _content_words(text: str, organisations: Iterable[str]) -> list[str]:
    """Folded words that are neither stop words, connectors nor an organisation's name."""
    org_words = {w for org in organisations for w in _words(org.replace("-", " "))} | \
                {w for org in organisations for w in _words(org)}
    out = []
    for word in _words(text):
        for part in [word, *word.split("-")] if "-" in word else [word]:
            if part and part not in STOPWORDS and part not in org_words and len(part) > 1 \
                    and part not in {"et", "and", "mais", "but", "ok", "chez", "at", "for", "about"}:
                out.append(part)
                break
    return out


def _has_anaphor(text: str) -> bool:
    folded = fold(text)
    if re.search(r"-(?:t-)?(?:il|elle|ils|elles)\b", folded):
        return True
    return any(w in _ANAPHORS for w in re.findall(r"[a-z]+", folded))


def _org_pattern(organisation: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in re.findall(r"[A-Za-z0-9À-ÿ]+", organisation)]
    return re.compile(r"(?<![\w])" + r"[\s\-_]*".join(parts) + r"(?:®)?(?![\w])", re.IGNORECASE)


def topic_of(question: str, organisations: Iterable[str]) -> str:
    """The subject words of a question: its organisations and content words, interrogatives,
    clitic pronouns and stop words removed, original spelling kept."""
    orgs = sorted(organisations_named(question, organisations))
    remainder = question
    for org in orgs:
        remainder = _org_pattern(org).sub(" ", remainder)
    kept: list[str] = []
    seen: set[str] = set()
    for token in _TOKEN.findall(remainder):
        token = _CLITIC.sub("", _ELIDED.sub("", token)).strip("-'’")
        key = fold(token)
        if not token or key in seen or key in STOPWORDS or key in _QUESTION_WORDS or len(key) < 2:
            continue
        seen.add(key)
        kept.append(token)
    return " ".join([*orgs, *kept[:MAX_TOPIC_WORDS]])


def _strip_connector(question: str) -> str:
    core = _CONNECTOR.sub("", question.strip(), count=1).strip()
    return (core[:1].upper() + core[1:]) if core else question.strip()


def is_followup(question: str, organisations: Iterable[str]) -> bool:
    """Whether the question leans on the previous one (elliptical)."""
    organisations = list(organisations)
    if not question.strip():
        return False
    content = _content_words(question, organisations)
    named = organisations_named(question, organisations)
    if _CONNECTOR.match(question):
        subject = [w for w in content if w not in _ASPECTS]
        return not (named and len(subject) >= 3) and len(subject) <= 3
    if named and not content:
        return True  # « Ikomia ? »
    return len(content) <= 3 and not named and (_has_anaphor(question) or all(w in _ASPECTS for w in content))


def rewrite_followup(question: str, previous: Sequence[str], organisations: Iterable[str]) -> Rewrite:
    """The question to search, given the previous searched questions (oldest first)."""
    question = " ".join((question or "").split())
    organisations = sorted({o for o in organisations if o})
    if not previous or not question or not is_followup(question, organisations):
        return Rewrite(question)
    last = previous[-1]
    named = organisations_named(question, organisations)
    before = organisations_named(last, organisations)
    content = _content_words(question, organisations)
    subject = [w for w in content if w not in _ASPECTS]
    if named and not content:
        return Rewrite(_swap_organisations(last, before, named), True, "organisation")
    if subject and _UNKNOWN_PLACE.search(question) and not named:
        return Rewrite(question)  # « et chez Acme ? »: an organisation the index does not hold
    if subject:
        carried = sorted(before - named)
        if named or not carried:
            return Rewrite(question)
        return Rewrite(f"{_strip_connector(question)}{SEPARATOR}{' '.join(carried)}", True, "organisation")
    topic = topic_of(_swap_organisations(last, before, named) if named else last, organisations)
    if not topic:
        return Rewrite(question)
    return Rewrite(f"{_strip_connector(question)}{SEPARATOR}{topic}", True, "topic")


def _swap_organisations(text: str, old: Iterable[str], new: Iterable[str]) -> str:
    """The previous question with its organisations replaced by the new ones (or the new
    ones appended when it named none)."""
    old, new = sorted(old), sorted(new)
    if not new:
        return text
    replacement = " et ".join(new)
    if not old:
        return f"{text.rstrip(' ?')}{SEPARATOR}{replacement}"
    for i, org in enumerate(old):
        text = _org_pattern(org).sub(replacement if i == 0 else "", text)
    return " ".join(text.split())
