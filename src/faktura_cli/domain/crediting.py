"""Credit notes (kreditnota): what is left to credit of an invoice, and the lines that credit it.

A credit note is stored with negative quantities and amounts, so the books and the invoice's
open item need nothing special. It credits in one of three ways (SPEC.md §8, seed 002):

- in full: every line of the invoice negated, while nothing of it has been credited yet;
- by an amount incl. VAT: split over the VAT treatments in proportion to what is left of each
  (largest remainder, so the parts add up to the øre), each part into
  net = part × 100 / (100 + rate), rounded half up, and VAT = part − net;
- by line: Q units of invoice line K (counted from 1, as printed).

Which invoice line a credit line credits is read from the line itself: a credit line that copies
an invoice line (text, product, unit, unit price, discount, VAT and period) with a negative
quantity credits that line. Identical invoice lines are the same goods at the same price, so they
share one pool of quantity. Lines of a credit by amount ("Delkreditering av faktura 7 (25 %)")
copy no invoice line: once an invoice is credited by amount nobody can say which units are left,
so it is credited by amount from then on.

Whatever a credit note empties, it empties exactly: the last units of a line take what is left of
the line's net, and the credit that empties a VAT treatment takes what is left of its net and VAT
(and, in a foreign currency, the NOK left on its accounts), so rounding never leaves an øre behind
on an invoice credited in parts, nor credits one too many.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from faktura_cli.domain.invoice import (
    VAT_ORDER,
    Document,
    Line,
    LineInput,
    Totals,
    VatLine,
    compute_totals,
    line_net,
)
from faktura_cli.domain.ledger import RECEIVABLES, Posting
from faktura_cli.domain.linespec import LineCredit
from faktura_cli.domain.money import allocate, round_ore, to_display
from faktura_cli.domain.sale_posting import sale_postings
from faktura_cli.domain.vat import TREATMENTS, VatTreatment, vat_on
from faktura_cli.errors import InvalidInput, RuleViolation

_Signature = tuple[object, ...]


def _money(ore: int) -> str:
    return to_display(ore, thousands=" ")


def _typed(ore: int) -> str:
    """An amount as the user would type it back into --amount."""
    return to_display(ore, thousands="")


def _qty(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text.replace(".", ",")


def _signature(line: Line) -> _Signature:
    return (
        line.text,
        line.product,
        line.unit,
        line.unit_price,
        line.discount,
        line.vat.code,
        line.period_from,
        line.period_to,
    )


@dataclass(frozen=True)
class LinePool:
    """Invoice lines that are the same goods at the same price, and what credit notes took of them."""

    lines: tuple[int, ...]  # invoice line numbers, counted from 1
    qty: Decimal
    net: int
    credited_qty: Decimal
    credited_net: int

    @property
    def qty_left(self) -> Decimal:
        return self.qty - self.credited_qty

    @property
    def net_left(self) -> int:
        return self.net - self.credited_net


@dataclass(frozen=True)
class Creditable:
    """One invoice and what is left to credit of it after its earlier credit notes."""

    invoice: Document
    left: tuple[VatLine, ...]  # per VAT treatment: net and VAT not yet credited (invoice currency)
    pools: tuple[LinePool, ...]
    credit_notes: int  # how many credit notes the invoice already has
    credited_by_amount: bool  # one of them credited an amount rather than lines

    @property
    def total_left(self) -> int:
        return sum(vl.base + vl.amount for vl in self.left)

    def pool_of(self, line_no: int) -> LinePool:
        return next(p for p in self.pools if line_no in p.lines)

    def left_of(self, vat: VatTreatment) -> VatLine:
        return next((vl for vl in self.left if vl.vat == vat), VatLine(vat, 0, 0))


def creditable(invoice: Document, credit_notes: Sequence[Document]) -> Creditable:
    """What is left of `invoice` after `credit_notes` (all of them, in any order)."""
    if invoice.kind != "invoice":
        raise RuleViolation(
            f"{invoice.number} is a credit note; only invoices can be credited",
            hint=f"it credits invoice {invoice.credits}",
        )
    left = {vl.vat.code: [vl.base, vl.amount] for vl in invoice.vat_lines}
    grouped: dict[_Signature, list[int]] = {}
    for k, line in enumerate(invoice.lines, start=1):
        grouped.setdefault(_signature(line), []).append(k)
    credited: dict[_Signature, tuple[Decimal, int]] = {sig: (Decimal(0), 0) for sig in grouped}
    by_amount = False
    for note in credit_notes:
        assert note.credits == invoice.number, "a credit note of another invoice"
        for vl in note.vat_lines:
            left.setdefault(vl.vat.code, [0, 0])
            left[vl.vat.code][0] += vl.base
            left[vl.vat.code][1] += vl.amount
        for line in note.lines:
            sig = _signature(line)
            if sig in credited and line.qty < 0:
                qty, net = credited[sig]
                credited[sig] = (qty - line.qty, net - line.net)
            else:
                by_amount = True
    pools = tuple(
        LinePool(
            lines=tuple(numbers),
            qty=sum((invoice.lines[k - 1].qty for k in numbers), Decimal(0)),
            net=sum(invoice.lines[k - 1].net for k in numbers),
            credited_qty=credited[sig][0],
            credited_net=credited[sig][1],
        )
        for sig, numbers in grouped.items()
    )
    return Creditable(
        invoice=invoice,
        left=tuple(
            VatLine(TREATMENTS[code], *left[code])
            for code in VAT_ORDER
            if code in left and left[code] != [0, 0]
        ),
        pools=pools,
        credit_notes=len(credit_notes),
        credited_by_amount=by_amount,
    )


def _refuse_more_than_left(c: Creditable, asked: int) -> None:
    n = c.invoice.number
    if c.total_left <= 0:
        raise RuleViolation(f"invoice {n} has 0,00 left to credit", hint="it is credited in full")
    if asked > c.total_left:
        raise RuleViolation(
            f"invoice {n} has {_money(c.total_left)} left to credit",
            hint=f"{_money(asked)} is more than that",
        )


# ---------------------------------------------------------------- in full


def full_credit(c: Creditable) -> Totals:
    """Every line negated: the same text, unit price, VAT, discount and period, negative qty.

    Only while nothing is credited. After a partial credit, "in full" is ambiguous (the whole
    invoice, or what is left?), and invoice sale treats a full credit (annulment, or regress of
    the whole claim) differently from a partial one, so it is refused with the amount left, which
    `--amount` credits (the part that empties a VAT treatment takes exactly what is left of it).
    """
    _refuse_more_than_left(c, 0)
    if c.credit_notes:
        raise RuleViolation(
            f"invoice {c.invoice.number} is partly credited already and has "
            f"{_money(c.total_left)} left to credit",
            hint=f"credit the rest with --amount {_typed(c.total_left)}",
        )
    return compute_totals([_negated(line, line.qty) for line in c.invoice.lines])


def _negated(line: Line, qty: Decimal, net: int | None = None) -> LineInput:
    return replace(line.as_input(), qty=-qty, net=net)


# ---------------------------------------------------------------- by amount


def split_credit_amount(amount: int, left: Sequence[VatLine]) -> tuple[VatLine, ...]:
    """Split an amount incl. VAT over the VAT treatments: VatLine(vat, base=net, amount=VAT) each.

    The weights are what is left of each treatment incl. VAT (before any credit: the invoice's
    own totals per treatment), so the parts add up to `amount` exactly and no treatment is ever
    credited more than it has. Each part is net = part × 100 / (100 + rate) rounded half up and
    VAT = part − net; the part that empties a treatment takes exactly its net and VAT left.
    `amount` must not be more than the sum left.
    """
    weights = [max(vl.base + vl.amount, 0) for vl in left]
    if amount <= 0 or amount > sum(weights):
        raise ValueError(f"cannot split {amount} over {sum(weights)} left")
    parts = []
    for vl, gross in zip(left, allocate(amount, weights), strict=True):
        if gross == 0:
            continue
        if gross == vl.base + vl.amount:
            net = vl.base
        else:
            net = round_ore(Decimal(gross) * 100 / (100 + vl.vat.rate))
            # Never more net or VAT than the treatment has left (only rounding could try).
            net = max(min(net, vl.base, gross), gross - vl.amount, 0)
        parts.append(VatLine(vl.vat, net, gross - net))
    return tuple(parts)


def amount_line_text(invoice: int, vat: VatTreatment) -> str:
    label = {"0": "0 %", "exempt": "unntatt mva", "none": ""}.get(vat.code, f"{vat.percent_text} %")
    return f"Delkreditering av faktura {invoice}" + (f" ({label})" if label else "")


def credit_by_amount(c: Creditable, amount: int) -> Totals:
    """One line per VAT treatment, qty −1 at the part's net; its VAT is part − net, exactly.

    compute_totals would put round(net × rate) there, which for one part in five at 25 %
    (e.g. 100,02 → net 80,02) is 1 øre more than part − net, and no net at all gives
    net + round(net × rate) = 100,02. The amount typed is what the customer is credited, so
    part − net is fixed as the VAT, and the document and its posting both carry it.
    """
    _refuse_more_than_left(c, amount)
    parts = split_credit_amount(amount, c.left)
    return compute_totals(
        [
            LineInput(
                text=amount_line_text(c.invoice.number, p.vat),
                qty=Decimal(-1),
                unit_price=p.base,
                vat=p.vat,
            )
            for p in parts
        ],
        vat_amounts={p.vat.code: -p.amount for p in parts},
    )


# ---------------------------------------------------------------- by line


def credit_by_lines(c: Creditable, requests: Sequence[LineCredit]) -> Totals:
    """Q units of line K each, at the invoice line's price, discount and VAT.

    A line can be credited until its quantity is used up, counting every earlier credit note.
    VAT per treatment is computed on the credit note's nets as on an invoice; the credit note
    that empties a treatment takes the VAT left instead, so the invoice's VAT is reversed exactly.
    """
    n = c.invoice.number
    if not requests:
        raise InvalidInput("give at least one --line to credit")
    _refuse_more_than_left(c, 0)
    if c.credited_by_amount:
        raise RuleViolation(
            f"invoice {n} has {_money(c.total_left)} left to credit, but not by line: an earlier "
            "credit note took an amount, so which units are left is not known",
            hint=f"credit by --amount (at most {_typed(c.total_left)})",
        )
    count = len(c.invoice.lines)
    asked_qty: dict[int, Decimal] = {}  # per pool (its first line), within this credit note
    asked_net: dict[int, int] = {}
    seen: set[int] = set()
    inputs: list[LineInput] = []
    for request in requests:
        k = request.line
        if not 1 <= k <= count:
            raise InvalidInput(
                f"invoice {n} has no line {k}",
                hint=f"its lines are 1 to {count}" if count > 1 else "it has line 1 only",
            )
        if k in seen:
            raise InvalidInput(f"line {k} is given twice", hint="give each line once, with its qty")
        seen.add(k)
        line, pool = c.invoice.lines[k - 1], c.pool_of(k)
        key = pool.lines[0]
        qty_left = pool.qty_left - asked_qty.get(key, Decimal(0))
        can = min(line.qty, qty_left)
        if can <= 0:
            raise RuleViolation(f"line {k} of invoice {n} is credited in full already")
        qty = can if request.qty is None else request.qty
        if qty <= 0:
            raise InvalidInput(f"the qty to credit of line {k} must be more than 0")
        if qty > can:
            raise RuleViolation(
                f"line {k} of invoice {n} has {_qty(can)} left to credit",
                hint=f"{_qty(qty)} is more than that",
            )
        net_left = pool.net_left - asked_net.get(key, 0)
        if qty == qty_left:
            net = net_left  # the last units take exactly what is left of the line
        else:
            net = min(line_net(qty, line.unit_price, line.discount), net_left)
        asked_qty[key] = asked_qty.get(key, Decimal(0)) + qty
        asked_net[key] = asked_net.get(key, 0) + net
        inputs.append(_negated(line, qty, -net))
    vat_amounts = {}
    for code in {i.vat.code for i in inputs}:
        left = c.left_of(TREATMENTS[code])
        base = sum(-(i.net or 0) for i in inputs if i.vat.code == code)  # > 0: what is credited
        if base == left.base:
            vat_amounts[code] = -left.amount
        else:
            # Rounded on this credit note's nets, never more than the VAT left (only rounding could try).
            vat_amounts[code] = -max(min(vat_on(base, TREATMENTS[code]), left.amount), 0)
    totals = compute_totals(inputs, vat_amounts=vat_amounts)
    _refuse_more_than_left(c, -totals.total)
    return totals


# ---------------------------------------------------------------- posting


def credit_postings(
    c: Creditable,
    totals: Totals,
    *,
    nok_left: Mapping[tuple[str, str], int],
    text: str,
) -> list[Posting]:
    """The invoice's posting with opposite signs, against the invoice's open item.

    That is sale_postings of the credit note's (negative) totals at the invoice's rate. In a
    foreign currency each converted amount is rounded on its own, so the credit that empties a
    VAT treatment takes the NOK left on its revenue and VAT accounts instead (`nok_left`, by
    account and VAT code, summed over the invoice's and its credit notes' vouchers).
    """
    postings = sale_postings(
        totals,
        customer=c.invoice.customer,
        open_item=c.invoice.number,
        rate=c.invoice.exchange_rate,
        text=text,
    )
    emptied = {
        vl.vat.code
        for vl in totals.vat_lines
        if c.left_of(vl.vat) == VatLine(vl.vat, -vl.base, -vl.amount)
    }
    others = [
        replace(p, amount=-nok_left.get((p.account, p.vat_code), 0)) if p.vat_code in emptied else p
        for p in postings
        if p.account != RECEIVABLES
    ]
    receivable = next(p for p in postings if p.account == RECEIVABLES)
    return [replace(receivable, amount=-sum(p.amount for p in others)), *others]
