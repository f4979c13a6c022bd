"""Invoice arithmetic, VAT per rate, KID and the sale posting, as pure functions."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura_cli.domain.identifiers import kid
from faktura_cli.domain.invoice import (
    LineInput,
    compute_totals,
    due_date,
    invoice_status,
    line_net,
    price_line,
)
from faktura_cli.domain.ledger import make_voucher
from faktura_cli.domain.linespec import line_spec
from faktura_cli.domain.records import Company, Customer, Product
from faktura_cli.domain.sale_posting import sale_postings
from faktura_cli.domain.vat import TREATMENTS
from faktura_cli.errors import InvalidInput, RuleViolation


def line(qty: str, price: int, vat: str = "25", discount: str = "0") -> LineInput:
    return LineInput("x", Decimal(qty), price, TREATMENTS[vat], Decimal(discount))


@pytest.mark.parametrize(
    ("qty", "price", "discount", "net"),
    [
        ("1", 120000, "0", 120000),
        ("7.5", 125000, "0", 937500),
        ("3", 33333, "0", 99999),
        ("1", 1999, "10", 1799),
        ("1", 1995, "10", 1796),
        ("0.333", 1000, "0", 333),
    ],
)
def test_line_net_is_rounded_once(qty: str, price: int, discount: str, net: int) -> None:
    assert line_net(Decimal(qty), price, Decimal(discount)) == net


def test_vat_is_computed_per_rate_on_the_sum_of_nets_not_per_line() -> None:
    # Three lines of 0.10 at 25 %: per line 0.025 -> 0.03 each = 0.09; on the sum 0.30 -> 0.08.
    totals = compute_totals([line("1", 10), line("1", 10), line("1", 10)])
    assert [v.amount for v in totals.vat_lines] == [8]
    assert sum(ln.vat_amount for ln in totals.lines) == 8
    assert totals.total == 38


def test_spec_worked_example_totals() -> None:
    totals = compute_totals([line("1", 800000)])
    assert (totals.net_total, totals.vat_total, totals.total) == (800000, 200000, 1000000)


def test_mixed_rates_each_get_their_own_vat_line() -> None:
    totals = compute_totals(
        [
            line("2", 10000, "25"),
            line("1", 18500, "15"),
            line("2", 32000, "12"),
            line("1", 44900, "0"),
            line("1", 350000, "exempt"),
        ]
    )
    by_code = {v.vat.code: (v.base, v.amount) for v in totals.vat_lines}
    assert by_code == {
        "25": (20000, 5000),
        "15": (18500, 2775),
        "12": (64000, 7680),
        "0": (44900, 0),
        "exempt": (350000, 0),
    }
    assert totals.total == totals.net_total + 5000 + 2775 + 7680


def test_sale_posting_of_the_spec_example() -> None:
    postings = sale_postings(
        compute_totals([line("1", 800000)]), customer=10001, open_item=1, rate=Decimal(1), text="F1"
    )
    assert [(p.account, p.amount) for p in postings] == [
        ("1500", 1000000),
        ("3000", -800000),
        ("2700", -200000),
    ]
    assert postings[0].open_item == 1 and postings[0].customer == 10001


@pytest.mark.parametrize(
    ("code", "revenue", "vat_account"),
    [
        ("25", "3000", "2700"),
        ("15", "3030", "2701"),
        ("12", "3050", "2703"),
        ("0", "3100", None),
        ("exempt", "3200", None),
        ("none", "3200", None),
    ],
)
def test_each_vat_treatment_posts_to_its_accounts(
    code: str, revenue: str, vat_account: str | None
) -> None:
    postings = sale_postings(
        compute_totals([line("1", 10000, code)]), customer=1, open_item=1, rate=Decimal(1), text="t"
    )
    accounts = {p.account for p in postings if p.amount}
    assert accounts == {"1500", revenue} | ({vat_account} if vat_account else set())


def test_foreign_currency_postings_balance_after_conversion() -> None:
    totals = compute_totals([line("3", 33333, "25"), line("1", 1001, "0")])
    postings = sale_postings(totals, customer=1, open_item=1, rate=Decimal("0.9653"), text="t")
    assert sum(p.amount for p in postings) == 0
    assert postings[0].amount == pytest.approx(totals.total * 0.9653, abs=2)


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1000), places=4),
            st.integers(min_value=0, max_value=10**8),
            st.sampled_from(["25", "15", "12", "0", "exempt"]),
            st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([Decimal(1), Decimal("10.4512"), Decimal("0.0917")]),
)
def test_random_invoices_balance_and_vat_matches_lines(lines, rate) -> None:  # type: ignore[no-untyped-def]
    inputs = [LineInput("x", q, p, TREATMENTS[v], d) for q, p, v, d in lines]
    totals = compute_totals(inputs)
    assert totals.total == sum(ln.net for ln in totals.lines) + sum(
        ln.vat_amount for ln in totals.lines
    )
    for vl in totals.vat_lines:
        members = [ln for ln in totals.lines if ln.vat.code == vl.vat.code]
        assert vl.base == sum(m.net for m in members)
        assert vl.amount == sum(m.vat_amount for m in members)
        assert abs(Decimal(vl.amount) - Decimal(vl.base) * vl.vat.rate / 100) <= Decimal("0.5")
    if totals.total > 0:
        postings = sale_postings(totals, customer=1, open_item=1, rate=rate, text="t")
        assert sum(p.amount for p in postings) == 0
        if postings[0].amount:  # a few øre at a tiny rate can convert to 0 NOK: nothing to post
            make_voucher(date(2026, 3, 2), "t", postings)  # refuses anything unbalanced


def test_unbalanced_voucher_is_refused() -> None:
    from faktura_cli.domain.ledger import Posting

    with pytest.raises(RuleViolation, match="does not balance: off by 1 øre"):
        make_voucher(date(2026, 1, 1), "t", [Posting("1920", 101, "t"), Posting("1500", -100, "t")])


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "00000018"), (20, "00000208"), (1234567, "12345674"), (42, "00000422")],
)
def test_kid_is_number_padded_to_seven_digits_with_luhn_digit(number: int, expected: str) -> None:
    assert kid(number) == expected


@given(st.integers(min_value=1, max_value=99_999_999))
def test_kid_check_digit_is_stdnum_s_luhn(number: int) -> None:
    from stdnum import luhn

    base = f"{number:07d}"
    assert kid(number) == base + luhn.calc_check_digit(base)
    assert luhn.is_valid(kid(number))


def test_line_defaults_come_from_the_product() -> None:
    product = Product("4", "Fagbok", 44900, "0", "stk")
    built = price_line(line_spec("product=4;qty=2"), product, vat_registered=True)
    assert (built.text, built.qty, built.unit_price, built.vat.code, built.unit) == (
        "Fagbok",
        Decimal(2),
        44900,
        "0",
        "stk",
    )


def test_line_without_product_needs_text_and_price() -> None:
    with pytest.raises(InvalidInput, match="needs product=N or text"):
        price_line(line_spec("qty=2"), None, vat_registered=True)
    with pytest.raises(InvalidInput, match="needs price"):
        price_line(line_spec("text=Timer"), None, vat_registered=True)


def test_company_outside_the_vat_register_cannot_charge_vat() -> None:
    built = price_line(line_spec("text=Timer;price=100"), None, vat_registered=False)
    assert built.vat.code == "none"
    with pytest.raises(RuleViolation, match="not registered for VAT"):
        price_line(line_spec("text=Timer;price=100;vat=25"), None, vat_registered=False)


@pytest.mark.parametrize(
    ("open_amount", "credited", "due", "status"),
    [
        (1000, 0, date(2026, 3, 16), "open"),
        (400, 0, date(2026, 3, 16), "partly_paid"),
        (0, 0, date(2026, 3, 16), "paid"),
        (-50, 0, date(2026, 3, 16), "paid"),
        (1000, 0, date(2026, 3, 1), "overdue"),
        (0, 1000, date(2026, 3, 16), "credited"),
    ],
)
def test_invoice_status(open_amount: int, credited: int, due: date, status: str) -> None:
    assert (
        invoice_status(
            kind="invoice",
            total=1000,
            open_amount=open_amount,
            credited=credited,
            due=due,
            today=date(2026, 3, 2),
        )
        == status
    )


COMPANY = Company("Fjellbekk", "923456783", "AS", "86011117947", vat_registered=True)
CUSTOMER = Customer(10001, "Kunde AS", is_private=False)


@pytest.mark.parametrize(
    ("customer_terms", "terms", "no_credit_days", "due"),
    [
        (None, None, False, date(2026, 3, 16)),  # the company's 14 days (SPEC §4)
        (30, None, False, date(2026, 4, 1)),  # else the customer's
        (30, 7, False, date(2026, 3, 9)),  # the invoice's or schedule's own terms first
        (30, 7, True, date(2026, 3, 2)),  # no-credit-days: due on the invoice date (SPEC §5)
    ],
)
def test_due_date(
    customer_terms: int | None, terms: int | None, no_credit_days: bool, due: date
) -> None:
    customer = replace(CUSTOMER, payment_terms=customer_terms)
    day = date(2026, 3, 2)
    assert due_date(day, COMPANY, customer, terms=terms, no_credit_days=no_credit_days) == due
