"""clausier/index/parts.py: the parts of a long clause joined back into the clause text from the
offsets ingest stores with each part; on hand-made parts and on the windows ingest really cuts,
including the layouts that defeated guessing the overlap from the text."""

from __future__ import annotations

from clausier.index.parts import join_parts, join_parts_at
from clausier.schema import Chunk, Clause, DocumentInfo
from ingest.chunks import chunks_for

INFO = DocumentInfo(doc_id="kestrel-dpa", title="Kestrel Data — Accord de sous-traitance", organisation="Kestrel Data",
                    doc_type="dpa", level=1)


def _part(text: str, part: int, start: int) -> Chunk:
    return Chunk(chunk_id=f"k:{part}", doc_id=INFO.doc_id, title=INFO.title, organisation=INFO.organisation,
                 clause="9", heading="Article 9", page=1, text=text, level=1, part=part, part_start=start)


def _chunks(text: str) -> list[Chunk]:
    clause = Clause(doc_id=INFO.doc_id, number="9", heading="Article 9", heading_path=("Article 9",), text=text,
                    page=1, start=0, end=len(text))
    return chunks_for(INFO, [clause])


def _filler(i: int) -> str:
    return f"Alinéa {i:02d} : Kestrel Data supprime les sauvegardes du client {i} au terme du contrat, sans délai."


def test_no_parts_and_one_part():
    assert join_parts_at([]) == ("", ())
    assert join_parts_at([_part("Seule partie.", 0, 0)]) == ("Seule partie.", (0,))


def test_parts_are_joined_at_their_offsets_not_at_a_matching_text():
    clause = "Non. Non. Oui. Non. Non. Fin."
    parts = [_part(clause[:14], 0, 0), _part(clause[10:], 1, 10)]  # « Oui. » is the overlap
    text, starts = join_parts_at(parts)
    assert text == clause and starts == (0, 10)


def test_a_window_of_parts_is_joined_relative_to_its_first_part():
    clause = "Un. Deux. Trois. Quatre. Cinq."
    parts = [_part(clause[4:16], 1, 4), _part(clause[10:], 2, 10)]
    assert join_parts_at(parts) == (clause[4:], (0, 6))


def test_parts_that_do_not_meet_are_kept_apart_by_a_line_break():
    # an index written before parts carried offsets: every part says it starts at 0
    text, starts = join_parts_at([_part("Kestrel Data héberge en Irlande.", 0, 0),
                                  _part("Les sauvegardes sont chiffrées.", 1, 0)])
    assert text == "Kestrel Data héberge en Irlande.\nLes sauvegardes sont chiffrées."
    assert starts == (0, text.index("Les sauvegardes"))


def _with_run(run: list[str], end: str, start: str) -> tuple[str, list[Chunk]]:
    """A long clause with ``run`` inserted at the first place where a window ends with ``end``
    and the next one starts with ``start``."""
    for position in range(5, 40):
        sentences = [_filler(i) for i in range(45)]
        sentences[position:position] = run
        text = " ".join(sentences)
        chunks = _chunks(text)
        if any(a.text.endswith(end) and b.text.startswith(start) for a, b in zip(chunks, chunks[1:])):
            return text, chunks
    raise AssertionError("no layout puts the run at a window boundary")


def test_the_windows_of_a_long_clause_join_back_into_it():
    text = " ".join(_filler(i) for i in range(45))
    chunks = _chunks(text)
    assert len(chunks) >= 3
    joined, starts = join_parts_at(chunks)
    assert joined == text
    assert starts == tuple(c.part_start for c in chunks)
    assert all(text[c.part_start : c.part_start + len(c.text)] == c.text for c in chunks)


def test_windows_overlapping_on_a_short_sentence_join_back():
    # guessing the overlap from the text repeated « Ok. » after a line break
    text, chunks = _with_run(["Ok."], end=" Ok.", start="Ok. ")
    assert join_parts(chunks) == text


def test_windows_overlapping_inside_a_repeated_sentence_join_back():
    # guessing the overlap took the longest suffix/prefix match and dropped a sentence
    same = "Voir l'annexe 2."
    text, chunks = _with_run([same] * 4, end=f"{same} {same}", start=f"{same} {same}")
    assert join_parts(chunks) == text
