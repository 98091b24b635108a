"""How many flagged drafts a writer has had in the last 24 hours, without a write per check.

A check must not wait on the database: a commit costs a few hundred microseconds and a
checkpoint now and then several milliseconds, with the event loop blocked meanwhile. So
``DayCounter`` keeps new events in memory and a background thread writes them in one
transaction every quarter second; the count it answers is the database's (re-read at most
every two seconds per profile) plus what this process has not written yet. A crash loses at
most a quarter second of counts, which are times only, never text; holds are written
before they are acknowledged, as before.
"""

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from service.errors import ServiceError
from service.storage import repo
from service.storage.db import Database

log = logging.getLogger("unsent.service")

FLUSH_SECONDS = 0.25
REFRESH_SECONDS = 2.0
PRUNE_SECONDS = 600.0
FLAGGED = "flagged"
HOLD = "hold"


class DayCounter:
    """Per-profile counts of recent flagged drafts, written to the database in batches."""

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.db = db
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: dict[str, list[tuple[str, datetime]]] = defaultdict(list)
        self._stored: dict[str, tuple[float, int, int]] = {}
        self._pruned_at = clock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def note(self, profile_id: str, *, count: int, now: datetime) -> int:
        """Count ``count`` new flagged drafts; the profile's tally for the last 24 hours, capped.

        The tally is the larger of the flagged checks and the holds: a draft checked and
        then held is one draft, not two, and an app that holds without checking still counts.
        """
        flagged, holds = self._stored_counts(profile_id, now)
        with self._lock:
            self._pending[profile_id].extend([(FLAGGED, now)] * count)
            return min(repo.COUNT_CAP, max(flagged + len(self._pending[profile_id]), holds))

    def _stored_counts(self, profile_id: str, now: datetime) -> tuple[int, int]:
        cached = self._stored.get(profile_id)
        if cached is not None and self._clock() - cached[0] < REFRESH_SECONDS:
            return cached[1], cached[2]
        with self.db.connection() as connection:
            flagged = repo.count_recent(connection, profile_id=profile_id, now=now, kind=FLAGGED)
            holds = repo.count_recent(connection, profile_id=profile_id, now=now, kind=HOLD)
        self._stored[profile_id] = (self._clock(), flagged, holds)
        return flagged, holds

    def flush(self) -> None:
        """Write what is pending in one transaction; on failure keep it for the next try."""
        with self._lock:
            pending, self._pending = self._pending, defaultdict(list)
        if not pending:
            return
        try:
            with self.db.connection() as connection:
                repo.add_events(connection, pending)
                if self._clock() - self._pruned_at > PRUNE_SECONDS:
                    repo.prune_events_before(connection, repo.day_before(max(at for items in pending.values()
                                                                              for _, at in items)))
                    self._pruned_at = self._clock()
        except ServiceError:
            log.warning("could not write %d day-count events; will retry", sum(map(len, pending.values())))
            with self._lock:
                for profile_id, events in pending.items():
                    self._pending[profile_id][:0] = events
            return
        for profile_id, events in pending.items():
            cached = self._stored.get(profile_id)
            if cached is not None:
                self._stored[profile_id] = (cached[0], cached[1] + len(events), cached[2])

    def start(self) -> None:
        """Start writing in the background (idempotent)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="unsent-day-counter", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.flush()

    def _run(self) -> None:
        while not self._stop.wait(FLUSH_SECONDS):
            self.flush()
