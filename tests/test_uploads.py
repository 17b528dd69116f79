"""Admin uploads run in a child process (ingest/uploads.py): the settings it gets, and what the
app reports when the child does not finish."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from clausier.settings import Settings
from ingest.uploads import SECRET_SETTINGS, _settings_from, _settings_json, ingest_uploads


def test_the_child_gets_the_apps_settings_but_no_secret(tmp_path):
    settings = replace(Settings.from_env().with_data_dir(tmp_path / "data"), collection="autre", chroma_host="chroma",
                       max_doc_chars=1234, allowed_origins=("https://a.example",), admin_token="jeton-secret",
                       pseudonym_key="cle-secrete", llm_api_key="cle-api", promptlog_url="postgresql://u:mdp@h/db")
    text = _settings_json(settings)
    for secret in ("jeton-secret", "cle-secrete", "cle-api", "mdp"):
        assert secret not in text
    child = _settings_from(text)
    assert child == replace(settings, **{name: None for name in SECRET_SETTINGS})
    assert isinstance(child.data_dir, Path) and child.uploads_dir == settings.uploads_dir


def test_a_child_that_does_not_finish_is_an_error_line_per_file_and_writes_nothing(tmp_path):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    files = []
    for name in ("Note A.md", "note-b.txt"):
        files.append(tmp_path / name)
        files[-1].write_text("# Article 1 - Objet\n\nLe présent accord régit la conservation des données.\n", encoding="utf-8")
    started = []
    rows = ingest_uploads(files, 0, settings, on_file=lambda i, name: started.append(name), timeout=0.2)
    assert [(r.name, r.status, r.internal) for r in rows] == [("note-a.md", "error", True), ("note-b.txt", "error", True)]
    assert not (settings.uploads_dir / "note-a.md").exists() and not (settings.uploads_dir / "note-b.txt").exists()
