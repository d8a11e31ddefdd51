"""The one clock of the services: today's date, injectable (tests, a GUI run on a fixed day).

Services take ``today`` from their caller; when the caller gives none they ask this clock
instead of calling ``date.today()`` themselves, so a test (or the settings) can fix the day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

_source: Callable[[], date] = date.today


def today() -> date:
    return _source()


def set_clock(source: Callable[[], date] | None) -> None:
    """Use ``source`` for today (None: the system clock)."""
    global _source
    _source = source or date.today
