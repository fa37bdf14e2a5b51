"""Business days for the LFPDPPP deadlines (Art. 2 fr. VIII: "días" are business days).

The LFPDPPP does not say which calendar of rest days applies to private parties answering
ARCO requests (lfpdppp.md §5.3 and §12 item 8: **UNVERIFIED**). tutela's default is the
prudent one: Monday to Friday, minus the mandatory rest days of the Ley Federal del Trabajo,
Art. 74:

* 1 January; the first Monday of February (5 February); the third Monday of March
  (21 March); 1 May; 16 September; the third Monday of November (20 November); 25 December;
* the day of the transmission of the federal Executive, every six years: 1 December up to
  2018, and 1 October from 2024 on (the 2014 constitutional reform moved the start of the
  presidential term to 1 October, first applied in 2024).

Election days (LFT Art. 74 fr. IX), Holy Thursday and Friday, the authority's own closing days
and company holidays are not in the default: add them with a holidays file (one
``YYYY-MM-DD`` per line, ``#`` starts a comment) or ``--holiday``.

Counting follows the usual rule for plazos: day 1 is the first business day *after* the
day of receipt, so a request received on a Friday has its first day on Monday.

Example:
    >>> cal = BusinessCalendar()
    >>> cal.is_business_day(_dt.date(2026, 11, 16))  # third Monday of November
    False
    >>> cal.add_business_days(_dt.date(2026, 11, 13), 1).isoformat()
    '2026-11-17'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tutela.errors import InputError

#: Years in which the federal Executive changed hands, with the day it happened.
_TRANSMISSION_MONTH_DAY_BEFORE_2024 = (12, 1)
_TRANSMISSION_MONTH_DAY_FROM_2024 = (10, 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> _dt.date:
    first = _dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + _dt.timedelta(days=offset + 7 * (n - 1))


def mexican_rest_days(year: int) -> dict[_dt.date, str]:
    """Return the mandatory rest days of LFT Art. 74 for ``year``, with their names.

    Example:
        >>> sorted(d.isoformat() for d in mexican_rest_days(2024))[:4]
        ['2024-01-01', '2024-02-05', '2024-03-18', '2024-05-01']
        >>> _dt.date(2024, 10, 1) in mexican_rest_days(2024)
        True
        >>> _dt.date(2018, 12, 1) in mexican_rest_days(2018)
        True
    """
    days = {
        _dt.date(year, 1, 1): "Año Nuevo",
        _nth_weekday(year, 2, 0, 1): "Día de la Constitución",
        _nth_weekday(year, 3, 0, 3): "Natalicio de Benito Juárez",
        _dt.date(year, 5, 1): "Día del Trabajo",
        _dt.date(year, 9, 16): "Día de la Independencia",
        _nth_weekday(year, 11, 0, 3): "Día de la Revolución",
        _dt.date(year, 12, 25): "Navidad",
    }
    if year % 6 == 2:  # 2000, 2006, 2012, 2018, 2024, 2030, ...
        month, day = (
            _TRANSMISSION_MONTH_DAY_FROM_2024
            if year >= 2024
            else _TRANSMISSION_MONTH_DAY_BEFORE_2024
        )
        days[_dt.date(year, month, day)] = "Transmisión del Poder Ejecutivo Federal"
    return days


@dataclass(frozen=True)
class BusinessCalendar:
    """Monday-Friday minus rest days: the LFT Art. 74 defaults (optional) plus ``extra``.

    Attributes:
        extra: additional non-business dates (company or authority closing days).
        use_defaults: include the LFT Art. 74 rest days.
    """

    extra: frozenset[_dt.date] = field(default_factory=frozenset)
    use_defaults: bool = True

    def rest_day_name(self, day: _dt.date) -> str | None:
        """Return why ``day`` is not a business day, or ``None`` if it is one."""
        if day.weekday() == 5:
            return "sábado"
        if day.weekday() == 6:
            return "domingo"
        if self.use_defaults:
            name = mexican_rest_days(day.year).get(day)
            if name:
                return name
        if day in self.extra:
            return "día inhábil configurado"
        return None

    def is_business_day(self, day: _dt.date) -> bool:
        """Return whether ``day`` counts as a business day."""
        return self.rest_day_name(day) is None

    def add_business_days(self, start: _dt.date, days: int) -> _dt.date:
        """Return the date of business day number ``days`` counted after ``start``.

        Example:
            >>> BusinessCalendar().add_business_days(_dt.date(2026, 12, 21), 5).isoformat()
            '2026-12-29'
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        current = start
        remaining = days
        while remaining:
            current += _dt.timedelta(days=1)
            if self.is_business_day(current):
                remaining -= 1
        return current

    def rest_days_between(self, start: _dt.date, end: _dt.date) -> list[tuple[_dt.date, str]]:
        """Return the weekday rest days in ``(start, end]`` with their names (for letters)."""
        out: list[tuple[_dt.date, str]] = []
        current = start
        while current < end:
            current += _dt.timedelta(days=1)
            name = self.rest_day_name(current)
            if name and current.weekday() < 5:
                out.append((current, name))
        return out


def parse_holidays(text: str, file: str) -> frozenset[_dt.date]:
    r"""Read a holidays file: one ``YYYY-MM-DD`` per line; ``#`` starts a comment.

    Example:
        >>> sorted(parse_holidays("2026-04-02  # Jueves Santo\n\n2026-04-03\n", "h.txt"))
        [datetime.date(2026, 4, 2), datetime.date(2026, 4, 3)]
    """
    days: set[_dt.date] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            days.add(_dt.date.fromisoformat(line))
        except ValueError:
            raise InputError(
                f"{line!r} is not a date",
                file,
                number,
                1,
                hint="write one date per line as YYYY-MM-DD; text after # is a comment",
            ) from None
    return frozenset(days)


def make_calendar(
    holiday_files: Iterable[Path] = (),
    holidays: Iterable[_dt.date] = (),
    *,
    use_defaults: bool = True,
) -> BusinessCalendar:
    """Build a calendar from holiday files and single dates (both add to the defaults).

    Raises:
        InputError: a file cannot be read or holds something that is not a date.
    """
    extra: set[_dt.date] = set(holidays)
    for path in holiday_files:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"cannot read holidays file: {exc.strerror}",
                str(path),
                hint="pass a text file with one YYYY-MM-DD per line",
            ) from None
        extra |= parse_holidays(text, str(path))
    return BusinessCalendar(frozenset(extra), use_defaults)
