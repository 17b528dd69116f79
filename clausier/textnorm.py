"""French-aware text analysis shared by the lexical index, the query side and the answerer.

lower case → accents folded → elisions (l' d' qu' …) split off → words → stop words dropped →
Snowball French stemming (PyStemmer). The same function runs at index and query time.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# List bullets: the one definition every stage reads (clause building, segments, verdicts, the
# viewer). SYMBOL_BULLETS mark a list item wherever they stand, even inside a line whose breaks
# were joined; LINE_BULLETS and DASH_BULLETS only at the start of a line, where they cannot be a
# sign or a dash of the sentence. A symbol font read without its map prints a bullet as a private-use
# character (U+F0B7) or a lone Latin-1 letter (« Á »: FONT_BULLETS). Word's second level is a
# lone « o » (LETTER_BULLET), told from a word by its place at the start of a line.
SYMBOL_BULLETS = "●•▪◦○■□►▸‣⁃∙\uf0b7"
LINE_BULLETS = SYMBOL_BULLETS + "·∗*§"
DASH_BULLETS = "-–—"  # at the start of a line and followed by a space only
FONT_BULLETS = "Á"
LETTER_BULLET = "o"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9_]+")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")

FRENCH_STOPWORDS = frozenset(
    """
    a au aux avec ce ces cet cette ci dans de des du elle elles en et eux il ils je la le les
    leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa
    se ses son sur ta te tes toi ton tu un une vos votre vous y ete etre avoir ai as avons avez
    ont est sont etait sera seront fait faire peut peuvent doit doivent cela ceci celui celle
    ceux celles dont donc ainsi aussi tout tous toute toutes tres plus moins si sans sous entre
    vers chez lors afin comme quand quel quelle quels quelles quoi ni car or the sera ont
    """.split()
)
ENGLISH_STOPWORDS = frozenset(
    """
    a an and are as at be been being but by can could do does did for from had has have how i
    if in into is it its may might must of on or our shall should so such than that the their
    them then there these they this those to under up was we were what when where which while
    who whom why will with would you your yours do does about any all also after before
    """.split()
)
STOPWORDS = FRENCH_STOPWORDS | ENGLISH_STOPWORDS

_FRENCH_MARKERS = frozenset(
    "le la les des du de un une est et que qui pour dans sur par au aux quel quelle quels quelles "
    "combien comment pourquoi vos nos peut sont ce cette ces ou quand je il elle nous vous ils elles mes mon ma "
    "son sa leur leurs pas ne avec chez sans si aussi".split()
)
_ENGLISH_MARKERS = frozenset(
    "the is are what which who how does do of to and for with can long when where why "
    "data their it kept stored will would should could might must has have had was were be been we you they "
    "my our your if not any there this that these those from by about without".split()
)


def fold(text: str) -> str:
    """Lower case, typographic apostrophes unified, accents removed (``Données`` → ``donnees``)."""
    text = text.translate(_APOSTROPHES).lower()
    if text.isascii():  # NFKD leaves ASCII as it is: no mark to remove, no ligature
        return text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("œ", "oe").replace("æ", "ae")


def words(text: str) -> list[str]:
    """Folded word tokens, elisions split off, digits split from letters (``72h`` → 72, h)."""
    folded = _ELISION.sub(" ", fold(text))
    folded = _DIGIT_LETTER.sub(" ", folded)
    out: list[str] = []
    for token in _WORD.findall(folded):
        if "_" in token:
            # cookie names such as _ga or _gat_gtag: keep the whole name and its parts
            out.append(token)
            out.extend(part for part in token.split("_") if part)
        else:
            out.append(token)
    return out


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


def stem(token: str) -> str:
    return _stemmer().stemWord(token)


def analyze(text: str) -> list[str]:
    """Index/query terms: folded words minus stop words, stemmed."""
    tokens = [t for t in words(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    return _stemmer().stemWords(tokens)


def detect_language(text: str) -> str:
    """'fr' or 'en' from function words; French when unsure (the corpus language)."""
    tokens = words(text)
    fr = sum(t in _FRENCH_MARKERS for t in tokens)
    en = sum(t in _ENGLISH_MARKERS for t in tokens)
    return "en" if en > fr else "fr"
