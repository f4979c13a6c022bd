"""The books as a plain-text accounting journal, for hledger or beancount.

One transaction per voucher, amounts in NOK with two decimals, debit positive. Account names
put the NS 4102 number first under the five top-level types both tools know, e.g.
hledger `Assets:1500 Kundefordringer`, beancount `Assets:1500-Kundefordringer` (beancount wants
each component to start with a capital letter or a digit, and no spaces).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from faktura_cli.domain.ledger import PostedVoucher
from faktura_cli.domain.money import to_json

FORMATS = ("hledger", "beancount")
CURRENCY = "NOK"
_FOLD = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A"})
_NOT_NAME = re.compile(r"[^A-Za-z0-9]+")


@dataclass(frozen=True)
class JournalBooks:
    """What a journal file holds, gathered by services.exports."""

    title: str
    accounts: dict[str, str]  # number -> name, the whole chart
    vouchers: tuple[PostedVoucher, ...]


def account_type(number: str) -> str:
    """NS 4102 class -> the top-level account both tools recognise."""
    if number.startswith("20"):
        return "Equity"
    return {"1": "Assets", "2": "Liabilities", "3": "Income"}.get(number[:1], "Expenses")


def hledger_account(number: str, name: str) -> str:
    return f"{account_type(number)}:{number} {_hledger_text(name.replace(':', ' '))}"


def beancount_account(number: str, name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
    ascii_name = folded.encode("ascii", "ignore").decode()
    return f"{account_type(number)}:{number}-{_NOT_NAME.sub('-', ascii_name).strip('-')}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _hledger_text(text: str) -> str:
    """A description or name hledger reads as nothing but text (SPEC §12).

    hledger has no escape: a ';' starts a comment, whose `name:value` words are tags, so a
    customer named "Acme ; invoice:999" would forge a tag; ';' becomes ','. Line breaks cannot
    reach here (text input refuses them) and are folded all the same.
    """
    return _one_line(text).replace(";", ",")


def _amount(ore: int) -> str:
    return f"{to_json(ore)} {CURRENCY}"


def _used(books: JournalBooks) -> list[str]:
    return sorted({p.account for v in books.vouchers for p in v.postings})


def render(books: JournalBooks, fmt: str) -> str:
    if fmt == "hledger":
        return hledger(books)
    if fmt == "beancount":
        return beancount(books)
    raise ValueError(f"unknown journal format {fmt!r}")


def hledger(books: JournalBooks) -> str:
    names = {n: hledger_account(n, books.accounts.get(n, n)) for n in books.accounts}
    names.update({n: hledger_account(n, n) for n in _used(books) if n not in names})
    width = max((len(names[a]) for a in _used(books)), default=0)
    out = [f"; {_hledger_text(books.title)}: the books exported by faktura, amounts in {CURRENCY}", ""]
    type_code = {"Assets": "A", "Liabilities": "L", "Equity": "E", "Income": "R", "Expenses": "X"}
    for number in sorted(names):
        out.append(f"account {names[number]}  ; type: {type_code[account_type(number)]}")
    out.append("")
    for v in books.vouchers:
        tags = f"voucher:{v.number}" + (f", invoice:{v.document}" if v.document else "")
        out.append(f"{v.date.isoformat()} ({v.number}) {_hledger_text(v.text)}  ; {tags}")
        for p in v.postings:
            line = f"    {names[p.account]:<{width}}  {_amount(p.amount):>18}"
            notes = _posting_notes(p.customer, p.open_item, p.vat_code)
            out.append(line + (f"  ; {notes}" if notes else ""))
        out.append("")
    return "\n".join(out)


def _posting_notes(customer: int | None, open_item: int | None, vat_code: str | None) -> str:
    return ", ".join(
        f"{key}:{value}"
        for key, value in (("customer", customer), ("open_item", open_item), ("vat", vat_code))
        if value is not None
    )


def _quoted(text: str) -> str:
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def beancount(books: JournalBooks) -> str:
    used = _used(books)
    names = {n: beancount_account(n, books.accounts.get(n, n)) for n in books.accounts}
    names.update({n: beancount_account(n, n) for n in used if n not in names})
    width = max((len(names[a]) for a in used), default=0)
    out = [
        f"; {_one_line(books.title)}: the books exported by faktura",
        f'option "title" {_quoted(books.title)}',
        f'option "operating_currency" "{CURRENCY}"',
        "",
    ]
    if books.vouchers:
        # Every account is opened on the first voucher's date, so each one is open before use.
        first = min(v.date for v in books.vouchers).isoformat()
        out += [f"{first} open {names[n]} {CURRENCY}" for n in sorted(names)]
        out.append("")
    for v in books.vouchers:
        out.append(f"{v.date.isoformat()} * {_quoted(v.text)}")
        out.append(f'  voucher: "{v.number}"')
        if v.document is not None:
            out.append(f'  invoice: "{v.document}"')
        for p in v.postings:
            out.append(f"  {names[p.account]:<{width}}  {_amount(p.amount):>18}")
        out.append("")
    return "\n".join(out)
