"""The local LLM file: assembled from its pinned parts, accepted only with the exact size and hash."""

from __future__ import annotations

import hashlib

import pytest

from clausier.llm import model as llm_model
from clausier.llm.model import LLMModelError, assemble, check_model_file, is_verified, part_paths
from clausier.settings import Settings


def _parts(tmp_path, blobs):
    paths = []
    for n, blob in enumerate(blobs, start=1):
        path = tmp_path / f"part{n:02d}.bin"
        path.write_bytes(blob)
        paths.append(path)
    return paths


@pytest.fixture
def small_expected(monkeypatch):
    """Expect a small known file instead of the 1 GiB model (the checks are the same code)."""
    blobs = [b"GGUF" + bytes(range(50)), b"second part" * 7, b"\x00tail"]
    whole = b"".join(blobs)
    monkeypatch.setattr(llm_model, "EXPECTED_BYTES", len(whole))
    monkeypatch.setattr(llm_model, "EXPECTED_SHA256", hashlib.sha256(whole).hexdigest())
    return blobs, whole


def test_parts_in_order_make_the_verified_file_once(tmp_path, small_expected):
    blobs, whole = small_expected
    out = tmp_path / "llm" / "model.gguf"
    done = assemble(out, _parts(tmp_path, blobs))
    assert done is not None and out.read_bytes() == whole and is_verified(out)
    assert assemble(out, _parts(tmp_path, blobs), if_missing=True) is None  # verified once, not again
    assert check_model_file(out) == out


def test_parts_out_of_order_are_refused_and_nothing_is_published(tmp_path, small_expected):
    blobs, _ = small_expected
    out = tmp_path / "model.gguf"
    with pytest.raises(LLMModelError, match="SHA-256"):
        assemble(out, _parts(tmp_path, list(reversed(blobs))))
    assert not out.exists() and not list(tmp_path.glob(".model.gguf.tmp-*"))


def test_a_missing_or_extra_byte_is_refused_by_size(tmp_path, small_expected):
    blobs, _ = small_expected
    with pytest.raises(LLMModelError, match="octets"):
        assemble(tmp_path / "a.gguf", _parts(tmp_path, blobs[:-1] + [blobs[-1][:-1]]))
    with pytest.raises(LLMModelError, match="octets"):
        assemble(tmp_path / "b.gguf", _parts(tmp_path, blobs + [b"!"]))


def test_a_changed_file_is_no_longer_verified(tmp_path, small_expected):
    blobs, whole = small_expected
    out = tmp_path / "model.gguf"
    assemble(out, _parts(tmp_path, blobs))
    out.write_bytes(whole[:-1] + b"?")  # same size, other content, newer mtime
    assert not is_verified(out)
    with pytest.raises(LLMModelError, match="non vérifié"):
        check_model_file(out)
    with pytest.raises(LLMModelError, match="SHA-256"):
        assemble(out, _parts(tmp_path, blobs), if_missing=True)  # rehashed and refused, not trusted


def test_missing_file_names_the_command(tmp_path):
    with pytest.raises(LLMModelError, match="make model"):
        check_model_file(tmp_path / "absent.gguf")


def test_the_installed_parts_are_the_pinned_model():
    """The 22 packages are installed (make model) and their concatenation is the verified file."""
    parts = part_paths()
    assert len(parts) == 22 and [p.name for p in parts][:2] == ["part01.bin", "part02.bin"]
    assert sum(p.stat().st_size for p in parts) == llm_model.EXPECTED_BYTES == 1_117_320_768
    assert is_verified(Settings.from_env().llm_model_path)
