from datetime import date, datetime

import pytest

from faktura_cli import clock
from faktura_cli.domain import identifiers
from faktura_cli.domain.dates import is_business_day, next_business_day, parse_date
from faktura_cli.errors import InvalidInput


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("02.03.2026", date(2026, 3, 2)),
        ("2.3.2026", date(2026, 3, 2)),
    ],
)
def test_dates_as_norwegians_type_them(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed", ["2026-02-30", "31.04.2026", "03/02/2026", "tomorrow", "2026-3-2"]
)
def test_bad_dates_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_date(typed)


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (date(2026, 3, 2), True),  # Monday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 4, 2), False),  # Skjærtorsdag
        (date(2026, 4, 3), False),  # Langfredag
        (date(2026, 4, 6), False),  # 2. påskedag
        (date(2026, 4, 7), True),
        (date(2026, 5, 1), False),
        (date(2026, 5, 14), False),  # Kristi himmelfartsdag
        (date(2026, 5, 25), False),  # 2. pinsedag
        (date(2026, 12, 24), False),  # bank closing day
        (date(2026, 12, 31), False),  # bank closing day
        (date(2026, 12, 28), True),
    ],
)
def test_norwegian_business_days(day: date, business: bool) -> None:
    assert is_business_day(day) is business


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 6), date(2026, 3, 9)),
        (date(2026, 4, 1), date(2026, 4, 7)),
        (date(2026, 12, 23), date(2026, 12, 28)),
        (date(2026, 12, 30), date(2027, 1, 4)),
    ],
)
def test_next_business_day(day: date, expected: date) -> None:
    assert next_business_day(day) == expected


def test_clock_reads_faktura_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-02")
    assert clock.now() == datetime(2026, 3, 2, 9, 0, tzinfo=clock.OSLO)
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-01T23:30:00+00:00")
    # 23:30 UTC on 1 March is 00:30 on 2 March in Oslo: the Oslo date counts.
    assert clock.today() == date(2026, 3, 2)
    monkeypatch.setenv("FAKTURA_NOW", "2026-07-01T12:00:00")
    assert clock.now().utcoffset().total_seconds() == 7200  # summer time


def test_clock_refuses_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKTURA_NOW", "yesterday")
    with pytest.raises(InvalidInput, match="FAKTURA_NOW"):
        clock.now()


def test_identifiers() -> None:
    assert identifiers.orgnr("923 456 783") == "923456783"
    assert identifiers.orgnr("NO923456783MVA") == "923456783"
    assert identifiers.kontonummer("8601.11.17947") == "86011117947"
    assert identifiers.format_kontonummer("86011117947") == "8601.11.17947"
    assert identifiers.phone("+47 912 34 567", norwegian=True) == "91234567"
    assert identifiers.is_norwegian_mobile("91234567")
    assert not identifiers.is_norwegian_mobile("73501234")
    assert identifiers.peppol_id("0192:923 456 783") == "0192:923456783"


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (identifiers.orgnr, "923456784", "organisasjonsnummer"),
        (identifiers.orgnr, "12345", "organisasjonsnummer"),
        (identifiers.kontonummer, "8601.11.17948", "kontonummer"),
        (identifiers.postcode, "123", "four digits"),
        (identifiers.email, "post@", "e-mail"),
        (identifiers.peppol_id, "923456783", "SCHEME:ID"),
        (identifiers.peppol_id, "0192:923456784", "organisasjonsnummer"),
        (identifiers.country, "Norway", "ISO"),
    ],
)
def test_bad_identifiers_are_refused(check, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match=message):
        check(value)


def test_norwegian_phone_must_be_eight_digits() -> None:
    with pytest.raises(InvalidInput, match="eight digits"):
        identifiers.phone("1234567", norwegian=True)
