"""Entries a person types: manual vouchers, supplier invoices and opening balances (SPEC 15).

A line names an account and an amount (debit positive, credit negative) and may carry an input
VAT code. With a code the amount is the gross (what was paid, VAT included) unless `net=` is
given; the VAT goes to the code's account (2710/2711/2713/2714). Reverse charge (86/88) posts the
base on the line's account and the VAT twice, deductible and payable, so it nets to 0 øre: the
amount is what the foreign supplier charged, there is no Norwegian VAT in it to split off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from faktura_cli.domain.chart import Account
from faktura_cli.domain.ledger import PAYABLES, Posting, Voucher, make_voucher
from faktura_cli.domain.linespec import parse_line_spec
from faktura_cli.domain.listing import BILL_LIST_STATUSES as BILL_LIST_STATUSES
from faktura_cli.domain.money import in_words, parse_amount, round_ore
from faktura_cli.domain.vat import (
    OUTPUT_VAT_ACCOUNTS,
    TREATMENTS,
    VAT_ACCOUNTS,
    PurchaseVat,
    parse_purchase_vat,
)
from faktura_cli.errors import InvalidInput, RuleViolation

# In a class with a field named `date`, later fields must name the type otherwise.
Day = date

ENTRY_KEYS = ("account", "amount", "net", "vat", "text")
OPENING_KEYS = ("account", "amount", "text")
EQUITY = "2050"  # Annen egenkapital: where an opening balance's difference goes
SETTLEMENT_ACCOUNT = "2740"
# Revenue and output VAT accounts: every posting on them carries its sales VAT treatment.
SALES_ACCOUNTS = frozenset({t.revenue_account for t in TREATMENTS.values()} | OUTPUT_VAT_ACCOUNTS)


@dataclass(frozen=True)
class EntryLine:
    """One `--line` of a voucher or bill, parsed: the amount is gross unless `is_net`."""

    account: str
    amount: int  # øre, debit positive
    vat: str | None = None  # a PURCHASE_VAT code, "0" for none, None: the account's default
    is_net: bool = False
    text: str | None = None


def parse_entry_line(spec: str, *, keys: tuple[str, ...] = ENTRY_KEYS) -> EntryLine:
    """'account=6300;amount=10000;vat=1' (or net=8000 instead of amount) -> an EntryLine."""
    fields = parse_line_spec(spec, keys)
    if "account" not in fields:
        raise InvalidInput(f"line {spec!r} names no account", hint="add account=NNNN")
    if ("amount" in fields) == ("net" in fields):
        raise InvalidInput(
            f"line {spec!r} needs amount= (gross) or net=, one of them",
            hint="debit positive, credit negative, e.g. amount=-12500",
        )
    is_net = "net" in fields
    amount = parse_amount(
        fields["net" if is_net else "amount"], what="amount", allow_negative=True, allow_zero=False
    )
    vat = fields.get("vat")
    if vat is not None:
        parse_purchase_vat(vat)
    if is_net and vat in (None, "0"):
        vat_hint = "" if vat is None else " (vat=0)"
        if vat is not None:
            raise InvalidInput(f"line {spec!r}: net= needs a VAT code{vat_hint}")
    text = fields.get("text")
    return EntryLine(
        fields["account"], amount, vat, is_net, " ".join(text.split()) if text else None
    )


def split_vat(amount: int, vat: PurchaseVat, *, is_net: bool) -> tuple[int, int]:
    """(base, VAT) of a line: VAT out of a gross amount, on top of a net one, rounded half up.

    Reverse charge: the amount is the base whichever way it is given.
    """
    if is_net or vat.reverse_charge:
        return amount, round_ore(Decimal(amount) * vat.rate / 100)
    base = round_ore(Decimal(amount) * 100 / (100 + vat.rate))
    return base, amount - base


def entry_postings(
    lines: list[EntryLine],
    accounts: dict[str, Account],
    *,
    text: str,
    vat_registered: bool,
) -> list[Posting]:
    """The postings of typed lines: each line's base, then its VAT (both sides for 86/88)."""
    postings: list[Posting] = []
    for line in lines:
        account = accounts.get(line.account)
        if account is None:
            raise InvalidInput(
                f"account {line.account} is not in the chart of accounts",
                hint="`faktura account list` shows them; `faktura account add` adds your own",
            )
        if line.account in SALES_ACCOUNTS:
            raise InvalidInput(
                f"account {line.account} ({account.name}) carries sales with their VAT treatment:"
                " it is posted by invoices and credit notes",
                hint="`faktura invoice create`; for other income use e.g. 3900",
            )
        code = line.vat if line.vat is not None else account.vat_code
        vat = parse_purchase_vat(code) if code is not None else None
        line_text = line.text or text
        if vat is None:
            if line.is_net:
                raise InvalidInput(f"account {line.account}: net= needs a VAT code (vat=1, ...)")
            postings.append(Posting(line.account, line.amount, line_text))
            continue
        if line.account in VAT_ACCOUNTS or line.account == SETTLEMENT_ACCOUNT:
            raise InvalidInput(
                f"account {line.account} is a VAT account: a VAT code belongs on the expense",
                hint="post the expense with vat=...; the VAT is posted for you",
            )
        if not vat_registered:
            raise RuleViolation(
                f"input VAT (code {vat.code}) needs a VAT-registered company",
                hint="post the gross amount without vat=, or `faktura company set --vat`",
            )
        base, tax = split_vat(line.amount, vat, is_net=line.is_net)
        postings.append(Posting(line.account, base, line_text, vat_code=vat.code))
        postings.append(Posting(vat.deductible_account, tax, line_text, vat_code=vat.code))
        if vat.payable_account is not None:
            postings.append(Posting(vat.payable_account, -tax, line_text, vat_code=vat.code))
    return postings


