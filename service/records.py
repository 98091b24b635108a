"""What the service remembers for a writer: the profile, holds, feedback and the day's count.

Functions here take the database and the cipher and return response schemas; the routes
call them and nothing else. Draft text is encrypted before it is stored and decrypted only
to answer its owner.
"""

import logging
import re
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo

from model.classifier import Classifier
from service import checking
from service.auth import Caller
from service.checking import CheckOptions, Writer
from service.errors import InvalidFieldError, NotFoundError
from service.frequency import HOLD, DayCounter
from service.policy import NoContactPeriod, PeriodStatus, locate
from service.schemas import (
    CheckRequest,
    CheckResponse,
    FeedbackOut,
    FeedbackRequest,
    HoldDetail,
    HoldList,
    HoldRequest,
    HoldSummary,
    ProfileBody,
    ProfileOut,
)
from service.storage import repo
from service.storage.crypto import Cipher
from service.storage.db import Database, StorageUnavailableError
from service.storage.tables import Hold, Profile
from service.timezones import parse_timezone, today_in

STANDING_TTL_SECONDS = 2.0
log = logging.getLogger("unsent.storage")


@dataclass(frozen=True, slots=True)
class Records:
    """The database and the cipher, and a short-lived copy of each profile's standing period.

    A check reads the writer's period on every call; the copy saves that query for two
    seconds. This replica drops its copy when the period is changed through it; another
    replica behind the same load balancer sees the change within those two seconds.
    """

    db: Database
    cipher: Cipher
    counter: DayCounter
    standing: dict[str, tuple[float, repo.StandingPeriod | None]] = field(default_factory=dict)

    @classmethod
    def over(cls, db: Database, cipher: Cipher) -> "Records":
        return cls(db=db, cipher=cipher, counter=DayCounter(db))

    def standing_period(self, profile_id: str) -> repo.StandingPeriod | None:
        now = time.monotonic()
        cached = self.standing.get(profile_id)
        if cached is not None and now - cached[0] < STANDING_TTL_SECONDS:
            return cached[1]
        with self.db.connection() as connection:
            period = repo.standing_period(connection, profile_id)
        self.standing[profile_id] = (now, period)
        return period


def utc_naive(moment: datetime) -> datetime:
    """Database times are naive UTC (SQLite keeps no zone); ``moment`` must be aware."""
    return moment.astimezone(UTC).replace(tzinfo=None)


# --- profile --------------------------------------------------------------------------------

def writer(records: Records, caller: Caller, options: CheckOptions) -> Writer:
    """The writer's standing period and zone, and how to count their flagged drafts.

    A check stores no text, so it should not fail because storage does: if the database
    cannot be read, the check goes on without the standing period and the day's count.
    """
    try:
        standing = records.standing_period(caller.profile_id)
    except StorageUnavailableError:
        log.warning("storage unavailable: checking without the standing period and the day's count")
        return Writer()
    def count_flagged(count: int) -> int:
        try:
            return note_flagged(records, caller, count=count, now=options.now)
        except StorageUnavailableError:
            return 0

    if standing is None:
        return Writer(note_flagged=count_flagged)
    return Writer(period=_period(standing.start, standing.days), timezone=standing.timezone,
                  note_flagged=count_flagged)


def _period(start: date | None, days: int | None) -> NoContactPeriod | None:
    """A stored period (the profile keeps its days whenever it keeps a start)."""
    return None if start is None or days is None else NoContactPeriod(start=start, days=days)


def read_profile(records: Records, caller: Caller, options: CheckOptions) -> ProfileOut:
    with records.db.session() as session:
        profile = session.get(Profile, caller.profile_id)
        return _profile_out(profile, options)


def put_profile(records: Records, caller: Caller, body: ProfileBody, options: CheckOptions) -> ProfileOut:
    if body.timezone is not None:
        parse_timezone(body.timezone)
    start = None if body.no_contact is None else body.no_contact.start
    days = None if body.no_contact is None else (body.no_contact.days or options.default_days)
    if start is not None and days is not None:
        NoContactPeriod(start=start, days=days)  # validates the range
    with records.db.session() as session:
        profile = repo.set_period(session, caller.profile_id, start=start, days=days, timezone=body.timezone,
                                  now=utc_naive(options.now))
        answer = _profile_out(profile, options)
    records.standing.pop(caller.profile_id, None)
    return answer


def _profile_out(profile: Profile | None, options: CheckOptions) -> ProfileOut:
    if profile is None:
        return ProfileOut(no_contact=None, timezone=None)
    period = _period(profile.no_contact_start, profile.no_contact_days)
    out = None if period is None else checking.period_out(locate(period, _today(profile, options)))
    return ProfileOut(no_contact=out, timezone=profile.timezone)


# --- frequency ------------------------------------------------------------------------------

def note_flagged(records: Records, caller: Caller, *, count: int, now: datetime) -> int:
    """Count ``count`` events; how many the profile has had in the last 24 hours.

    Written in the background (``service.frequency``). The profile row exists already: the
    local one is made when storage opens, a key's with the key.
    """
    return records.counter.note(caller.profile_id, count=count, now=utc_naive(now))


# --- holds ----------------------------------------------------------------------------------

