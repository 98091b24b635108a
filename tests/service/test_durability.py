"""Real server processes: a model swapped on SIGHUP without a dropped request, and holds that
survive the server being killed with SIGKILL in the middle of a burst of writes."""

import os
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
from cryptography.fernet import Fernet

from model.artifact import bundled_dir
from service.launch import running_server


def test_sighup_swaps_the_model_without_dropping_a_request(tmp_path: Path, small_model: Path) -> None:
    artifact = tmp_path / "model"
    shutil.copytree(bundled_dir(), artifact)
    env = {"UNSENT_DATA_DIR": str(tmp_path), "UNSENT_MODEL_PATH": str(artifact)}
    failures: list[int] = []
    answered = 0
    stop = threading.Event()
    with running_server(tmp_path / "server.log", env=env) as server, httpx.Client(base_url=server.url) as client:
        old = client.get("/v1/model").json()["model_version"]

        def keep_checking() -> None:
            nonlocal answered
            with httpx.Client(base_url=server.url, timeout=10) as own:
                while not stop.is_set():
                    status = own.post("/v1/check", json={"text": "where are you, answer me"}).status_code
                    answered += 1
                    if status != 200:
                        failures.append(status)

        worker = threading.Thread(target=keep_checking)
        worker.start()
        shutil.rmtree(artifact)
        shutil.copytree(small_model, artifact)
        os.kill(server.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 30
        while client.get("/v1/model").json()["model_version"] == old and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)
        stop.set()
        worker.join()
        new = client.get("/v1/model").json()["model_version"]
    assert new != old, "the model was not swapped within 30 s of SIGHUP"
    assert answered > 10 and failures == []


def test_acknowledged_holds_survive_sigkill(tmp_path: Path, database_url: str) -> None:
    env = {"UNSENT_DATA_DIR": str(tmp_path), "UNSENT_DATABASE_URL": database_url,
           "UNSENT_ENCRYPTION_KEYS": Fernet.generate_key().decode()}
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    with running_server(tmp_path / "first.log", env=env) as server:
        def write(i: int) -> None:
            text = f"draft number {i}: I still think about you"
            try:
                response = httpx.post(server.url + "/v1/holds", json={"text": text}, timeout=10)
            except httpx.HTTPError:
                return  # the server died under this request: it was never acknowledged
            if response.status_code == 201:
                with lock:
                    acknowledged[response.json()["id"]] = text

        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(write, i) for i in range(400)]
            while len(acknowledged) < 60:
                time.sleep(0.005)
            os.killpg(server.process.pid, signal.SIGKILL)
            for future in futures:
                future.result()
    assert 60 <= len(acknowledged) < 400, "the kill should land in the middle of the burst"
    with running_server(tmp_path / "second.log", env=env) as again, httpx.Client(base_url=again.url) as client:
        listed = {h["id"] for h in client.get("/v1/holds").json()["holds"]}
        assert set(acknowledged) <= listed
        for hold_id, text in acknowledged.items():
            assert client.get(f"/v1/holds/{hold_id}").json()["text"] == text
