"""Year end (årsavslutning) and VAT settlement (mva-oppgjør): the vouchers, as pure rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from faktura_cli.domain.ledger import (
    ANNUAL_RESULT,
    BANK,
    EQUITY,
    VAT_SETTLEMENT,
    Posting,
    Voucher,
    is_result_account,
    make_voucher,
)
from faktura_cli.domain.reports import Period
from faktura_cli.domain.vat import VAT_ACCOUNTS
from faktura_cli.errors import RuleViolation

# Output VAT (utgående) and input VAT (inngående) per rate, import VAT and reverse charge:
# every VAT account is settled to 2740 each term.
SETTLED_VAT_ACCOUNTS = tuple(sorted(VAT_ACCOUNTS))


def year_end(year: int) -> date:
    return date(year, 12, 31)


def year_result(year_totals: Mapping[str, int]) -> int:
    """The sum of the year's postings on the result accounts (negative: a profit)."""
    return sum(amount for account, amount in year_totals.items() if is_result_account(account))


def closing_voucher(year: int, result: int) -> Voucher | None:
    """The year's result from 8800 Årsresultat to 2050 Annen egenkapital, dated 31 December.

    A profit (result < 0, income is credit) debits 8800 and credits 2050; a loss the reverse.
    After it the year's result accounts sum to 0. None when there is nothing to move.
    """
    if result == 0:
        return None
    text = f"Årsavslutning {year}: årsresultat til annen egenkapital"
    return make_voucher(
        year_end(year),
        text,
        [Posting(ANNUAL_RESULT, -result, text), Posting(EQUITY, result, text)],
    )


def reversal(postings: Sequence[Posting], day: date, text: str) -> Voucher:
    """A new voucher with the opposite signs (never an edit of the old one)."""
    return make_voucher(
        day,
        text,
        [
            Posting(p.account, -p.amount, text, p.customer, p.open_item, p.vat_code)
            for p in postings
        ],
    )


def ensure_year_over(year: int, today: date) -> None:
    if today <= year_end(year):
        raise RuleViolation(
            f"the year {year} has not ended yet (today is {today.isoformat()})",
            hint=f"close it from {year + 1}-01-01",
        )


def ensure_term_over(term: Period, today: date) -> None:
    if today <= term.end:
        raise RuleViolation(
            f"VAT term {term.label} has not ended yet (it ends {term.end.isoformat()})",
            hint=f"file it on or after {(term.end + timedelta(days=1)).isoformat()}",
        )


def vat_settlement_voucher(term: Period, balances: Mapping[str, int]) -> Voucher | None:
    """Output and input VAT of the term to 2740 Oppgjørskonto merverdiavgift, on its last day.

    balances: each VAT account's balance at the term's end (earlier terms are settled, so it
    is this term's VAT). Each account is brought to 0; 2740 gets the net: a credit is VAT to
    pay, a debit VAT to get back. None when there is no VAT at all.
    """
    text = f"Mva-oppgjør termin {term.label}"
    postings = [
        Posting(account, -balances.get(account, 0), text)
        for account in SETTLED_VAT_ACCOUNTS
        if balances.get(account, 0)
    ]
    if not postings:
        return None
    net = sum(balances.get(account, 0) for account in SETTLED_VAT_ACCOUNTS)
    postings.append(Posting(VAT_SETTLEMENT, net, text))
    return make_voucher(term.end, text, postings)


def vat_payment_voucher(term: Period, to_pay: int, day: date) -> Voucher:
    """Paying the term's VAT (to_pay > 0) or receiving it back (< 0): 2740 / 1920."""
    if day <= term.end:
        raise RuleViolation(
            f"the payment date {day.isoformat()} is not after VAT term {term.label} "
            f"({term.end.isoformat()})"
        )
    text = f"Betalt mva termin {term.label}" if to_pay > 0 else f"Tilbakebetalt mva {term.label}"
    return make_voucher(
        day, text, [Posting(VAT_SETTLEMENT, to_pay, text), Posting(BANK, -to_pay, text)]
    )
