"""Cheap checks that a generated text keeps the hard facts of its source.

Used twice: a machine translation must keep every number, e-mail, URL and name of the French
sentence; an LLM reader's sentence may state only numbers, dates, amounts, e-mails, URLs and
names found in the passages it cites. Both compare *tokens*, so they catch a dropped « 13 »
or an invented « 30 jours », not a mistranslated word.
"""

from __future__ import annotations

import re
import unicodedata

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>«»\"')\]]+", re.IGNORECASE)
# digits with thousand separators (« 15 000 », « 15,000 », « 1.000.000 ») read as one number
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d{3}(?!\d))*(?:[.,]\d+)?")
# a name: a word with a capital after its first letter (IPSO, Looper-AI, MailChimp, SaaS)
_NAME = re.compile(r"\b\w*[a-zà-ÿ0-9-]?[A-Z]\w*(?:-\w+)*\b")
# French acronyms whose English rendering differs; either spelling is accepted
ACRONYMS = {
    "RGPD": ("GDPR", "RGPD"),
    "UE": ("EU", "UE"),
    "TVA": ("VAT", "TVA"),
    "CGU": ("CGU", "Terms", "T&C", "TOS", "ToS"),
    "CGV": ("CGV", "Terms", "T&C"),
    "DPO": ("DPO", "Data Protection Officer"),
    "AIPD": ("AIPD", "DPIA"),
    "EEE": ("EEA", "EEE"),
}
_NUMBER_WORDS = {
    "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6", "sept": "7",
    "huit": "8", "neuf": "9", "dix": "10", "douze": "12", "quinze": "15", "trente": "30",
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "twelve": "12", "fifteen": "15", "thirty": "30",
}
# a date's month may be spelled out in either language (« 25/05/2018 » → « May 25, 2018 »)
_MONTHS = (("janvier", "january"), ("février", "february"), ("mars", "march"), ("avril", "april"),
           ("mai", "may"), ("juin", "june"), ("juillet", "july"), ("août", "august"),
           ("septembre", "september"), ("octobre", "october"), ("novembre", "november"),
           ("décembre", "december"))
for _n, _words in enumerate(_MONTHS, start=1):
    for _word in _words:
        _NUMBER_WORDS.setdefault(_word, str(_n))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def numbers(text: str) -> set[str]:
    """Every number, separators removed (« 15 000 » → 15000, « 2,5 » → 2.5)."""
    found = set()
    for match in _NUMBER.finditer(_fold(text)):
        raw = match.group(0)
        decimal = re.search(r"[.,](\d{1,2})$", raw)
        digits = re.sub(r"\D", "", raw[: decimal.start()] if decimal else raw)
        if digits:
            found.add(f"{int(digits)}.{decimal.group(1)}" if decimal else str(int(digits)))
    return found


def emails(text: str) -> set[str]:
    return {m.group(0).lower().rstrip(".") for m in _EMAIL.finditer(text)}


def urls(text: str) -> set[str]:
    return {m.group(0).lower().rstrip(".,;:") for m in _URL.finditer(text)}


def names(text: str) -> set[str]:
    """Words that look like names or acronyms (a capital after the first letter)."""
    text = _URL.sub(" ", _EMAIL.sub(" ", text))
    return {m.group(0) for m in _NAME.finditer(text) if re.search(r"[A-Za-z]", m.group(0))
            and not m.group(0).isdigit() and sum(ch.isupper() for ch in m.group(0)) >= 2}


def missing_facts(source: str, generated: str) -> list[str]:
    """Facts of ``source`` absent from ``generated`` (a translation must keep them all)."""
    lowered = generated.lower()
    spelled = {_NUMBER_WORDS[w] for w in re.findall(r"[a-zéû]+", lowered) if w in _NUMBER_WORDS}
    have = numbers(generated) | spelled
    missing = [n for n in sorted(numbers(source)) if n not in have]
    missing += [e for e in sorted(emails(source)) if e not in lowered]
    missing += [u for u in sorted(urls(source)) if u not in lowered]
    prose = _URL.sub(" ", _EMAIL.sub(" ", generated)).lower()  # a name inside an address does not count
    for name in sorted(names(source)):
        accepted = ACRONYMS.get(name, (name,))
        if not any(a.lower() in prose for a in accepted):
            missing.append(name)
    return missing


def unsupported_facts(generated: str, sources: str) -> list[str]:
    """Facts stated in ``generated`` that appear nowhere in ``sources`` (the cited passages)."""
    lowered = sources.lower()
    have = numbers(sources)
    unsupported = [n for n in sorted(numbers(generated)) if n not in have]
    unsupported += [e for e in sorted(emails(generated)) if e not in lowered]
    unsupported += [u for u in sorted(urls(generated)) if u not in lowered]
    reverse = {en.lower(): fr for fr, ens in ACRONYMS.items() for en in ens}
    for name in sorted(names(generated) | capitalised(generated)):
        if name.lower() not in lowered and reverse.get(name.lower(), "\x00").lower() not in lowered:
            unsupported.append(name)
    return unsupported


def capitalised(text: str) -> set[str]:
    """Capitalised words not opening a sentence: the proper names a reader could invent."""
    text = _URL.sub(" ", _EMAIL.sub(" ", text))
    found = set()
    for match in re.finditer(r"\b[A-ZÀ-Ý][\w-]+", text):
        before = text[: match.start()].rstrip()
        if before and before[-1] not in ".!?:;«\"'(\n[-•":
            found.add(match.group(0))
    return found
