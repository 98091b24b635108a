"""The day's count is kept in memory and written in batches; the total stays right."""

import time
from datetime import datetime, timedelta
from pathlib import Path

from service.config import Settings
from service.frequency import DayCounter
from service.state import open_records
from service.storage import repo


def test_counts_add_up_across_flushes_and_restarts(tmp_path: Path) -> None:
    records = open_records(Settings(data_dir=tmp_path))
    now = datetime(2026, 12, 1, 12, 0)
    counter = records.counter
    assert [counter.note("local", count=1, now=now) for _ in range(3)] == [1, 2, 3]
    counter.flush()
    assert counter.note("local", count=2, now=now) == 5
    counter.stop()
    fresh = DayCounter(records.db)  # another process, or this one after a restart
    assert fresh.note("local", count=1, now=now) == 6
    fresh.flush()
    with records.db.connection() as connection:
        assert repo.count_recent(connection, profile_id="local", now=now, kind="flagged") == 6
        assert repo.count_recent(connection, profile_id="local", now=now + timedelta(hours=25), kind="flagged") == 0


def test_the_background_writer_flushes_on_its_own(tmp_path: Path) -> None:
    records = open_records(Settings(data_dir=tmp_path))
    now = datetime(2026, 12, 1, 12, 0)
    records.counter.start()
    records.counter.note("local", count=4, now=now)
    deadline = time.monotonic() + 5
    written = 0
    while written < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
        with records.db.connection() as connection:
            written = repo.count_recent(connection, profile_id="local", now=now, kind="flagged")
    records.counter.stop()
    assert written == 4
