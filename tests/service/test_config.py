"""Settings come from UNSENT_* variables; a bad one stops start-up and is named."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from service.config import Settings, describe_settings_error, get_settings
from service.server import StartupError, settings_with

UNSENT = Path(sys.executable).parent / "unsent"


def test_defaults_are_the_embedded_ones() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)
    assert settings.model_path is None and settings.default_no_contact_days == 30
    assert settings.thresholds.pleading is None and settings.thresholds.harassing is None


def test_variables_with_the_prefix_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSENT_PORT", "9100")
    monkeypatch.setenv("UNSENT_HARASSING_THRESHOLD", "0.7")
    monkeypatch.setenv("UNSENT_LOG_LEVEL", "WARNING")
    monkeypatch.setenv("UNSENT_DEFAULT_TIMEZONE", "Asia/Kolkata")
    settings = Settings()
    assert settings.port == 9100 and settings.log_level == "warning"
    assert settings.thresholds.harassing == 0.7
    assert settings.default_timezone == "Asia/Kolkata"


@pytest.mark.parametrize(("name", "value", "words"), [
    ("UNSENT_PORT", "eighty", "valid integer"),
    ("UNSENT_PORT", "70000", "less than or equal to 65535"),
    ("UNSENT_HARASSING_THRESHOLD", "1.5", "less than 1"),
    ("UNSENT_DEFAULT_NO_CONTACT_DAYS", "0", "greater than or equal to 1"),
    ("UNSENT_DEFAULT_TIMEZONE", "Mars/Olympus", "IANA"),
    ("UNSENT_LOG_LEVEL", "chatty", "'critical'"),
])
def test_a_bad_value_is_named_with_what_is_wrong(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                                 words: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    message = describe_settings_error(caught.value)
    assert name in message and words in message and repr(value) in message


def test_command_line_overrides_reach_the_workers_through_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("UNSENT_PORT", "UNSENT_WORKERS", "UNSENT_HOST"):
        monkeypatch.setenv(name, "placeholder")  # so that teardown restores what was there before
        monkeypatch.delenv(name)
    settings = settings_with({"port": 8123, "host": None})
    assert settings.port == 8123 and os.environ["UNSENT_PORT"] == "8123"
    assert "UNSENT_HOST" not in os.environ
    with pytest.raises(StartupError, match="UNSENT_WORKERS"):
        settings_with({"workers": 0})
    get_settings.cache_clear()


def _serve(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(UNSENT), "serve", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env}, stdin=subprocess.DEVNULL)


def test_serve_refuses_a_bad_setting_before_starting() -> None:
    result = _serve(UNSENT_PORT="eighty")
    assert result.returncode == 1
    assert "UNSENT_PORT" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_a_missing_model_with_one_line(tmp_path: Path) -> None:
    result = _serve("--model", str(tmp_path), "--port", "1")
    assert result.returncode == 1
    assert "No model manifest" in result.stderr and "Traceback" not in result.stderr
