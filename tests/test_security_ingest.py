"""Hardening findings (issue 15) on ingest, replayed through the real ingest CLI and the admin
upload: bad PDFs (bomb, deep tree, corrupt, encrypted) are per-file errors and the rest goes in,
document ids are safe slugs that never collide silently, oversized extracted text is refused
naming the limit, and a rejected upload is deleted while the earlier file is kept."""

from __future__ import annotations

from tests.access_fixtures import access_world  # noqa: F401
from tests.pdfs import bomb_pdf, deep_tree_pdf, encrypt_pdf, truncated_pdf, write_pdf
from tests.test_security import GOOD_MD

# --- 5. / 6. ingest: bad PDFs are per-file errors, ids never collide silently ---------------------

def _ingest_cli(monkeypatch, tmp_path, capsys, *args: str) -> tuple[int, str]:
    from ingest.__main__ import main

    monkeypatch.setenv("CLAUSIER_DATA_DIR", str(tmp_path / "data"))
    code = main([*args, "--level", "0"])
    return code, capsys.readouterr().out


def _indexed(tmp_path) -> dict:
    from clausier.index.vectors import VectorStore
    from clausier.settings import Settings

    return VectorStore(Settings.from_env().with_data_dir(tmp_path / "data")).doc_states()


def test_bad_pdfs_are_per_file_errors_and_the_rest_goes_in(monkeypatch, tmp_path, capsys):
    good = tmp_path / "ok.md"
    good.write_text(GOOD_MD, encoding="utf-8")
    source = write_pdf(tmp_path / "source.pdf", [["Article 1 - Objet", "Le present accord regit les donnees."]])
    bad = [bomb_pdf(tmp_path / "bomb.pdf"), deep_tree_pdf(tmp_path / "deep.pdf"),
           truncated_pdf(source, tmp_path / "corrupt.pdf"), encrypt_pdf(source, tmp_path / "locked.pdf")]
    code, out = _ingest_cli(monkeypatch, tmp_path, capsys, str(good), *map(str, bad))
    assert code == 1
    assert set(_indexed(tmp_path)) == {"ok"}
    for path in bad:
        assert f"erreur : {path}:" in out, out
    assert "Traceback" not in out and "débit :" in out and "chunks/s" in out


def test_document_ids_are_safe_slugs(monkeypatch, tmp_path, capsys):
    good = tmp_path / "ok.md"
    good.write_text(GOOD_MD, encoding="utf-8")
    code, out = _ingest_cli(monkeypatch, tmp_path, capsys, str(good), "--doc-id", "x'><img src=x onerror=alert(12)>")
    assert code == 1 and "identifiant de document invalide" in out
    assert _indexed(tmp_path) == {}


def test_ids_never_collide_silently(monkeypatch, tmp_path, capsys):
    paths = []
    for suffix, text in ((".txt", GOOD_MD.replace("trois ans", "deux ans")), (".md", GOOD_MD)):
        paths.append(tmp_path / f"good{suffix}")
        paths[-1].write_text(text, encoding="utf-8")
    assert _ingest_cli(monkeypatch, tmp_path, capsys, str(paths[0]))[0] == 0
    code, out = _ingest_cli(monkeypatch, tmp_path, capsys, str(paths[1]))
    assert code == 1 and "déjà pris par un autre document (good.txt)" in out and "--replace" in out
    assert _indexed(tmp_path)["good"].source_path.endswith("good.txt")
    code, out = _ingest_cli(monkeypatch, tmp_path, capsys, str(paths[1]), "--replace")
    assert code == 0 and _indexed(tmp_path)["good"].source_path.endswith("good.md")
    code, out = _ingest_cli(monkeypatch, tmp_path, capsys, str(paths[0]), "--doc-id", "good")  # explicit id: replaces
    assert code == 0 and _indexed(tmp_path)["good"].source_path.endswith("good.txt")
    code, out = _ingest_cli(monkeypatch, tmp_path, capsys, str(paths[0]), str(paths[1]), "--doc-id", "same")
    assert code == 1 and "identifiant de document en double" in out  # two files, one id, in one run


def test_oversized_extracted_text_is_refused_with_the_limit(monkeypatch, tmp_path, capsys):
    big = tmp_path / "big.md"
    big.write_text(GOOD_MD * 400, encoding="utf-8")
    small = tmp_path / "small.md"
    small.write_text(GOOD_MD, encoding="utf-8")
    monkeypatch.setenv("CLAUSIER_MAX_DOC_CHARS", "20000")
    code, out = _ingest_cli(monkeypatch, tmp_path, capsys, str(big), str(small))
    assert code == 1 and "texte extrait trop long" in out and "limite de 20 000" in out and "CLAUSIER_MAX_DOC_CHARS" in out
    assert set(_indexed(tmp_path)) == {"small"}
    assert out.index("small") < out.index("big")  # smallest first


def test_rejected_upload_is_deleted_and_the_earlier_file_kept(access_world, tmp_path):
    from web.chat_admin import AdminHandlers

    world = access_world
    admin = AdminHandlers(world.assistant, lambda request: world.access.caller_for_key(world.keys["boss"]))
    uploads = world.settings.uploads_dir
    bomb = bomb_pdf(tmp_path / "bombe.pdf", 200_000_000)
    table = admin.ingest([str(bomb)], 0, "fr", None)
    assert "PDF refusé" in table and not (uploads / "bombe.pdf").exists()
    assert not any(p.name.startswith("bombe") for p in uploads.iterdir())
