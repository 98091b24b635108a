"""Every setting of the service, in one typed object read from ``UNSENT_*`` variables.

    UNSENT_HOST, UNSENT_PORT, UNSENT_WORKERS      where and how uvicorn listens
    UNSENT_MODEL_PATH                             artifact directory (default: the bundled model)
    UNSENT_MAX_DRAFT_CHARS, UNSENT_MAX_BODY_BYTES limits on what a request may carry
    UNSENT_PLEADING_THRESHOLD, UNSENT_HARASSING_THRESHOLD   how sure the model must be to flag
    UNSENT_DEFAULT_NO_CONTACT_DAYS                length of a period when a request gives none
    UNSENT_DEFAULT_TIMEZONE                       "today" for requests that name no time zone
    UNSENT_LOG_LEVEL                              critical, error, warning, info or debug
    UNSENT_BENCH_ROUTES                           adds /bench/empty and /bench/classify for ``unsent bench --service``
    UNSENT_DATA_DIR                               database, encryption key file (default: per user)
    UNSENT_DATABASE_URL                           PostgreSQL for several replicas (default: SQLite)
    UNSENT_ENCRYPTION_KEYS                        Fernet keys, comma-separated, newest first
    UNSENT_RATE_LIMIT_PER_MINUTE                  requests per API key per minute (0: no limit)
    UNSENT_FREQUENCY_THRESHOLD                    flagged drafts in 24 h before the answer says so

A bad value stops start-up with a message naming the variable (``describe_settings_error``).
"""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Final, Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from model.thresholds import FlagThresholds
from service.timezones import TimezoneError, parse_timezone

ENV_PREFIX: Final = "UNSENT_"

Probability = Annotated[float, Field(gt=0.0, lt=1.0)]


class Settings(BaseSettings):
    """The service's settings; defaults are what ``unsent serve`` runs with."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    model_path: Path | None = None
    max_draft_chars: Annotated[int, Field(ge=1, le=1_000_000)] = 20_000
    max_body_bytes: Annotated[int, Field(ge=1024, le=256 * 1024 * 1024)] = 4 * 1024 * 1024
    pleading_threshold: Probability | None = None
    harassing_threshold: Probability | None = None
    default_no_contact_days: Annotated[int, Field(ge=1, le=365)] = 30
    default_timezone: str = "UTC"
    log_level: Literal["critical", "error", "warning", "info", "debug"] = "info"
    bench_routes: bool = False
    data_dir: Path = Field(default_factory=lambda: platformdirs.user_data_path("unsent"))
    database_url: str | None = None
    encryption_keys: SecretStr | None = None
    rate_limit_per_minute: Annotated[int, Field(ge=0, le=1_000_000)] = 600
    frequency_threshold: Annotated[int, Field(ge=1, le=1000)] = 3

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            parse_timezone(value)
        except TimezoneError as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower_log_level(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'unsent.db'}"

    @property
    def local_only(self) -> bool:
        """True when bound to a loopback address, where keyless local mode is allowed."""
        return self.host in ("127.0.0.1", "::1", "localhost") or self.host.startswith("127.")

    @property
    def thresholds(self) -> FlagThresholds:
        return FlagThresholds(pleading=self.pleading_threshold, harassing=self.harassing_threshold)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment, read once; tests pass their own to ``create_app``."""
    return Settings()


def describe_settings_error(error: ValidationError) -> str:
    """One line per bad variable, e.g. ``UNSENT_PORT: Input should be ... (got 'eighty')``."""
    lines = []
    for problem in error.errors():
        name = ENV_PREFIX + "_".join(str(part) for part in problem["loc"]).upper()
        lines.append(f"{name}: {problem['msg']} (got {problem.get('input')!r})")
    return "Invalid settings:\n  " + "\n  ".join(lines)
