"""Queries, one function per thing the service asks of the database. Callers own the session.

Every query about holds and feedback is filtered by ``profile_id``: a row of another
profile is indistinguishable from one that does not exist.
"""

import hashlib
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.storage.tables import ApiKey, Event, Feedback, Hold, Profile

LOCAL_PROFILE = "local"
KEY_PREFIX = "unsent_"


def new_id() -> str:
    return uuid.uuid4().hex


# --- profiles --------------------------------------------------------------------------------

def ensure_profile(session: Session, profile_id: str, *, now: datetime) -> Profile:
    profile = session.get(Profile, profile_id)
    if profile is None:
        profile = Profile(id=profile_id, created_at=now)
        session.add(profile)
        session.flush()
    return profile


@dataclass(frozen=True, slots=True)
class StandingPeriod:
    start: date | None
    days: int | None
    timezone: str | None


def standing_period(connection: Connection, profile_id: str) -> StandingPeriod | None:
    """The profile's period and zone, read with one Core query (a check's hot path)."""
    row = connection.execute(
        select(Profile.no_contact_start, Profile.no_contact_days, Profile.timezone).where(Profile.id == profile_id)
    ).first()
    return None if row is None else StandingPeriod(start=row[0], days=row[1], timezone=row[2])


def ensure_profile_row(connection: Connection, profile_id: str, *, now: datetime) -> None:
    """Create the profile if it is missing; safe when several replicas start at once."""
    values = {"id": profile_id, "created_at": now}
    if connection.dialect.name == "postgresql":
        connection.execute(postgresql.insert(Profile).values(**values).on_conflict_do_nothing())
    else:
        connection.execute(sqlite.insert(Profile).values(**values).on_conflict_do_nothing())


def set_period(session: Session, profile_id: str, *, start: date | None, days: int | None, timezone: str | None,
               now: datetime) -> Profile:
    profile = ensure_profile(session, profile_id, now=now)
    profile.no_contact_start, profile.no_contact_days, profile.timezone = start, days, timezone
    return profile


# --- API keys -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NewKey:
    """A key just created: ``secret`` is shown once and never stored."""

    id: str
    name: str
    secret: str
    profile_id: str
    admin: bool


def hash_key(secret: str) -> str:
    # Keys are 256 random bits, so a plain SHA-256 cannot be brute-forced; no salt needed.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_key(session: Session, *, name: str, admin: bool, now: datetime) -> NewKey:
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    profile = Profile(id=new_id(), created_at=now)
    session.add(profile)
    session.flush()  # the key's foreign key needs the profile row first
    key = ApiKey(id=new_id(), profile_id=profile.id, name=name, prefix=secret[: len(KEY_PREFIX) + 6],
                 key_hash=hash_key(secret), admin=admin, created_at=now)
    session.add(key)
    return NewKey(id=key.id, name=name, secret=secret, profile_id=profile.id, admin=admin)


def find_key(session: Session, secret: str) -> ApiKey | None:
    """The active key with this secret, if any."""
    return session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(secret), ApiKey.revoked_at.is_(None)))


def any_active_key(session: Session) -> bool:
    return session.scalar(select(ApiKey.id).where(ApiKey.revoked_at.is_(None)).limit(1)) is not None


def list_keys(session: Session) -> Sequence[ApiKey]:
    return session.scalars(select(ApiKey).order_by(ApiKey.created_at)).all()


def revoke_key(session: Session, key_ref: str, *, now: datetime) -> int:
    """Revoke keys whose id, name or prefix is ``key_ref``; returns how many."""
    result = session.execute(
        update(ApiKey)
        .where((ApiKey.id == key_ref) | (ApiKey.name == key_ref) | (ApiKey.prefix == key_ref))
        .where(ApiKey.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# --- holds ----------------------------------------------------------------------------------

def add_hold(session: Session, *, profile_id: str, ciphertext: bytes, hold_until: date, now: datetime) -> Hold:
    hold = Hold(id=new_id(), profile_id=profile_id, ciphertext=ciphertext, hold_until=hold_until, created_at=now)
    session.add(hold)
    return hold


def list_holds(session: Session, profile_id: str) -> Sequence[Hold]:
    return session.scalars(
        select(Hold).where(Hold.profile_id == profile_id).order_by(Hold.hold_until, Hold.created_at)
    ).all()


def get_hold(session: Session, profile_id: str, hold_id: str) -> Hold | None:
    return session.scalar(select(Hold).where(Hold.id == hold_id, Hold.profile_id == profile_id))


def delete_hold(session: Session, profile_id: str, hold_id: str) -> bool:
    result = session.execute(delete(Hold).where(Hold.id == hold_id, Hold.profile_id == profile_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --- feedback -------------------------------------------------------------------------------

def add_feedback(session: Session, *, profile_id: str, ciphertext: bytes, label: str, predicted: str | None,
                 model_version: str | None, now: datetime) -> Feedback:
    row = Feedback(id=new_id(), profile_id=profile_id, ciphertext=ciphertext, label=label, predicted=predicted,
                   model_version=model_version, created_at=now)
    session.add(row)
    return row


def all_feedback(session: Session) -> Sequence[Feedback]:
    return session.scalars(select(Feedback).order_by(Feedback.created_at)).all()


# --- events ---------------------------------------------------------------------------------

def record_event(session: Session, *, profile_id: str, kind: str, now: datetime) -> None:
    session.add(Event(profile_id=profile_id, kind=kind, at=now))


COUNT_CAP = 1000


def add_events(connection: Connection, events: Mapping[str, Sequence[tuple[str, datetime]]]) -> None:
    """Insert ``{profile_id: [(kind, at), ...]}`` in one statement."""
    rows = [{"profile_id": profile_id, "kind": kind, "at": at}
            for profile_id, items in events.items() for kind, at in items]
    if rows:
        connection.execute(insert(Event), rows)


def count_recent(connection: Connection, *, profile_id: str, now: datetime, kind: str) -> int:
    """Events of one kind of the profile in the 24 hours to ``now``, counted up to ``COUNT_CAP``.

    The cap keeps a key that drafts thousands a day (an app sharing one key) from making
    every count slower than the last.
    """
    recent = (select(Event.id).where(Event.profile_id == profile_id, Event.kind == kind,
                                     Event.at >= day_before(now)).limit(COUNT_CAP).subquery())
    return int(connection.scalar(select(func.count()).select_from(recent)) or 0)


def prune_events_before(connection: Connection, before: datetime) -> None:
    """Drop counts older than anything the frequency rule looks at."""
    connection.execute(delete(Event).where(Event.at < before))


def day_before(now: datetime) -> datetime:
    return now - timedelta(hours=24)
