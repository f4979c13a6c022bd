"""Every voucher the program posts besides the sale itself, as pure functions (SPEC §4, §7, §8,
§14).

Each takes the amounts in NOK øre and the day, and returns a balanced `Voucher`; the services
only decide *when* to post one. The sale (and a credit note's reversal of it) is
`domain.sale_posting.sale_postings` / `domain.crediting.credit_postings`.
"""

from __future__ import annotations

from datetime import date

from faktura_cli.domain.ledger import (
    AGIO,
    BANK,
    BANK_FEES,
    DISAGIO,
    FACTORING_RECEIVABLE,
    LATE_PAYMENT_INTEREST,
    PAYABLES,
    RECEIVABLES,
    REMINDER_FEES,
    Posting,
    Voucher,
    make_voucher,
)
from faktura_cli.domain.reminders import ReminderTerms


def payment_voucher(
    *,
    invoice: int,
    customer: int,
    amount: int,
    day: date,
    text: str | None = None,
    bank: int | None = None,
) -> Voucher:
    """A customer's payment against the invoice's open item: debit 1920, credit 1500 (§4).

    `text`: what the bank said (KID, reminder), when it came from a bank file. `amount` is
    what 1500 is credited (the open item's part at the invoice's booked rate); `bank` what the
    bank received in NOK, when it differs: the difference is agio (8060, credit) or disagio
    (8160, debit) (§13).
    """
    text = text or f"Innbetaling faktura {invoice}"
    received = amount if bank is None else bank
    postings = [
        Posting(BANK, received, text),
        Posting(RECEIVABLES, -amount, text, customer=customer, open_item=invoice),
    ]
    if received > amount:
        postings.append(Posting(AGIO, amount - received, f"{text}: agio"))
    elif received < amount:
        postings.append(Posting(DISAGIO, amount - received, f"{text}: disagio"))
    return make_voucher(day, text, postings, document=invoice)


def refund_voucher(*, invoice: int, customer: int, amount: int, day: date) -> Voucher:
    """Paying a customer's credit balance back: debit 1500 (the open item), credit 1920 (§13)."""
    text = f"Tilbakebetaling faktura {invoice}"
    return make_voucher(
        day,
        text,
        [
            Posting(RECEIVABLES, amount, text, customer=customer, open_item=invoice),
            Posting(BANK, -amount, text),
        ],
        document=invoice,
    )


def settlement_voucher(
    *, invoice: int, customer: int, total: int, fee: int, payout: int, day: date, partner: str
) -> Voucher:
    """The sale of an invoice: 1579 the payout, 7770 the fee, 1500 −total, dated the planned
    payout (§7)."""
    text = f"Salg av faktura {invoice} til {partner}"
    return make_voucher(
        day,
        text,
        [
            Posting(FACTORING_RECEIVABLE, payout, text),
            Posting(BANK_FEES, fee, text),
            Posting(RECEIVABLES, -total, text, customer=customer, open_item=invoice),
        ],
        document=invoice,
    )


def payout_voucher(*, invoice: int, payout: int, day: date, partner: str) -> Voucher:
    """The partner's payout reaching the bank: debit 1920, credit 1579 (§7 confirm)."""
    text = f"Utbetaling fra {partner} faktura {invoice}"
    return make_voucher(
        day,
        text,
        [Posting(BANK, payout, text), Posting(FACTORING_RECEIVABLE, -payout, text)],
        document=invoice,
    )


def annulment_voucher(
    *, invoice: int, customer: int, total: int, fee: int, payout: int, day: date, partner: str
) -> Voucher:
    """A full credit before payout: the settlement reversed, 1500 +total, 1579 −payout,
    7770 −fee (§8 annulment)."""
    text = f"Annullert salg av faktura {invoice} ({partner})"
    return make_voucher(
        day,
        text,
        [
            Posting(RECEIVABLES, total, text, customer=customer, open_item=invoice),
            Posting(FACTORING_RECEIVABLE, -payout, text),
            Posting(BANK_FEES, -fee, text),
        ],
        document=invoice,
    )


def regress_voucher(
    *, invoice: int, customer: int, credited: int, regress: int, day: date, partner: str
) -> Voucher:
    """The partner's claim after a credit: 1500 +credited, 2400 −regress, the difference on
    7770 (§8 regress and partial credit)."""
    text = f"Regress faktura {invoice} ({partner})"
    return make_voucher(
        day,
        text,
        [
            Posting(RECEIVABLES, credited, text, customer=customer, open_item=invoice),
            Posting(PAYABLES, -regress, text),
            Posting(BANK_FEES, regress - credited, text),
        ],
        document=invoice,
    )


def regress_payment_voucher(*, invoice: int, amount: int, day: date) -> Voucher:
    """Paying the partner's regress invoice: debit 2400, credit 1920 (§8)."""
    text = f"Betalt regress faktura {invoice}"
    return make_voucher(
        day,
        text,
        [Posting(PAYABLES, amount, text), Posting(BANK, -amount, text)],
        document=invoice,
    )


def reminder_voucher(terms: ReminderTerms, number: int, customer_name: str) -> Voucher | None:
    """Debit 1500 (the invoice's open item), credit 3900 the fee and 8055 the interest; outside
    VAT. None when the reminder charges nothing."""
    if terms.fee + terms.interest == 0:
        return None
    text = f"Purring {number} faktura {terms.invoice}"
    return make_voucher(
        terms.date,
        f"{text} {customer_name}",
        [
            Posting(
                RECEIVABLES,
                terms.fee + terms.interest,
                text,
                customer=terms.customer,
                open_item=terms.invoice,
            ),
            Posting(REMINDER_FEES, -terms.fee, f"Purregebyr {text}"),
            Posting(LATE_PAYMENT_INTEREST, -terms.interest, f"Forsinkelsesrente {text}"),
        ],
        document=terms.invoice,
    )
