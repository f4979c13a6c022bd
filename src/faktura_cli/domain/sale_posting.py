"""The sale posting (SPEC §12): an invoice's own voucher, and how a document's posted voucher
differs from it. Apart from domain/invoice.py, whose documents `invoice list`/`show` read
without the ledger's records and chart (SPEC §17)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from faktura_cli.domain.invoice import Document, Totals, to_nok
from faktura_cli.domain.ledger import RECEIVABLES, Posting
from faktura_cli.domain.money import to_json
from faktura_cli.domain.vat import TREATMENTS


def sale_postings(
    totals: Totals, *, customer: int, open_item: int, rate: Decimal, text: str
) -> list[Posting]:
    """Debit 1500 the total; credit revenue per VAT treatment and output VAT per rate.

    Amounts in a foreign currency are converted per posting at `rate`, and the receivable is
    the sum of the converted credits, so the voucher balances to the øre whatever the rounding.
    """
    credits: list[Posting] = []
    for vl in totals.vat_lines:
        credits.append(
            Posting(vl.vat.revenue_account, -to_nok(vl.base, rate), text, vat_code=vl.vat.code)
        )
        if vl.vat.vat_account:
            credits.append(
                Posting(vl.vat.vat_account, -to_nok(vl.amount, rate), text, vat_code=vl.vat.code)
            )
    receivable = Posting(
        RECEIVABLES,
        -sum(p.amount for p in credits),
        text,
        customer=customer,
        open_item=open_item,
    )
    return [receivable, *credits]


def posting_discrepancies(doc: Document, posted: Mapping[tuple[str, str | None], int]) -> list[str]:
    """How a document's own voucher (summed by account and VAT code) differs from the document.

    SPEC §12: 1500 holds the total, each revenue account the nets of its VAT treatment, each
    VAT account the VAT of its rate, all as the sale posting (`sale_postings`) makes them. In a
    foreign currency each conversion is rounded on its own (and a credit note emptying a
    treatment takes the NOK left), so there only the totals in NOK are compared.
    """
    problems = []
    receivable = posted.get((RECEIVABLES, None), 0)
    if receivable != doc.total_nok or (doc.exchange_rate == 1 and doc.total_nok != doc.total):
        problems.append(
            f"{RECEIVABLES} has {to_json(receivable)}, the document's total is {to_json(doc.total)}"
        )
    if doc.exchange_rate != 1:
        vat = -sum(a for (account, _), a in posted.items() if account in _VAT_ACCOUNTS)
        if vat != doc.vat_total_nok:
            problems.append(
                f"VAT posted {to_json(vat)}, the document's {to_json(doc.vat_total_nok)}"
            )
        return problems
    expected: dict[tuple[str, str | None], int] = {}
    for vl in doc.vat_lines:
        revenue = (vl.vat.revenue_account, vl.vat.code)
        expected[revenue] = expected.get(revenue, 0) - vl.base
        if vl.vat.vat_account:
            tax = (vl.vat.vat_account, vl.vat.code)
            expected[tax] = expected.get(tax, 0) - vl.amount
    actual = {key: amount for key, amount in posted.items() if key != (RECEIVABLES, None)}
    for key in sorted(set(expected) | set(actual), key=lambda k: (k[0], k[1] or "")):
        want, got = expected.get(key, 0), actual.get(key, 0)
        if want != got:
            account, code = key
            problems.append(
                f"account {account} (VAT code {code or '-'}) has {to_json(got)}, "
                f"the lines say {to_json(want)}"
            )
    return problems


_VAT_ACCOUNTS = frozenset(t.vat_account for t in TREATMENTS.values() if t.vat_account)
