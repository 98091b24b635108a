"""Keyed mode: who may read what, revocation, rate limits, admin, and the operator commands."""

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from service.server import StartupError, prepare
from service.storage import repo
from service.storage.db import Database
from tests.service.conftest import MakeClient
from training.dataset import load_examples

UNSENT = Path(sys.executable).parent / "unsent"


def new_key(client: TestClient, name: str, *, admin: bool = False) -> str:
    db: Database = client.app.state.records.db  # type: ignore[attr-defined]
    with db.session() as session:
        return repo.create_key(session, name=name, admin=admin, now=datetime(2026, 12, 1)).secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def keyed(make_client: MakeClient, database_url: str) -> tuple[TestClient, str, str]:
    client = make_client(database_url=database_url)
    alice, bob = new_key(client, "alice"), new_key(client, "bob")
    client.app.state.auth._keyed = (-1e9, False)  # type: ignore[attr-defined]  # re-read now, not in 1 s
    return client, alice, bob


def test_keyed_mode_needs_a_valid_key(keyed: tuple[TestClient, str, str]) -> None:
    client, alice, _ = keyed
    for headers, words in [({}, "needs an API key"), (bearer("unsent_wrong"), "not valid"),
                           ({"Authorization": alice}, "Bearer <key>")]:
        response = client.post("/v1/check", json={"text": "hi"}, headers=headers)
        assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
        assert words in response.json()["error"]["message"]
    assert client.post("/v1/check", json={"text": "hi"}, headers=bearer(alice)).status_code == 200


def test_another_profiles_hold_does_not_exist(keyed: tuple[TestClient, str, str]) -> None:
    client, alice, bob = keyed
    hold = client.post("/v1/holds", json={"text": "miss you"}, headers=bearer(alice)).json()
    theirs = client.get(f"/v1/holds/{hold['id']}", headers=bearer(bob))
    nothing = client.get("/v1/holds/0123456789abcdef0123456789abcdef", headers=bearer(bob))
    assert theirs.status_code == nothing.status_code == 404
    assert theirs.json() == nothing.json()
    assert client.delete(f"/v1/holds/{hold['id']}", headers=bearer(bob)).status_code == 404
    assert client.get("/v1/holds", headers=bearer(bob)).json() == {"holds": []}
    assert client.get(f"/v1/holds/{hold['id']}", headers=bearer(alice)).json()["text"] == "miss you"


def test_profiles_are_per_key(keyed: tuple[TestClient, str, str]) -> None:
    client, alice, bob = keyed
    client.put("/v1/profile", json={"no_contact": {"start": "2026-11-20"}}, headers=bearer(alice))
    assert client.get("/v1/profile", headers=bearer(bob)).json()["no_contact"] is None
    assert client.get("/v1/profile", headers=bearer(alice)).json()["no_contact"]["days"] == 30


def test_a_revoked_key_is_refused_at_once(keyed: tuple[TestClient, str, str]) -> None:
    client, alice, _ = keyed
    db: Database = client.app.state.records.db  # type: ignore[attr-defined]
    with db.session() as session:
        assert repo.revoke_key(session, "alice", now=datetime(2026, 12, 1)) == 1
    assert client.get("/v1/holds", headers=bearer(alice)).status_code == 401


def test_the_rate_limit_answers_429_with_retry_after(make_client: MakeClient) -> None:
    client = make_client(rate_limit_per_minute=3)
    key = new_key(client, "busy")
    codes = [client.post("/v1/check", json={"text": "hi"}, headers=bearer(key)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.post("/v1/check", json={"text": "hi"}, headers=bearer(key))
    assert limited.json()["error"]["code"] == "rate_limited" and int(limited.headers["retry-after"]) >= 1


def test_reload_needs_an_admin_key_in_keyed_mode(keyed: tuple[TestClient, str, str]) -> None:
    client, alice, _ = keyed
    refused = client.post("/v1/admin/reload", headers=bearer(alice))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    admin = new_key(client, "ops", admin=True)
    reloaded = client.post("/v1/admin/reload", headers=bearer(admin))
    assert reloaded.status_code == 200 and reloaded.json()["model_version"].startswith("unsent-")


def test_a_public_address_without_keys_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="unsent keys create"):
        prepare(Settings(host="0.0.0.0", data_dir=tmp_path))
    prepare(Settings(host="127.0.0.1", data_dir=tmp_path))
    db = Database.connect(Settings(data_dir=tmp_path).effective_database_url)
    with db.session() as session:
        repo.create_key(session, name="app", admin=False, now=datetime(2026, 12, 1))
    db.close()
    prepare(Settings(host="0.0.0.0", data_dir=tmp_path))


def test_off_loopback_a_request_without_a_key_is_refused_even_with_no_keys_left(make_client: MakeClient) -> None:
    client = make_client(host="0.0.0.0")
    response = client.get("/v1/holds")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def _unsent(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(UNSENT), *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, "UNSENT_DATA_DIR": str(data_dir), "COLUMNS": "200"})


