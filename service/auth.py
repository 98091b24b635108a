"""Who is asking: the local user (no keys exist, loopback only) or the owner of an API key.

Keyed mode begins as soon as one active key exists: from then on every /v1 request needs
``Authorization: Bearer <key>``. Whether a key exists is re-read at most once a second, so a
key created while the server runs switches it to keyed mode almost at once; a revoked key
is refused at once (its hash is looked up on every request).
"""

import threading
import time
from dataclasses import dataclass

from service.errors import ForbiddenError, UnauthorizedError
from service.storage import repo
from service.storage.db import Database

KEY_CHECK_SECONDS = 1.0
LOCAL = "local"


@dataclass(frozen=True, slots=True)
class Caller:
    """The profile a request acts for; ``key_id`` is None in local mode."""

    profile_id: str
    key_id: str | None
    admin: bool


class Authenticator:
    """Resolves the ``Authorization`` header; ``local_allowed`` is False off loopback.

    Off loopback a request without a key is refused even if every key has been revoked
    since start-up: local mode is never served to the network.
    """

    def __init__(self, db: Database, *, local_allowed: bool = True) -> None:
        self.db = db
        self.local_allowed = local_allowed
        self._keyed: tuple[float, bool] = (-1e9, False)
        self._lock = threading.Lock()

    def keyed_mode(self) -> bool:
        checked_at, keyed = self._keyed
        now = time.monotonic()
        if now - checked_at < KEY_CHECK_SECONDS:
            return keyed
        with self.db.session() as session:
            keyed = repo.any_active_key(session)
        with self._lock:
            self._keyed = (now, keyed)
        return keyed

    def caller(self, authorization: str | None, *, host: str | None = None, forwarded: bool = False) -> Caller:
        """The caller for this ``Authorization`` header; raises ``UnauthorizedError``.

        Without a key, local mode also needs the request to be plainly local: a ``Host`` of
        localhost or a loopback address (a web page that rebinds its own name to 127.0.0.1
        keeps its own name in ``Host``) and no proxy's forwarding headers (a reverse proxy on
        the same machine would otherwise hand the local profile to the internet).
        """
        if authorization is None:
            if not self.local_allowed or self.keyed_mode():
                raise _unauthorized("This server needs an API key: send 'Authorization: Bearer <key>'.")
            if forwarded or not is_local_host(host):
                raise _unauthorized("Without an API key this server answers only requests made to "
                                    "localhost or 127.0.0.1 directly, not through a proxy or another name.")
            return Caller(profile_id=LOCAL, key_id=None, admin=True)
        scheme, _, secret = authorization.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise _unauthorized("The Authorization header must be 'Bearer <key>'.")
        with self.db.session() as session:
            key = repo.find_key(session, secret.strip())
            if key is None:
                raise _unauthorized("That API key is not valid, or it was revoked.")
            return Caller(profile_id=key.profile_id, key_id=key.id, admin=key.admin)


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def is_local_host(host: str | None) -> bool:
    """True for ``localhost``, ``127.x.y.z`` or ``[::1]``, with or without a port."""
    if not host:
        return False
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    return name in LOCAL_HOSTS or (name.startswith("127.") and name.replace(".", "").isdigit())


def require_admin(caller: Caller) -> None:
    if not caller.admin:
        raise ForbiddenError("This needs an admin key (unsent keys create --name NAME --admin).")


def _unauthorized(message: str) -> UnauthorizedError:
    return UnauthorizedError(message, headers={"WWW-Authenticate": "Bearer"})
