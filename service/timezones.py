"""Time zones by IANA name ("Europe/Paris"), and "today" as the writer sees it.

The no-contact day count depends on the writer's date, not the server's: at 23:30 in
Honolulu it is already tomorrow in UTC. ``tzdata`` is a dependency so names resolve the
same on machines without a system zone database.
"""

import zoneinfo
from datetime import date, datetime, tzinfo
from functools import lru_cache

from service.errors import InvalidFieldError


class TimezoneError(InvalidFieldError):
    """A time-zone name that is not in the IANA database."""

    default_code = "invalid_timezone"


@lru_cache(maxsize=512)
def parse_timezone(name: str) -> tzinfo:
    """The zone called ``name``; raises ``TimezoneError`` naming the fix."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise TimezoneError(
            "timezone must be an IANA time-zone name such as 'Europe/London' or "
            "'America/New_York'.",
            field="timezone",
        ) from None


def today_in(zone: tzinfo, now: datetime) -> date:
    """The calendar date in ``zone`` at the instant ``now`` (which must be aware)."""
    return now.astimezone(zone).date()
