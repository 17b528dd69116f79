"""ingest/chunks.py on made-up clauses: sentence splitting (French abbreviations, English, line
breaks), headers, which clauses make one chunk, long clauses cut into overlapping windows that
are verbatim slices, the page each window starts on, repair metadata and stable ids."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clausier.schema import Clause, DocumentInfo
from clausier.reading.sentences import clause_segments, segments_of
from ingest.chunks import MAX_CHUNK_CHARS, chunks_for, header_for, sentence_spans, split_sentences

INFO = DocumentInfo(doc_id="nordvent-rgpd", title="Nordvent-AI — Politique RGPD", organisation="Nordvent-AI",
                    doc_type="privacy_policy", level=2)
BODY = "Nordvent-AI conserve les journaux de connexion de ses clients pendant douze mois au plus."


def _clause(text: str = BODY, number: str = "3.1", path: tuple[str, ...] = ("Article 3 - Conservation", "3.1"),
            ordinal: int = 0, **fields) -> Clause:
    return Clause(doc_id=INFO.doc_id, number=number, heading=path[-1] if path else "", heading_path=path,
                  text=text, page=fields.pop("page", 2), start=0, end=len(text), ordinal=ordinal, **fields)


def _long_text(n: int = 40) -> tuple[str, list[str]]:
    sentences = [f"Phrase {i:02d} : Nordvent-AI transmet les données du compte {i} à son hébergeur Kestrel Data "
                 f"situé en Irlande, sous contrat écrit." for i in range(n)]
    return " ".join(sentences), sentences


# --- sentences ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Conformément à l'art. 6 du RGPD, Nordvent-AI traite vos données. Elle les garde dix ans.",
         ["Conformément à l'art. 6 du RGPD, Nordvent-AI traite vos données.", "Elle les garde dix ans."]),
        ("Les journaux, c.-à-d. les traces techniques, sont gardés un an. Ensuite ils sont détruits.",
         ["Les journaux, c.-à-d. les traces techniques, sont gardés un an.", "Ensuite ils sont détruits."]),
        ("We keep logs for a year. we never sell them. 2 copies exist; Backups are encrypted!",
         ["We keep logs for a year. we never sell them.", "2 copies exist;", "Backups are encrypted!"]),
        ("Première ligne sans point\n\n  Deuxième ligne  ", ["Première ligne sans point", "Deuxième ligne"]),
        ("Vous pouvez refuser. « Accepter » reste possible. (Ou ignorer.) • Dernier point.",
         ["Vous pouvez refuser.", "« Accepter » reste possible.", "(Ou ignorer.) • Dernier point."]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_sentence_spans_are_trimmed_verbatim_slices():
    text = "  Première phrase.   Seconde phrase ?\n\tTroisième ligne  "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["Première phrase.", "Seconde phrase ?", "Troisième ligne"]
    assert all(a < b for a, b in spans) and spans == sorted(spans)


def test_header_is_the_title_and_the_heading_path():
    assert header_for(INFO, _clause()) == "Nordvent-AI — Politique RGPD › Article 3 - Conservation › 3.1"
    assert header_for(INFO, _clause(path=())) == "Nordvent-AI — Politique RGPD"


# --- one chunk per clause -----------------------------------------------------------------------

def test_a_clause_becomes_one_chunk_carrying_its_document_and_clause():
    (chunk,) = chunks_for(INFO, [_clause(ordinal=5)])
    assert chunk.text == BODY and chunk.part == 0
    assert (chunk.doc_id, chunk.title, chunk.organisation, chunk.doc_type, chunk.level) == (
        "nordvent-rgpd", INFO.title, "Nordvent-AI", "privacy_policy", 2)
    assert (chunk.clause, chunk.heading, chunk.page, chunk.ordinal) == ("3.1", "Article 3 - Conservation › 3.1", 2, 5)
    assert chunk.embed_text == f"{chunk.header}\n{BODY}"  # the heading's words are embedded too
    assert chunk.page_breaks == () and not chunk.repaired and chunk.original_text is None


def test_no_clauses_no_chunks():
    assert chunks_for(INFO, []) == []


def test_chunk_ids_are_stable_and_change_with_the_text():
    clauses = [_clause(), _clause("Les cookies de mesure d'audience de Nordvent-AI expirent après treize mois.",
                                  number="4", path=("Article 4 - Cookies",), ordinal=1)]
    first = [c.chunk_id for c in chunks_for(INFO, clauses)]
    assert first == [c.chunk_id for c in chunks_for(INFO, clauses)]
    assert len(set(first)) == 2 and all(cid.startswith("nordvent-rgpd:") for cid in first)
    edited = [replace(clauses[0], text=BODY.replace("douze", "treize")), clauses[1]]
    second = [c.chunk_id for c in chunks_for(INFO, edited)]
    assert second[0] != first[0] and second[1] == first[1]


def test_a_small_clause_joins_the_previous_clause_of_its_section():
    intro = _clause("Nordvent-AI partage certaines données de ses clients avec les prestataires suivants :",
                    number="5", path=("Article 5 - Partage",), ordinal=0)
    item = _clause("5.1 son hébergeur ;", number="5.1", path=("Article 5 - Partage", "5.1"), ordinal=1)
    chunks = chunks_for(INFO, [intro, item])
    assert [c.text for c in chunks] == [f"{intro.text}\n{item.text}"]
    assert chunks[0].clause == "5"  # the substantial clause leads the group


def test_a_small_clause_of_another_section_stands_alone():
    previous = _clause(path=("Article 3 - Conservation",), number="3")
    small = _clause("Article 4 : néant.", number="4", path=("Article 4 - Cookies",), ordinal=1)
    assert [c.text for c in chunks_for(INFO, [previous, small])] == [BODY, small.text]


def test_small_leading_clauses_join_the_next_clause():
    title = _clause("Politique RGPD de Nordvent-AI", number="", path=(), ordinal=0, kind="preamble")
    chunks = chunks_for(INFO, [title, _clause(ordinal=1)])
    assert [c.text for c in chunks] == [f"{title.text}\n{BODY}"]
    assert chunks[0].clause == "3.1"


def test_only_small_clauses_still_make_a_chunk():
    chunks = chunks_for(INFO, [_clause("Oui.", ordinal=0), _clause("Non.", ordinal=1)])
    assert [c.text for c in chunks] == ["Oui.\nNon."]


def test_table_rows_stay_apart():
    rows = [_clause("Cookie _nv_id | 13 mois", number="r1", kind="table_row", ordinal=0),
            _clause("Cookie _nv_ab | 6 mois", number="r2", kind="table_row", ordinal=1),
            _clause("Voir plus haut.", number="r3", ordinal=2)]  # small, but a table row is no parent
    assert [c.text for c in chunks_for(INFO, rows)] == [r.text for r in rows]
    assert [c.kind for c in chunks_for(INFO, rows)] == ["table_row", "table_row", "clause"]


def test_headings_without_a_body_and_empty_clauses_make_no_chunk():
    heading = _clause("Article 3 - Conservation", number="3", path=("Article 3 - Conservation",))
    empty = _clause("   ", number="3.0", ordinal=1)
    chunks = chunks_for(INFO, [heading, empty, _clause(ordinal=2)])
    assert [c.text for c in chunks] == [BODY]


def test_repair_metadata_is_carried_over():
    fixed = _clause(repaired=True, repair_confidence=0.7, original_text="Nordvent-AI c0nserve …", ordinal=0)
    other = _clause("5.2 et son prestataire ;", number="5.2", ordinal=1, repaired=True, repair_confidence=0.9)
    (chunk,) = chunks_for(INFO, [fixed, other])
    assert chunk.repaired and chunk.repair_confidence == 0.7  # the least sure repair
    assert chunk.original_text == "Nordvent-AI c0nserve …\n5.2 et son prestataire ;"


# --- long clauses --------------------------------------------------------------------------------

def test_a_long_clause_is_cut_into_overlapping_verbatim_windows():
    text, sentences = _long_text()
    assert len(text) > 3 * MAX_CHUNK_CHARS
    chunks = chunks_for(INFO, [_clause(text)])
    assert len(chunks) >= 3
    assert [c.part for c in chunks] == list(range(len(chunks)))
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    assert {c.clause for c in chunks} == {"3.1"} and {c.header for c in chunks} == {header_for(INFO, _clause())}
    for chunk in chunks:
        assert len(chunk.text) <= MAX_CHUNK_CHARS
        assert chunk.text in text  # verbatim slice: quotes stay exact
        assert chunk.text.startswith("Phrase") and chunk.text.endswith("contrat écrit.")  # whole sentences
    for before, after in zip(chunks, chunks[1:]):
        last = split_sentences(before.text)[-1]
        assert split_sentences(after.text)[0] == last  # one sentence of overlap
        assert split_sentences(after.text)[1] not in before.text  # and no more
    covered = {s for c in chunks for s in split_sentences(c.text)}
    assert covered == set(sentences)  # nothing lost


def test_a_clause_just_at_the_limit_is_not_cut():
    text, _ = _long_text()
    exact = text[:MAX_CHUNK_CHARS]
    assert len(chunks_for(INFO, [_clause(exact)])) == 1
    assert len(chunks_for(INFO, [_clause(text[: MAX_CHUNK_CHARS + 200])])) == 2


def test_a_single_sentence_longer_than_the_limit_stays_whole():
    sentence = "Nordvent-AI " + "conserve, archive et protège " * 80 + "vos données."
    (chunk,) = chunks_for(INFO, [_clause(sentence)])
    assert chunk.text == sentence and len(chunk.text) > MAX_CHUNK_CHARS


def test_each_window_starts_on_its_page_and_carries_its_own_page_breaks():
    text, sentences = _long_text()
    breaks = ((text.index(sentences[12]), 3), (text.index(sentences[25]), 4))
    chunks = chunks_for(INFO, [_clause(text, page=2, page_breaks=breaks)])
    for chunk in chunks:
        offset = text.index(chunk.text)
        expected_start = 2 if offset < breaks[0][0] else 3 if offset < breaks[1][0] else 4
        assert chunk.page == expected_start
        inside = tuple((start - offset, page) for start, page in breaks
                       if offset < start < offset + len(chunk.text) and page != chunk.page)
        assert chunk.page_breaks == inside
    assert any(chunk.page_breaks for chunk in chunks)  # the test sees at least one break inside a window
    assert [c.page for c in chunks][-1] == 4


# --- the clause's structure, stored with every part ----------------------------------------------

def test_every_part_carries_its_clause_structure_and_where_it_starts():
    intro = "Nordvent-AI partage les données avec les destinataires suivants :"
    items = [f"• le prestataire {i:02d}, qui héberge les sauvegardes du compte client en Irlande ;" for i in range(40)]
    text = "\n".join([intro, *items])
    parts = chunks_for(INFO, [_clause(text)])
    assert len(parts) >= 3
    whole = clause_segments(text, parts[0].heading, "clause")
    assert all(p.segments == whole for p in parts)
    assert all(text[p.part_start : p.part_start + len(p.text)] == p.text for p in parts)
    for part in parts:
        mine = segments_of(part)
        quotes = [part.text[s.start : s.end] for s in mine]
        assert quotes == [text[s.start : s.end] for s in whole
                          if s.start >= part.part_start and s.end <= part.part_start + len(part.text)]
        listed = [s for s in mine if s.list_of is not None]
        assert listed and all(0 <= s.list_of < len(mine) for s in listed)
    # the introduction sits in the first part only: later parts' items are introduced by their first item
    later = segments_of(parts[1])
    assert later[0].kind == "item" and {s.list_of for s in later} == {0}
    assert segments_of(parts[0])[0].intro and {s.list_of for s in segments_of(parts[0])[1:]} == {0}


def test_a_table_row_is_one_row_segment():
    (row,) = chunks_for(INFO, [_clause("Cookie _ga | 13 mois | mesure d'audience", kind="table_row")])
    assert [(s.kind, row.text[s.start : s.end]) for s in row.segments] == [("row", row.text)]
