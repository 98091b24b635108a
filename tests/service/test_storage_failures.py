"""A database that is down or full answers a clear 503, quickly, and loses nothing acknowledged."""

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from sqlalchemy import event

from service.app import create_app
from service.auth import LOCAL
from service.config import Settings
from service.records import Records
from service.state import LoadedModel, open_records
from service.storage import repo
from service.storage.crypto import Cipher, keys_from_file
from service.storage.db import Database, make_engine, migrate

NOBODY_LISTENS = "postgresql+psycopg://unsent:unsent@127.0.0.1:1/unsent"


def test_a_database_that_is_down_is_a_503_not_a_hang(loaded_model: LoadedModel, tmp_path: Path) -> None:
    records = Records.over(Database.connect(NOBODY_LISTENS), Cipher([Fernet.generate_key().decode()]))
    app = create_app(Settings(data_dir=tmp_path), model=loaded_model, records=records)
    with TestClient(app, base_url="http://localhost") as client:
        started = time.monotonic()
        feedback = {"text": "hi", "label": "practical"}
        for method, path, body in [("POST", "/v1/holds", {"text": "hi"}), ("GET", "/v1/holds", None),
                                   ("PUT", "/v1/profile", {}), ("POST", "/v1/feedback", feedback)]:
            response = client.request(method, path, json=body)
            assert response.status_code == 503, (path, response.text)
            error = response.json()["error"]
            assert error["code"] == "storage_unavailable" and "could not be reached" in error["message"]
            assert response.headers["retry-after"] == "5"
        assert time.monotonic() - started < 10
        assert client.get("/healthz").status_code == 200
        # Even a check: whether keys exist cannot be known, so local mode cannot be assumed.
        assert client.post("/v1/check", json={"text": "please please answer me"}).status_code == 503


def test_a_full_disk_is_a_503_and_earlier_holds_stay(loaded_model: LoadedModel, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'small.db'}"
    setup = make_engine(url)
    migrate(setup)
    with setup.begin() as connection:  # what open_records does for the local profile
        repo.ensure_profile_row(connection, LOCAL, now=datetime(2026, 12, 1))
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _tiny_disk(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA max_page_count = 40")  # SQLite's own "database or disk is full"

    cipher = open_records(Settings(data_dir=tmp_path)).cipher
    app = create_app(Settings(data_dir=tmp_path), model=loaded_model, records=Records.over(Database(engine), cipher))
    kept: dict[str, str] = {}
    with TestClient(app, base_url="http://localhost") as client:
        for i in range(400):
            text = f"draft {i} " + "I keep thinking about the summer we had " * 20
            response = client.post("/v1/holds", json={"text": text})
            if response.status_code != 201:
                break
            kept[response.json()["id"]] = text
        assert response.status_code == 503, response.text
        assert response.json()["error"]["code"] == "storage_unavailable"
        assert "full" in response.json()["error"]["message"]
        assert kept, "some holds should fit before the disk fills"
        for hold_id, text in kept.items():
            assert client.get(f"/v1/holds/{hold_id}").json()["text"] == text


def test_workers_starting_together_agree_on_one_encryption_key(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(lambda _: tuple(keys_from_file(tmp_path)), range(32)))
    assert len(set(seen)) == 1 and len(seen[0]) == 1
    assert oct((tmp_path / "encryption.key").stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encryption.key"]
