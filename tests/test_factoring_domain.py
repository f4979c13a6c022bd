"""The pure factoring rules: pricing, payout moments, regress, eligibility (SPEC section 7)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from faktura_cli.domain import factoring as f
from faktura_cli.domain.records import Customer

OSLO = f.OSLO


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def test_worked_example() -> None:
    p = f.price(1_000_000, today=date(2026, 3, 2), due=date(2026, 3, 16), private=False)
    assert p.rate == Decimal("2.28")
    assert (p.fee, p.payout) == (22_800, 977_200)
    assert f.payout_moment(at("2026-03-02T10:15")) == at("2026-03-02T12:00")


@pytest.mark.parametrize(
    ("today", "due", "private", "rate"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), False, "2.00"),
        (date(2026, 3, 2), date(2026, 2, 20), False, "2.00"),  # past due: days never below 0
        (date(2026, 3, 2), date(2026, 3, 16), True, "2.78"),
        (date(2026, 3, 2), date(2026, 5, 31), False, "3.80"),
        (date(2026, 3, 2), date(2026, 5, 31), True, "4.00"),  # capped
    ],
)
def test_fee_rate(today: date, due: date, private: bool, rate: str) -> None:
    assert f.fee_rate(today=today, due=due, private=private) == Decimal(rate)


@pytest.mark.parametrize(
    ("accepted", "payout"),
    [
        ("2026-03-02T10:15", "2026-03-02T12:00"),
        ("2026-03-02T11:59:59", "2026-03-02T12:00"),
        ("2026-03-02T12:00", "2026-03-02T14:30"),
        ("2026-03-02T14:29", "2026-03-02T14:30"),
        ("2026-03-02T14:30", "2026-03-03T12:00"),
        ("2026-03-06T16:00", "2026-03-09T12:00"),  # Friday afternoon -> Monday
        ("2026-03-07T09:00", "2026-03-09T12:00"),  # Saturday morning -> Monday
        ("2026-03-08T09:00", "2026-03-09T12:00"),  # Sunday
        ("2026-04-01T15:00", "2026-04-07T12:00"),  # Easter 2026: 2-6 April closed
        ("2026-04-02T09:00", "2026-04-07T12:00"),  # Maundy Thursday
        ("2026-04-06T11:00", "2026-04-07T12:00"),  # Easter Monday
        ("2026-12-23T15:00", "2026-12-28T12:00"),  # 24, 25, 26 December, weekend
        ("2026-12-24T10:00", "2026-12-28T12:00"),
        ("2026-12-30T13:00", "2026-12-30T14:30"),
        ("2026-12-30T15:00", "2027-01-04T12:00"),  # 31 Dec and 1 Jan closed, then weekend
    ],
)
def test_payout_moment(accepted: str, payout: str) -> None:
    assert f.payout_moment(at(accepted)) == at(payout)


@pytest.mark.parametrize(
    ("credit", "regress"),
    [
        (date(2026, 3, 9), 993_500),
        (date(2026, 3, 2), 977_200 + 4_900),
        (date(2026, 3, 16), 1_000_000),  # min(total, 9772 + 49 + 228)
        (date(2026, 3, 20), 1_000_000),  # past due
    ],
)
def test_regress(credit: date, regress: int) -> None:
    assert (
        f.regress_amount(
            total=1_000_000,
            payout=977_200,
            fee=22_800,
            sale=date(2026, 3, 2),
            due=date(2026, 3, 16),
            credit=credit,
        )
        == regress
    )


def test_regress_sale_on_due_date_counts_the_whole_fee() -> None:
    # fraction 1: payout + 49.00 + the whole fee is above the total, so the total is claimed
    got = f.regress_amount(
        total=100_000,
        payout=98_000,
        fee=2_000,
        sale=date(2026, 3, 2),
        due=date(2026, 3, 2),
        credit=date(2026, 3, 2),
    )
    assert got == 100_000


BUSINESS = Customer(1, "Kunde AS", False, orgnr="910524267")
TODAY = date(2026, 3, 2)


def facts(**kw: object) -> f.InvoiceFacts:
    base = dict(
        kind="invoice",
        currency="NOK",
        total=1_000_000,
        delivery_date=TODAY,
        due_date=date(2026, 3, 16),
        is_open=True,
    )
    base.update(kw)
    return f.InvoiceFacts(**base)  # type: ignore[arg-type]


def codes(reasons: list[f.Reason]) -> list[str]:
    return [r.code for r in reasons]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, []),
        ({"delivery_date": date(2026, 1, 16)}, []),  # 45 days is allowed
        ({"delivery_date": date(2026, 1, 15)}, ["DELIVERY_TOO_OLD"]),
        ({"due_date": date(2026, 5, 31)}, []),  # 90 days is allowed
        ({"due_date": date(2026, 6, 1)}, ["DUE_TOO_FAR"]),
        ({"total": 20_000}, ["AMOUNT_TOO_SMALL"]),
        ({"total": 20_001}, []),
        ({"currency": "EUR"}, ["FOREIGN_CURRENCY"]),
        ({"kind": "credit_note"}, ["NOT_OPEN"]),
        ({"is_open": False}, ["NOT_OPEN"]),
    ],
)
def test_eligibility_rules(kw: dict[str, object], expected: list[str]) -> None:
    assert codes(f.eligibility(facts(**kw), BUSINESS, agreement=True, today=TODAY)) == expected


def test_every_failing_rule_is_reported() -> None:
    foreign = Customer(2, "Utland GmbH", False, orgnr=None, country="DE", related=True)
    got = f.eligibility(
        facts(currency="EUR", total=100, is_open=False), foreign, agreement=False, today=TODAY
    )
    assert codes(got) == [
        "NO_AGREEMENT",
        "NOT_NORWEGIAN_ORGNR",
        "NOT_NORWEGIAN_ADDRESS",
        "FOREIGN_CURRENCY",
        "AMOUNT_TOO_SMALL",
        "INTERCOMPANY",
        "NOT_OPEN",
    ]
    assert all(r.text for r in got)


def test_private_customer_needs_no_orgnr_and_is_controlled() -> None:
    private = Customer(3, "Kari Nordmann", True)
    assert f.eligibility(facts(), private, agreement=True, today=TODAY) == []
    assert f.private_decline(5_000_000, has_overdue=False) is None
    assert f.private_decline(5_000_001, has_overdue=False).code == "PARTNER_DECLINED"  # type: ignore[union-attr]
    assert f.private_decline(100_000, has_overdue=True).code == "PARTNER_DECLINED"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("applied", "decided"),
    [
        ("2026-03-02T10:15", "2026-03-03T09:00"),
        ("2026-03-06T10:15", "2026-03-09T09:00"),
        ("2026-04-01T10:00", "2026-04-07T09:00"),
    ],
)
def test_decision_moment(applied: str, decided: str) -> None:
    assert f.decision_moment(at(applied)) == at(decided)


def test_offer_valid_until_end_of_day() -> None:
    assert f.offer_expires(at("2026-03-02T10:15")) == at("2026-03-03T00:00")
