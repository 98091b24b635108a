"""Start ``unsent serve`` as a separate process on a free port and wait until it is ready.

Used by ``unsent bench --service`` and by the tests that talk to a real server, so both
exercise the command a user runs, not an in-process app.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from service.errors import ServiceError


class ServerStartError(ServiceError):
    """The server process exited or did not become ready in time."""


@dataclass(frozen=True, slots=True)
class RunningServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def unsent_command() -> list[str]:
    """The ``unsent`` script beside this interpreter, or the module if it is not installed."""
    script = Path(sys.executable).parent / "unsent"
    return [str(script)] if script.exists() else [sys.executable, "-m", "training"]


@contextmanager
def running_server(
    log_path: Path, *, env: Mapping[str, str] | None = None, workers: int = 1, timeout: float = 60.0
) -> Iterator[RunningServer]:
    """A server on 127.0.0.1 and a free port, its stdout and stderr in ``log_path``; stopped on exit."""
    port = free_port()
    command = [*unsent_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
        server = RunningServer(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
        try:
            _wait_ready(server, timeout)
            yield server
        finally:
            _stop(process)


def _wait_ready(server: RunningServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerStartError(f"the server exited with code {server.process.returncode}; "
                                   f"see {server.log_path}")
        try:
            with urllib.request.urlopen(server.url + "/readyz", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise ServerStartError(f"the server was not ready after {timeout:.0f} s; see {server.log_path}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

