"""The repair's word-list trigram counts: saved once per wordfreq version and counting code."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.repair import langmodel, saved_counts

SAMPLE = ["Les données personnelles sont conservées pendant trois ans à compter de la fin du contrat."]


def _fresh(directory):
    saved_counts.use_directory(directory)
    langmodel._wordfreq_counts_all.cache_clear()


@pytest.fixture
def counted(tmp_path):
    """The counts and a model built without saving, then the process state restored."""
    _fresh(None)
    symbols, counts = langmodel._wordfreq_counts_all()
    model = langmodel.build_model(SAMPLE)
    yield symbols, counts.copy(), model
    _fresh(None)


def test_saved_counts_are_the_counted_ones_and_are_loaded_without_counting(counted, tmp_path, monkeypatch):
    symbols, counts, model = counted
    _fresh(tmp_path)
    langmodel._wordfreq_counts_all()  # counted and saved
    saved = list(tmp_path.glob(f"{saved_counts.PREFIX}*.npz"))
    assert [p.name for p in saved] == [saved_counts.path().name]

    def no_counting():
        raise AssertionError("counted again although saved")

    monkeypatch.setattr(langmodel, "_count_wordfreq", no_counting)
    _fresh(tmp_path)
    loaded_symbols, loaded = langmodel._wordfreq_counts_all()
    assert loaded_symbols == symbols
    assert loaded.dtype == counts.dtype and np.array_equal(loaded, counts)
    again = langmodel.build_model(SAMPLE)
    assert again.symbols == model.symbols
    assert np.array_equal(again.logp3, model.logp3) and np.array_equal(again.bigram, model.bigram)


def test_another_wordfreq_version_or_a_damaged_file_is_counted_again(counted, tmp_path, monkeypatch):
    symbols, counts, _ = counted
    _fresh(tmp_path)
    langmodel._wordfreq_counts_all()
    first = saved_counts.path()
    calls = []
    real = langmodel._count_wordfreq

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(langmodel, "_count_wordfreq", counting)
    monkeypatch.setattr(saved_counts, "wordfreq_version", lambda: "99.0")
    _fresh(tmp_path)
    langmodel._wordfreq_counts_all()
    assert calls == [1] and saved_counts.path() != first
    assert [p.name for p in tmp_path.glob(f"{saved_counts.PREFIX}*.npz")] == [saved_counts.path().name]  # old key removed

    saved_counts.path().write_bytes(b"not an npz")
    _fresh(tmp_path)
    loaded_symbols, loaded = langmodel._wordfreq_counts_all()
    assert calls == [1, 1] and loaded_symbols == symbols and np.array_equal(loaded, counts)


def test_an_unwritable_folder_only_means_counting(counted, tmp_path):
    symbols, counts, _ = counted
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _fresh(blocker / "cache")  # a folder under a file cannot be made
    loaded_symbols, loaded = langmodel._wordfreq_counts_all()
    assert loaded_symbols == symbols and np.array_equal(loaded, counts)
