"""``unsent bench --service``: /v1/check against an empty endpoint on the same server.

A third endpoint, ``/bench/classify``, only classifies the draft, the way /v1/check does:
it shows how much of the gap is the model's and how much the rest of the check.

Starts the real server (``unsent serve``) with ``UNSENT_BENCH_ROUTES=1`` and drives it from
another process with wrk (Debian's ``wrk`` package), 32 connections by default. Rounds
alternate between the empty endpoint and /v1/check so both see the same machine weather;
the report gives the median of each and their ratio. A script, not a test.
"""

import json
import re
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.errors import ServiceError
from service.launch import RunningServer, running_server

LUA_TEMPLATE = """
local bodies = {%s}
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "%s", {["Content-Type"] = "application/json"}, bodies[i])
end
"""


class BenchError(ServiceError):
    """The benchmark could not run (e.g. wrk is not installed)."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def lua_script(path: str, bodies: Sequence[str]) -> str:
    """A wrk script that POSTs ``bodies`` to ``path`` in turn."""
    quoted = ",".join(_lua_string(body) for body in bodies)
    return LUA_TEMPLATE % (quoted, path)


def _lua_string(text: str) -> str:
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def parse_wrk(output: str) -> LoadResult:
    """Requests/s, median and 99th-percentile latency, and failed requests from wrk --latency."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50, p99 = _latency(output, "50"), _latency(output, "99")
    if rate is None or p50 is None or p99 is None:
        raise BenchError(f"could not read wrk's output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout)\s*:?\s*(\d+)", output))
    return LoadResult(float(rate.group(1)), p50, p99, errors)


def _latency(output: str, percentile: str) -> float | None:
    found = re.search(rf"^\s*{percentile}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if found is None:
        return None
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _wrk(server: RunningServer, script: Path, *, connections: int, seconds: int, threads: int) -> LoadResult:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
               server.url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    if done.returncode != 0:
        raise BenchError(f"wrk failed: {done.stderr.strip()}")
    return parse_wrk(done.stdout)


def run_service_benchmark(
    drafts: Sequence[str], *, connections: int = 32, seconds: int = 10, rounds: int = 3, workers: int = 1,
    threads: int = 2,
) -> dict[str, Any]:
    """Alternate rounds of the empty endpoint and /v1/check; medians and the ratio, JSON-ready."""
    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed; on Debian or Ubuntu run 'sudo apt-get install wrk'.")
    bodies = [json.dumps({"text": text}) for text in drafts]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        paths = {"empty": "/bench/empty", "classify": "/bench/classify", "check": "/v1/check"}
        scripts = {name: tmp / f"{name}.lua" for name in paths}
        for name, path in paths.items():
            scripts[name].write_text(lua_script(path, bodies), encoding="utf-8")
        env = {"UNSENT_BENCH_ROUTES": "1", "UNSENT_LOG_LEVEL": "warning", "UNSENT_DATA_DIR": str(tmp)}
        with running_server(tmp / "server.log", env=env, workers=workers) as server:
            for name in scripts:  # warm up: token cache, connections, CPU frequency
                _wrk(server, scripts[name], connections=connections, seconds=2, threads=threads)
            results: dict[str, list[LoadResult]] = {name: [] for name in scripts}
            for _ in range(rounds):
                for name, script in scripts.items():
                    results[name].append(_wrk(server, script, connections=connections, seconds=seconds,
                                              threads=threads))
    summary = {name: _median(runs) for name, runs in results.items()}
    return {
        "connections": connections, "seconds": seconds, "rounds": rounds, "workers": workers,
        "n_drafts": len(bodies), **summary,
        "ratio": summary["check"]["requests_per_s"] / summary["empty"]["requests_per_s"],
        "classify_ratio": summary["classify"]["requests_per_s"] / summary["empty"]["requests_per_s"],
        "runs": {name: [_as_dict(r) for r in runs] for name, runs in results.items()},
    }


def _as_dict(result: LoadResult) -> dict[str, float]:
    return {"requests_per_s": result.requests_per_s, "p50_ms": result.p50_ms, "p99_ms": result.p99_ms,
            "errors": result.errors}


def _median(runs: Sequence[LoadResult]) -> dict[str, float]:
    return {key: statistics.median(_as_dict(r)[key] for r in runs) for key in ("requests_per_s", "p50_ms",
                                                                               "p99_ms", "errors")}