def test_the_key_commands(make_client: MakeClient, tmp_path: Path) -> None:
    created = _unsent("keys", "create", "--name", "phone-app", data_dir=tmp_path)
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("unsent_") and len(secret) > 40
    listing = _unsent("keys", "list", data_dir=tmp_path).stdout
    assert "phone-app" in listing and secret not in listing
    client = make_client(data_dir=tmp_path)
    assert client.get("/v1/holds", headers=bearer(secret)).status_code == 200
    assert client.get("/v1/holds").status_code == 401
    revoked = _unsent("keys", "revoke", "phone-app", data_dir=tmp_path)
    assert revoked.returncode == 0 and "Revoked 1 key" in revoked.stdout
    again = _unsent("keys", "revoke", "phone-app", data_dir=tmp_path)
    assert again.returncode == 1 and "No active key" in again.stderr and "Traceback" not in again.stderr


def test_feedback_export_feeds_training(make_client: MakeClient, tmp_path: Path) -> None:
    client = make_client(data_dir=tmp_path)
    for text, label in [("can you feed the cat tonight", "practical"), ("answer me right now", "harassing")]:
        assert client.post("/v1/feedback", json={"text": text, "label": label}).status_code == 201
    out = tmp_path / "feedback.jsonl"
    exported = _unsent("feedback", "export", "--out", str(out), data_dir=tmp_path)
    assert exported.returncode == 0 and "Wrote 2 labeled drafts" in exported.stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["text"], r["label"]) for r in rows] == [("can you feed the cat tonight", "practical"),
                                                       ("answer me right now", "harassing")]
    assert [e.label for e in load_examples(out)] == ["practical", "harassing"]


def test_a_running_server_reads_holds_right_after_a_rotation(make_client: MakeClient, tmp_path: Path) -> None:
    client = make_client(data_dir=tmp_path)
    hold = client.post("/v1/holds", json={"text": "held before the rotation"}).json()
    assert _unsent("secrets", "rotate", data_dir=tmp_path).returncode == 0
    assert client.get(f"/v1/holds/{hold['id']}").json()["text"] == "held before the rotation"
    newer = client.post("/v1/holds", json={"text": "held after it"}).json()
    assert client.get(f"/v1/holds/{newer['id']}").json()["text"] == "held after it"


def test_postgresql_without_shared_keys_is_refused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://u:p@127.0.0.1:1/x")
    with pytest.raises(StartupError, match="UNSENT_ENCRYPTION_KEYS"):
        prepare(settings)


def test_rotating_the_encryption_key_keeps_old_holds(make_client: MakeClient, tmp_path: Path) -> None:
    client = make_client(data_dir=tmp_path)
    hold = client.post("/v1/holds", json={"text": "written under the first key"}).json()
    rotated = _unsent("secrets", "rotate", data_dir=tmp_path)
    assert rotated.returncode == 0 and "Re-encrypted 1" in rotated.stdout
    keys = (tmp_path / "encryption.key").read_text().split()
    assert len(keys) == 2 and oct((tmp_path / "encryption.key").stat().st_mode & 0o777) == "0o600"
    (tmp_path / "encryption.key").write_text(keys[0] + "\n")  # the old key dropped after re-encryption
    after = make_client(data_dir=tmp_path)
    assert after.get(f"/v1/holds/{hold['id']}").json()["text"] == "written under the first key"


def test_local_mode_answers_only_plainly_local_requests(make_client: MakeClient) -> None:
    client = make_client()
    assert client.get("/v1/holds").status_code == 200
    assert client.get("/v1/holds", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/v1/holds", headers={"Host": "[::1]:8000"}).status_code == 200
    rebound = client.get("/v1/holds", headers={"Host": "attacker.example:8000"})  # DNS rebinding
    assert rebound.status_code == 401 and "localhost or 127.0.0.1" in rebound.json()["error"]["message"]
    proxied = client.get("/v1/holds", headers={"X-Forwarded-For": "203.0.113.9"})  # a local reverse proxy
    assert proxied.status_code == 401
    assert client.post("/v1/admin/reload", headers={"Host": "evil.example"}).status_code == 401
    # A form on another site posts with its own Origin (no CORS preflight for a plain form).
    assert client.post("/v1/admin/reload", headers={"Origin": "https://evil.example"}).status_code == 401
    assert client.post("/v1/holds", content=b'{"text": "x"}', headers={
        "Origin": "null", "content-type": "application/json"}).status_code == 401
    assert client.get("/v1/holds", headers={"Origin": "http://127.0.0.1:8000"}).status_code == 200
