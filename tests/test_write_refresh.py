"""The write bench picks a document of the table for any number of writes."""

from bench.write_refresh import written_doc


def test_every_write_count_picks_distinct_documents_of_the_table():
    docs = [f"doc-{i}" for i in range(7)]
    for writes in range(1, 7):
        picked = [written_doc(docs, attempt, writes) for attempt in range(writes)]
        assert len(set(picked)) == writes  # each in the table (no IndexError), none twice
    assert written_doc(["only"], 0, 1) == "only"
