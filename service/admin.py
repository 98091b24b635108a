"""Operator tasks behind ``unsent keys``, ``unsent feedback`` and ``unsent secrets``."""

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import ValidationError
from sqlalchemy import select

from service.config import Settings, describe_settings_error
from service.errors import ServiceError
from service.records import Records
from service.state import open_records
from service.storage import repo
from service.storage.crypto import Cipher, add_key_to_file
from service.storage.tables import ApiKey, Feedback, Hold


class AdminError(ServiceError):
    """An operator command that cannot do what was asked; the message says why."""


@contextmanager
def _records() -> Iterator[Records]:
    try:
        settings = Settings()
    except ValidationError as error:
        raise AdminError(describe_settings_error(error)) from None
    records = open_records(settings)
    try:
        yield records
    finally:
        records.db.close()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def create_key(*, name: str, admin: bool) -> repo.NewKey:
    if not name.strip():
        raise AdminError("A key needs a name: --name NAME.")
    with _records() as records, records.db.session() as session:
        return repo.create_key(session, name=name.strip(), admin=admin, now=_now())


def list_keys() -> Sequence[ApiKey]:
    with _records() as records, records.db.session() as session:
        return repo.list_keys(session)


def revoke_key(ref: str) -> int:
    with _records() as records, records.db.session() as session:
        return repo.revoke_key(session, ref, now=_now())


def export_feedback(out: Path) -> int:
    """Write every feedback row as ``{"text", "label", "source", ...}`` lines; returns the count."""
    with _records() as records, records.db.session() as session:
        rows = [
            {"text": records.cipher.decrypt(row.ciphertext), "label": row.label, "source": "ex",
             "batch": "feedback", "predicted": row.predicted, "model_version": row.model_version,
             "created_at": row.created_at.isoformat() + "Z"}
            for row in repo.all_feedback(session)
        ]
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # decrypted drafts: owner only
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return len(rows)


def rotate_encryption() -> int:
    """A new key in front of the key file, and every stored text re-encrypted with it."""
    settings = Settings()
    if settings.encryption_keys is not None:
        raise AdminError("Keys come from UNSENT_ENCRYPTION_KEYS: put a new key first there (unsent secrets "
                         "new-key), restart, then run this again to re-encrypt with it.")
    cipher = Cipher(add_key_to_file(settings.data_dir))
    return reencrypt(cipher)


def reencrypt(cipher: Cipher | None = None) -> int:
    """Re-encrypt all held and feedback text with the first key; returns how many rows."""
    count = 0
    with _records() as records, records.db.session() as session:
        use = cipher or records.cipher
        rows: list[Hold | Feedback] = [*session.scalars(select(Hold)), *session.scalars(select(Feedback))]
        for row in rows:
            row.ciphertext = use.rotate(row.ciphertext)
            count += 1
    return count


def new_encryption_key() -> str:
    return Fernet.generate_key().decode()
