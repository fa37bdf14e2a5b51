"""Business days for the Art. 31 deadlines: LFT art. 74 defaults and configured days."""

from __future__ import annotations

import datetime as dt

import pytest

from tutela.errors import InputError
from tutela.generators.calendar import (
    BusinessCalendar,
    make_calendar,
    mexican_rest_days,
    parse_holidays,
)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            [
                "2026-01-01",
                "2026-02-02",
                "2026-03-16",
                "2026-05-01",
                "2026-09-16",
                "2026-11-16",
                "2026-12-25",
            ],
        ),
        (
            2024,
            [
                "2024-01-01",
                "2024-02-05",
                "2024-03-18",
                "2024-05-01",
                "2024-09-16",
                "2024-10-01",
                "2024-11-18",
                "2024-12-25",
            ],
        ),
        (
            2018,
            [
                "2018-01-01",
                "2018-02-05",
                "2018-03-19",
                "2018-05-01",
                "2018-09-16",
                "2018-11-19",
                "2018-12-01",
                "2018-12-25",
            ],
        ),
        (
            2030,
            [
                "2030-01-01",
                "2030-02-04",
                "2030-03-18",
                "2030-05-01",
                "2030-09-16",
                "2030-10-01",
                "2030-11-18",
                "2030-12-25",
            ],
        ),
    ],
)
def test_lft_art74_rest_days(year, expected):
    assert sorted(x.isoformat() for x in mexican_rest_days(year)) == expected


def test_twenty_business_days_skip_weekends_and_revolution_day():
    # Received Tuesday 10 Nov 2026; 16 Nov is the third Monday of November.
    cal = BusinessCalendar()
    assert cal.add_business_days(d("2026-11-10"), 20) == d("2026-12-09")
    assert cal.add_business_days(d("2026-11-10"), 40) == d("2027-01-08")


def test_counting_starts_the_next_business_day_after_a_weekend_receipt():
    cal = BusinessCalendar()
    assert cal.add_business_days(d("2026-11-28"), 1) == d("2026-11-30")  # Saturday -> Monday
    assert cal.add_business_days(d("2026-11-28"), 0) == d("2026-11-28")


def test_extra_days_from_a_file_and_the_option(tmp_path):
    path = tmp_path / "dias.txt"
    path.write_text("# Semana Santa\n2026-04-02\n2026-04-03  # Viernes Santo\n", encoding="utf-8")
    cal = make_calendar([path], [d("2026-04-06")])
    assert cal.rest_day_name(d("2026-04-02")) == "día inhábil configurado"
    assert cal.add_business_days(d("2026-04-01"), 1) == d("2026-04-07")
    assert BusinessCalendar().add_business_days(d("2026-04-01"), 1) == d("2026-04-02")


def test_without_defaults_only_weekends_and_extra_days_rest():
    cal = make_calendar(use_defaults=False)
    assert cal.is_business_day(d("2026-11-16"))
    assert not cal.is_business_day(d("2026-11-15"))


def test_rest_days_between_names_weekday_holidays_only():
    cal = BusinessCalendar()
    assert cal.rest_days_between(d("2026-12-20"), d("2027-01-05")) == [
        (d("2026-12-25"), "Navidad"),
        (d("2027-01-01"), "Año Nuevo"),
    ]


def test_bad_holiday_line_names_file_and_line():
    with pytest.raises(InputError) as err:
        parse_holidays("2026-01-01\n2026-13-01\n", "dias.txt")
    assert err.value.render() == (
        "dias.txt:2:1: '2026-13-01' is not a date\n"
        "  help: write one date per line as YYYY-MM-DD; text after # is a comment"
    )


def test_missing_holiday_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as err:
        make_calendar([tmp_path / "nope.txt"])
    assert err.value.message == "cannot read holidays file: No such file or directory"


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="days must be >= 0"):
        BusinessCalendar().add_business_days(d("2026-01-01"), -1)