def storable_text(text: str, options: CheckOptions, *, field: str) -> str:
    """A draft fit to keep: a valid one that is also valid Unicode (no lone surrogates)."""
    checking.valid_text(text, options, field=field)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidFieldError(f"{field} holds characters that are not valid Unicode (a lone surrogate escape "
                                "such as \\ud800); remove them.", field=field) from None
    return text


def create_hold(records: Records, caller: Caller, body: HoldRequest, options: CheckOptions) -> HoldSummary:
    text = storable_text(body.text, options, field="text")
    with records.db.session() as session:
        profile = session.get(Profile, caller.profile_id)
        today = _today(profile, options)
        hold_until = body.hold_until or _default_hold_until(profile, today, options)
        if hold_until <= today:
            raise InvalidFieldError(f"hold_until must be after today ({today}); pick a later date.",
                                    field="hold_until")
        moment = utc_naive(options.now)
        hold = repo.add_hold(session, profile_id=caller.profile_id, ciphertext=records.cipher.encrypt(text),
                             hold_until=hold_until, now=moment)
        repo.record_event(session, profile_id=caller.profile_id, kind=HOLD, now=moment)
        return _summary(hold, today)


def _default_hold_until(profile: Profile | None, today: date, options: CheckOptions) -> date:
    period = None if profile is None else _period(profile.no_contact_start, profile.no_contact_days)
    if period is not None and locate(period, today).status is not PeriodStatus.ENDED:
        return period.end
    return today + timedelta(days=options.default_days)


def list_holds(records: Records, caller: Caller, options: CheckOptions) -> HoldList:
    with records.db.session() as session:
        today = _today(session.get(Profile, caller.profile_id), options)
        return HoldList(holds=[_summary(h, today) for h in repo.list_holds(session, caller.profile_id)])


def read_hold(records: Records, caller: Caller, hold_id: str, options: CheckOptions,
              classifier: Classifier) -> HoldDetail:
    """One hold with its text; once released, the draft checked again as the writer would now.

    The second look uses the writer's standing period and zone, does not count toward the
    day's tally, and is not held to today's length limit (the draft was accepted when held).
    """
    with records.db.session() as session:
        profile = session.get(Profile, caller.profile_id)
        hold = repo.get_hold(session, caller.profile_id, _hold_id(hold_id))
        if hold is None:
            raise _no_hold()
        zone = _zone(profile, options)
        today = today_in(zone, options.now)
        summary = _summary(hold, today)
        text = records.cipher.decrypt(hold.ciphertext)
        written_on = today_in(zone, hold.created_at.replace(tzinfo=UTC))
    written_days_ago = max(0, (today - written_on).days)
    released = summary.status == "released"
    return HoldDetail(
        **summary.model_dump(), text=text, written_days_ago=written_days_ago,
        prompt=_prompt(written_days_ago) if released else None,
        second_look=_second_look(records, caller, classifier, text, options) if released else None,
    )


def _second_look(records: Records, caller: Caller, classifier: Classifier, text: str,
                 options: CheckOptions) -> CheckResponse:
    standing = writer(records, caller, options)
    quiet = Writer(period=standing.period, timezone=standing.timezone)
    roomy = replace(options, max_draft_chars=max(options.max_draft_chars, len(text)))
    return checking.check(classifier, CheckRequest(text=text), roomy, quiet)


def delete_hold(records: Records, caller: Caller, hold_id: str) -> None:
    with records.db.session() as session:
        if not repo.delete_hold(session, caller.profile_id, _hold_id(hold_id)):
            raise _no_hold()


def _prompt(days: int) -> str:
    when = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"You wrote this {when}. Still want to send it?"


HOLD_ID = re.compile(r"[0-9a-f]{32}")


def _hold_id(hold_id: str) -> str:
    """``hold_id`` if it could be one; anything else cannot exist (and never reaches the database)."""
    if not HOLD_ID.fullmatch(hold_id):
        raise _no_hold()
    return hold_id


def _no_hold() -> NotFoundError:
    return NotFoundError("There is no hold with that id.", field="hold_id")


def _zone(profile: Profile | None, options: CheckOptions) -> tzinfo:
    """The profile's time zone, else the default: what "today" means for this writer."""
    return parse_timezone(profile.timezone if profile is not None and profile.timezone else options.default_timezone)


def _today(profile: Profile | None, options: CheckOptions) -> date:
    return today_in(_zone(profile, options), options.now)


def _summary(hold: Hold, today: date) -> HoldSummary:
    released = today >= hold.hold_until
    return HoldSummary(id=hold.id, hold_until=hold.hold_until, created_at=hold.created_at.isoformat() + "Z",
                       status="released" if released else "pending",
                       days_left=0 if released else (hold.hold_until - today).days)


# --- feedback -------------------------------------------------------------------------------

def add_feedback(records: Records, caller: Caller, body: FeedbackRequest, options: CheckOptions,
                 model_version: str) -> FeedbackOut:
    text = storable_text(body.text, options, field="text")
    moment = utc_naive(options.now)
    with records.db.session() as session:
        row = repo.add_feedback(session, profile_id=caller.profile_id, ciphertext=records.cipher.encrypt(text),
                                label=body.label, predicted=body.predicted, model_version=model_version,
                                now=moment)
        return FeedbackOut(id=row.id, created_at=moment.isoformat() + "Z")

