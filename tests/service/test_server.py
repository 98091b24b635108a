"""The real thing: ``unsent serve`` in its own process, spoken to over HTTP.

Also the privacy test: drafts go through every path, good and bad, with the log level at
debug, and then not one of them may appear in anything the server wrote.
"""

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from service.launch import RunningServer, running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    with running_server(log, env={"UNSENT_LOG_LEVEL": "debug", "UNSENT_MAX_DRAFT_CHARS": "2000",
                                     "UNSENT_DATA_DIR": str(log.parent)}) as running:
        yield running


def test_the_served_api_answers_checks(server: RunningServer) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        answer = client.post("/v1/check", json={"text": "Pick up your phone. I know you're home."}).json()
        assert (answer["label"], answer["verdict"], answer["hold_until"]) == ("harassing", "hold", None)
        batch = client.post("/v1/check/batch", json={"items": [{"text": "ok see u at 7"},
                                                               {"text": "please please come back"}]}).json()
        assert [r["label"] for r in batch["results"]] == ["practical", "pleading"]
        assert client.get("/readyz").json()["status"] == "ready"
        page = client.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert "<textarea" in page.text


def test_the_served_api_answers_errors_as_json(server: RunningServer) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        missing = client.get("/no/such/page")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
        wrong = client.post("/v1/check", content=b"hello", headers={"content-type": "text/plain"})
        assert wrong.status_code == 415


def test_no_draft_reaches_the_logs(server: RunningServer) -> None:
    secrets = [f"zqx{uuid.uuid4().hex[:12]}" for _ in range(9)]
    with httpx.Client(base_url=server.url, timeout=10) as client:
        client.post("/v1/check", json={"text": f"I miss you {secrets[0]} please answer"})
        client.post("/v1/check/batch", json={"items": [{"text": f"{secrets[1]} where are you"}]})
        client.post("/v1/check", json={"text": f"{secrets[2]} " * 500})  # over the length limit
        client.post("/v1/check", json={"text": secrets[3], "mood": secrets[3]})  # unknown field
        client.post("/v1/check", json={"text": f"hi {secrets[4]}", "timezone": secrets[4]})
        client.post("/v1/check", content=f'{{"text": "{secrets[5]}'.encode(),
                    headers={"content-type": "application/json"})  # broken JSON
        client.post("/v1/check", content=f"text={secrets[6]}".encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
        client.get(f"/v1/check?text={secrets[7]}")  # a draft pasted into a URL
        client.get(f"/v1/{secrets[8]}")
    log = _log_after_stop(server)
    assert '"POST /v1/check" 200' in log, "the access log should have been written"
    for secret in secrets:
        assert secret not in log


def _log_after_stop(server: RunningServer) -> str:
    # Reading while the server still runs could miss buffered lines; the module fixture stops
    # it at the end, so read what has been flushed and then the rest once it is down.
    server.process.send_signal(2)
    server.process.wait(timeout=15)
    return Path(server.log_path).read_text(encoding="utf-8", errors="replace")


def test_several_workers_each_load_the_model(tmp_path: Path) -> None:
    env = {"UNSENT_DATA_DIR": str(tmp_path)}
    log = tmp_path / "two.log"
    with running_server(log, workers=2, env=env) as two, httpx.Client(base_url=two.url) as client:
        deadline = time.monotonic() + 60  # readiness means one worker is up; wait for the second
        while log.read_text(encoding="utf-8").count("serving model unsent-") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        labels = {client.post("/v1/check", json={"text": "answer me. now."}).json()["label"] for _ in range(20)}
        assert labels == {"harassing"}
    assert log.read_text(encoding="utf-8").count("serving model unsent-") == 2