def manual_voucher(
    day: date,
    text: str,
    lines: list[EntryLine],
    accounts: dict[str, Account],
    *,
    vat_registered: bool,
) -> Voucher:
    """A manual voucher (bilag) from typed lines: it must balance after VAT."""
    text = _text(text)
    if not lines:
        raise InvalidInput("a voucher needs lines", hint='--line "account=6300;amount=10000;vat=1"')
    postings = entry_postings(lines, accounts, text=text, vat_registered=vat_registered)
    off = sum(p.amount for p in postings)
    if off:
        raise RuleViolation(
            f"the voucher does not balance after VAT: debit exceeds credit by {_kr(off)}",
            hint="debit positive, credit negative; amounts with a VAT code are gross",
        )
    return make_voucher(day, text, postings, accounts=accounts.keys())


def reversal(original: Voucher, day: date, number: int) -> Voucher:
    """A correction: the same postings with opposite signs, never an edit (bokføringsloven § 10)."""
    return make_voucher(
        day,
        f"Reversering av bilag {number}: {original.text}"[:200],
        [
            Posting(p.account, -p.amount, p.text, p.customer, p.open_item, p.vat_code)
            for p in original.postings
        ],
        document=original.document,
        accounts=[p.account for p in original.postings],
    )


def opening_voucher(day: date, lines: list[EntryLine], accounts: dict[str, Account]) -> Voucher:
    """Opening balances (inngående balanse): the lines as given, the difference to 2050."""
    text = "Inngående balanse"
    if not lines:
        raise InvalidInput("opening balances need lines", hint='--line "account=1920;amount=..."')
    postings = entry_postings(lines, accounts, text=text, vat_registered=True)
    if any(p.vat_code for p in postings):  # pragma: no cover - OPENING_KEYS has no vat
        raise InvalidInput("opening balances carry no VAT codes")
    for p in postings:
        if not "1000" <= p.account <= "2999":
            raise InvalidInput(
                f"account {p.account} is a result account: an opening balance is a balance-sheet"
                " account (1000–2999)",
                hint="result accounts start every year at 0",
            )
        if p.account == PAYABLES or p.account == "1500":
            raise InvalidInput(
                f"account {p.account} holds open items: enter what is owed as invoices or bills",
                hint="opening customer and supplier balances as open items are not supported",
            )
    difference = -sum(p.amount for p in postings)
    if difference:
        postings.append(Posting(EQUITY, difference, "Inngående balanse, differanse"))
    return make_voucher(day, text, postings, accounts=accounts.keys())


