"""The repair benchmark's command line: an empty selection of tables is reported, not a crash."""

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
