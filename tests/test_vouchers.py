"""Every voucher besides the sale, as the spec's worked examples (SPEC §4, §7, §8)."""

from __future__ import annotations

from datetime import date

import pytest

from faktura_cli.domain import factoring as rules
from faktura_cli.domain import vouchers
from faktura_cli.domain.ledger import Voucher

PARTNER = rules.PARTNER_NAME
# SPEC §7: total 10 000.00, due 2026-03-16, sold 2026-03-02 10:15: fee 228.00, payout 9 772.00.
TOTAL, FEE, PAYOUT = 1_000_000, 22_800, 977_200
SALE, DUE = date(2026, 3, 2), date(2026, 3, 16)


def amounts(voucher: Voucher) -> list[tuple[str, int]]:
    return [(p.account, p.amount) for p in voucher.postings]


def test_the_worked_example_prices_the_sale() -> None:
    pricing = rules.price(TOTAL, today=SALE, due=DUE, private=False)
    assert (pricing.fee, pricing.payout) == (FEE, PAYOUT)


def test_settlement() -> None:
    v = vouchers.settlement_voucher(
        invoice=1, customer=10001, total=TOTAL, fee=FEE, payout=PAYOUT, day=SALE, partner=PARTNER
    )
    assert amounts(v) == [("1579", 977_200), ("7770", 22_800), ("1500", -1_000_000)]
    assert v.postings[2].open_item == 1 and v.document == 1 and v.date == SALE


def test_payout() -> None:
    v = vouchers.payout_voucher(invoice=1, payout=PAYOUT, day=SALE, partner=PARTNER)
    assert amounts(v) == [("1920", 977_200), ("1579", -977_200)]


def test_annulment_reverses_the_settlement() -> None:
    v = vouchers.annulment_voucher(
        invoice=1, customer=10001, total=TOTAL, fee=FEE, payout=PAYOUT, day=SALE, partner=PARTNER
    )
    assert amounts(v) == [("1500", 1_000_000), ("1579", -977_200), ("7770", -22_800)]


@pytest.mark.parametrize(
    ("credit", "regress", "postings"),
    [
        # 7 of 14 days: min(10 000.00, 9 772.00 + 49.00 + 228.00 × 7 ÷ 14) = 9 935.00
        (date(2026, 3, 9), 993_500, [("1500", 1_000_000), ("2400", -993_500), ("7770", -6_500)]),
        # past due: the invoice total, nothing on 7770
        (date(2026, 3, 20), 1_000_000, [("1500", 1_000_000), ("2400", -1_000_000)]),
    ],
)
def test_regress_after_a_full_credit(
    credit: date, regress: int, postings: list[tuple[str, int]]
) -> None:
    amount = rules.regress_amount(
        total=TOTAL, payout=PAYOUT, fee=FEE, sale=SALE, due=DUE, credit=credit
    )
    assert amount == regress
    v = vouchers.regress_voucher(
        invoice=1, customer=10001, credited=TOTAL, regress=amount, day=credit, partner=PARTNER
    )
    assert amounts(v) == postings and v.date == credit


def test_partial_credit_of_a_sold_invoice_is_regress_of_the_credited_amount() -> None:
    v = vouchers.regress_voucher(
        invoice=1, customer=10001, credited=250_000, regress=250_000, day=SALE, partner=PARTNER
    )
    assert amounts(v) == [("1500", 250_000), ("2400", -250_000)]


def test_regress_payment_and_customer_payment() -> None:
    paid = vouchers.regress_payment_voucher(invoice=1, amount=993_500, day=date(2026, 3, 10))
    assert amounts(paid) == [("2400", 993_500), ("1920", -993_500)]
    payment = vouchers.payment_voucher(invoice=1, customer=10001, amount=5_000, day=SALE)
    assert amounts(payment) == [("1920", 5_000), ("1500", -5_000)]
    assert payment.postings[1].customer == 10001 and payment.postings[1].open_item == 1
