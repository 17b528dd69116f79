"""Users and API keys: the store, the CLI (``python -m app users …``), the access decisions."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from clausier.accounts.access import AccessControl, bearer_key, clearance_of
from clausier.errors import ClausierError, Unauthorized
from clausier.schema import Caller
from clausier.settings import Settings
from clausier.accounts.users import KEY_PREFIX, UserStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path) -> UserStore:
    return UserStore(tmp_path / "users.sqlite3")


def test_add_authenticate_and_keys_stored_hashed(store, tmp_path):
    key = store.add("alice", 2)
    assert key.startswith(KEY_PREFIX) and len(key) > 40
    user = store.authenticate(key)
    assert (user.name, user.clearance, user.is_admin, user.active) == ("alice", 2, False, True)
    raw = (tmp_path / "users.sqlite3").read_bytes()
    assert key.encode() not in raw
    assert hashlib.sha256(key.encode()).hexdigest().encode() in raw
    assert store.authenticate(key + "x") is None and store.authenticate("") is None
    assert store.authenticate(None) is None


def test_login_needs_the_name_and_its_own_key(store):
    alice, bob = store.add("alice", 2), store.add("bob", 1)
    assert store.login("alice", alice).name == "alice"
    assert store.login("alice", bob) is None
    assert store.login("bob", alice) is None


def test_revoke_and_rotate(store):
    key = store.add("carol", 3, is_admin=True)
    store.revoke("carol")
    assert store.authenticate(key) is None and store.get("carol") is None
    assert [u.active for u in store.users()] == [False]
    new = store.rotate("carol")
    assert new != key and store.authenticate(new).is_admin and store.authenticate(key) is None
    with pytest.raises(ClausierError):
        store.revoke("nobody")


@pytest.mark.parametrize("name,clearance", [("alice", 4), ("alice", -1), ("alice", True), ("", 1),
                                            ("anonymous", 1), ("bad name", 1), ("x" * 65, 1)])
def test_invalid_users_are_refused(store, name, clearance):
    with pytest.raises(ClausierError):
        store.add(name, clearance)


def test_duplicate_user_is_refused(store):
    store.add("dave", 1)
    with pytest.raises(ClausierError, match="existe"):
        store.add("dave", 3)


def test_clearance_fails_closed():
    assert clearance_of(Caller("x", 2)) == 2
    for bad in (None, -1, 4, "3", 2.5, True):
        assert clearance_of(Caller("x", bad)) == 0
    assert clearance_of(None) == 0


def test_bearer_header_parsing():
    assert bearer_key(None) is None
    assert bearer_key("Bearer abc") == "abc"
    assert bearer_key("bearer  abc ") == "abc"
    for bad in ("Basic abc", "Bearer", "Bearer   "):
        with pytest.raises(Unauthorized):
            bearer_key(bad)


def test_access_control_anonymous_setting(store, tmp_path):
    settings = Settings.from_env().with_data_dir(tmp_path)
    key = store.add("erin", 2)
    open_access = AccessControl(replace(settings, anonymous_access=True, anonymous_clearance=0), store)
    assert open_access.caller_for_key(None) == Caller.anonymous(0)
    assert open_access.caller_for_key(key).clearance == 2
    with pytest.raises(Unauthorized):
        open_access.caller_for_key("clsr_wrong")  # a wrong key is an error, not anonymous
    closed = AccessControl(replace(settings, anonymous_access=False), store)
    with pytest.raises(Unauthorized):
        closed.caller_for_key(None)
    with pytest.raises(Unauthorized):
        closed.caller_for_login(None)
    assert closed.caller_for_login("erin").clearance == 2
    assert closed.check_login("erin", key) and not closed.check_login("erin", "clsr_nope")
    weird = AccessControl(replace(settings, anonymous_clearance=7), store)
    assert weird.caller_for_key(None).clearance == 0  # out of range → the least


def test_admin_token_setting(store, tmp_path):
    settings = replace(Settings.from_env().with_data_dir(tmp_path), admin_token="s3cret-token-value")
    caller = AccessControl(settings, store).caller_for_key("s3cret-token-value")
    assert caller.is_admin and caller.clearance == 3


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLAUSIER_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_users_cli_round_trip(tmp_path):
    added = _cli("users", "add", "frank", "--clearance", "2", "--admin", data_dir=tmp_path)
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip().splitlines()[-1]
    store = UserStore(tmp_path / "users.sqlite3")
    assert store.authenticate(key).clearance == 2 and store.authenticate(key).is_admin
    listed = _cli("users", "list", data_dir=tmp_path)
    assert "frank" in listed.stdout and key not in listed.stdout
    rotated = _cli("users", "rotate", "frank", data_dir=tmp_path).stdout.strip().splitlines()[-1]
    assert rotated != key and store.authenticate(rotated) and store.authenticate(key) is None
    assert _cli("users", "revoke", "frank", data_dir=tmp_path).returncode == 0
    assert store.authenticate(rotated) is None
    bad = _cli("users", "add", "frank", "--clearance", "1", data_dir=tmp_path)
    assert bad.returncode == 2 and "existe" in bad.stderr
