"""The repair benchmark's command line: an empty selection of tables is reported, not a crash; the process's first document apart."""

import sys

from bench import repair_bench


def test_no_tables_reported_for_each_set(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["repair_bench.py", "--set", "both", "--tables", "0", "--skip-ipso"])
    repair_bench.main()
    out = capsys.readouterr().out.splitlines()
    assert out == ["dev: no tables", "held-out: no tables"]


def test_first_table_past_the_set_reported(capsys):
    assert repair_bench.bench_tables("dev", repair_bench.DEV_SEEDS[12:], 0) == []
    assert capsys.readouterr().out == "dev: no tables\n"


def test_the_process_first_document_is_reported_apart(monkeypatch, capsys):
    """The first document a process repairs also loads the word lists: its CPU time is printed apart
    from the maximum over the others, and only when the set's first document was the process's first."""
    monkeypatch.setattr(repair_bench, "_REPAIRED", [])
    repair_bench.bench_tables("dev", (0, 1), 0, docs="ikomia")
    first = [line for line in capsys.readouterr().out.splitlines() if "first document" in line]
    assert len(first) == 1 and first[0].startswith("dev: CPU max without the process's first document")
    repair_bench.bench_tables("dev", (0, 1), 0, docs="ikomia")
    assert "first document" not in capsys.readouterr().out
