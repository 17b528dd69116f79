"""Shared fixtures: offline environment, a temp data dir per test, session-wide model/index."""

from __future__ import annotations

import pytest

import clausier.settings  # noqa: F401  (sets the offline switches before any model library loads)

OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


@pytest.fixture(autouse=True)
def offline_env(monkeypatch, tmp_path):
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CLAUSIER_DATA_DIR", str(tmp_path / "data"))
