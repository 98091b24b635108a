"""Encryption at rest for draft text: Fernet, with key rotation that keeps old holds readable.

Keys come from ``UNSENT_ENCRYPTION_KEYS`` (comma-separated Fernet keys, the first one
encrypts) or else from ``<data dir>/encryption.key``, created with mode 0600 on first use,
one key per line, newest first. Rotating adds a new key at the front: everything written
from then on uses it, everything older still decrypts with the keys behind it, and
``unsent secrets rotate`` re-encrypts the stored rows so an old key can later be dropped.
"""

import logging
import os
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from service.errors import ServiceError

KEY_FILE = "encryption.key"
log = logging.getLogger("unsent.storage")


def _fernet(keys: Sequence[str]) -> MultiFernet:
    if not keys:
        raise EncryptionKeyError("No encryption key is configured.")
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys])
    except ValueError:
        raise EncryptionKeyError(
            "An encryption key is malformed; each must be a url-safe base64 Fernet key, as "
            "'unsent secrets new-key' prints."
        ) from None


class EncryptionKeyError(ServiceError):
    """No usable key, a malformed key, or stored text no key can open."""

    status = 500
    default_code = "encryption_key"


class Cipher:
    """Encrypts with the first key; decrypts with any.

    ``reload`` re-reads the keys (from the key file): when a token does not open, the keys
    are read again once before giving up, so ``unsent secrets rotate`` run beside a live
    server does not leave it unable to read what was just re-encrypted.
    """

    def __init__(self, keys: Sequence[str], *, reload: Callable[[], Sequence[str]] | None = None) -> None:
        self._reload = reload
        self._fernet = _fernet(keys)

    def encrypt(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except InvalidToken:
            if self._reload is not None:
                self._fernet = _fernet(self._reload())
                try:
                    return self._fernet.decrypt(token).decode("utf-8")
                except InvalidToken:
                    pass
            log.error("stored text could not be decrypted with the configured keys; was a key removed?")
            raise EncryptionKeyError("A stored draft could not be read on our side; the operator has been told.") \
                from None

    def rotate(self, token: bytes) -> bytes:
        """``token`` re-encrypted with the first key."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken:
            raise EncryptionKeyError("Stored text could not be decrypted with the configured keys.") from None


def keys_from_file(data_dir: Path) -> list[str]:
    """The keys in ``<data_dir>/encryption.key``, creating it (0600) with one new key if absent."""
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        _create_once(path, Fernet.generate_key().decode())
    return [line.strip() for line in path.read_text(encoding="ascii").splitlines() if line.strip()]


def _create_once(path: Path, key: str) -> None:
    """Create the key file unless another process just did: the first writer wins, so two
    workers starting together cannot each encrypt with a key the other then overwrites."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    _write_private(temporary, [key])
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def add_key_to_file(data_dir: Path) -> list[str]:
    """Put a new key at the front of the key file; returns all keys, newest first."""
    keys = [Fernet.generate_key().decode(), *keys_from_file(data_dir)]
    _write_private(data_dir / KEY_FILE, keys)
    return keys


def _write_private(path: Path, keys: Sequence[str]) -> None:
    """Write ``keys`` to ``path`` (mode 0600) through a temporary file, so a crash leaves the
    old file or the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write("\n".join(keys) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