def _text(text: str) -> str:
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise InvalidInput("the voucher needs a text (what it documents)")
    if len(cleaned) > 200:
        raise InvalidInput("the voucher's text is longer than 200 characters")
    return cleaned


def _kr(ore: int) -> str:
    return in_words(ore)


# ---------------------------------------------------------------- supplier invoices (bills)


@dataclass(frozen=True)
class Supplier:
    """A supplier: SAF-T MasterFiles/Suppliers/Supplier, balance account 2400."""

    number: int
    name: str
    orgnr: str | None = None


@dataclass(frozen=True)
class Bill:
    """A supplier invoice (inngående faktura) as posted: its total is the open item on 2400."""

    number: int
    supplier: Supplier
    date: date
    due_date: Day
    kid: str | None
    total: int  # øre owed, positive for an invoice, negative for a supplier's credit note
    voucher: int
    paid: int  # øre paid so far

    @property
    def open(self) -> int:
        return self.total - self.paid

    def status(self) -> str:
        if self.open == 0:
            return "paid"
        return "partly_paid" if self.paid else "unpaid"

    def state(self, today: Day) -> str:
        """For people: like `status`, but `overdue` once past the due date and still owed."""
        if self.open != 0 and self.due_date < today:
            return "overdue"
        return self.status()


def bill_voucher(
    supplier: Supplier,
    day: date,
    due: date,
    lines: list[EntryLine],
    accounts: dict[str, Account],
    *,
    text: str | None,
    vat_registered: bool,
) -> tuple[Voucher, int]:
    """The bill's voucher (expenses and input VAT against 2400) and what is owed."""
    if due < day:
        raise InvalidInput(f"the due date {due} is before the invoice date {day}")
    if not lines:
        raise InvalidInput("a bill needs lines", hint='--line "account=6300;amount=10000;vat=1"')
    heading = _text(text or f"Leverandørfaktura {supplier.name}")
    postings = entry_postings(lines, accounts, text=heading, vat_registered=vat_registered)
    if any(p.account == PAYABLES for p in postings):
        raise InvalidInput("a bill's lines are what was bought: 2400 is posted for you")
    total = sum(p.amount for p in postings)
    if total == 0:
        raise InvalidInput("the bill's lines add up to 0")
    postings.append(Posting(PAYABLES, -total, heading))
    return make_voucher(day, heading, postings, accounts=accounts.keys()), total


def bill_payment_voucher(bill: Bill, day: date, amount: int, *, bank: str) -> Voucher:
    """Paying (part of) a bill: debit 2400, credit the bank. Never more than is open."""
    if day < bill.date:
        raise InvalidInput(f"the payment date {day} is before the bill's date {bill.date}")
    if bill.open == 0:
        raise RuleViolation(f"bill {bill.number} is paid")
    if (bill.open > 0 and not 0 < amount <= bill.open) or (
        bill.open < 0 and not bill.open <= amount < 0
    ):
        raise RuleViolation(
            f"bill {bill.number} has {_kr(bill.open)} open: {_kr(amount)} cannot be paid on it"
        )
    text = f"Betaling leverandørfaktura {bill.number} {bill.supplier.name}"
    return make_voucher(
        day, _text(text), [Posting(PAYABLES, amount, text), Posting(bank, -amount, text)]
    )
