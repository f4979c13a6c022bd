"""Invoice arithmetic and the sale posting: pure functions of frozen records.

Line net = quantity × unit price − discount, rounded to the øre. VAT is computed per VAT
treatment on the sum of that treatment's line nets, rounded once (EN 16931 BR-CO-17);
the per-line VAT shown is that sum allocated over the lines so it adds up exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from faktura_cli.domain.listing import LIST_STATUSES as LIST_STATUSES
from faktura_cli.domain.listing import ListStatus
from faktura_cli.domain.money import (
    MAX_AMOUNT,
    MAX_LINES,
    allocate,
    round_fraction,
    round_ore,
    to_json,
)
from faktura_cli.domain.records import Company, Customer, Product
from faktura_cli.domain.vat import (
    NOT_REGISTERED,
    TREATMENTS,
    VatTreatment,
    export_treatment,
    vat_on,
)
from faktura_cli.errors import InvalidInput, RuleViolation

if TYPE_CHECKING:  # a line spec is only read here (`invoice list`/`show` need no parser)
    from faktura_cli.domain.linespec import LineSpec

VAT_ORDER = ("25", "15", "12", "0", "export", "exempt", "none")

# In a class with a field named `date`, later fields must name the type otherwise.
Day = date


# A line as priced, before VAT: LineInput's fields in its order (a plain tuple, so pricing an
# occurrence makes one record per line, its Line, and not three).
LineFields = tuple[
    str, Decimal, int, VatTreatment, Decimal, str | None, str | None, date | None, date | None
]


@dataclass(frozen=True)
class LineInput:
    text: str
    qty: Decimal
    unit_price: int  # øre, excluding VAT
    vat: VatTreatment
    discount: Decimal = Decimal(0)  # percent
    product: str | None = None
    unit: str | None = None
    period_from: date | None = None
    period_to: date | None = None
    # A fixed net instead of qty × price − discount: a credit note that takes the last units of
    # a line takes exactly what is left of its net (domain/crediting.py).
    net: int | None = None

    def fields(self) -> LineFields:
        return (
            self.text,
            self.qty,
            self.unit_price,
            self.vat,
            self.discount,
            self.product,
            self.unit,
            self.period_from,
            self.period_to,
        )


@dataclass(frozen=True)
class Line:
    text: str
    qty: Decimal
    unit_price: int
    vat: VatTreatment
    discount: Decimal
    net: int
    vat_amount: int
    product: str | None = None
    unit: str | None = None
    period_from: date | None = None
    period_to: date | None = None

    def as_input(self) -> LineInput:
        return LineInput(
            self.text,
            self.qty,
            self.unit_price,
            self.vat,
            self.discount,
            self.product,
            self.unit,
            self.period_from,
            self.period_to,
        )


@dataclass(frozen=True)
class VatLine:
    """One VAT treatment's base and VAT (the invoice shows one per rate)."""

    vat: VatTreatment
    base: int
    amount: int


@dataclass(frozen=True)
class Totals:
    lines: tuple[Line, ...]
    vat_lines: tuple[VatLine, ...]
    net_total: int
    vat_total: int
    total: int


def line_net(qty: Decimal, unit_price: int, discount: Decimal = Decimal(0)) -> int:
    """quantity × unit price × (100 − discount) / 100, rounded half up once, in exact integers."""
    q, q_per = qty.as_integer_ratio()
    d, d_per = discount.as_integer_ratio()
    return round_fraction(q * unit_price * (100 * d_per - d), q_per * 100 * d_per)


def compute_totals(
    inputs: Sequence[LineInput], *, vat_amounts: Mapping[str, int] | None = None
) -> Totals:
    """Line nets, VAT per treatment (rounded once on the sum of its nets) and the totals.

    `vat_amounts` fixes a treatment's VAT instead (by code): a credit note by amount incl. VAT
    takes part − net as its VAT, which can be 1 øre from the base × rate (domain/crediting.py).
    """
    if len(inputs) > MAX_LINES:
        raise InvalidInput(
            f"a document has at most {MAX_LINES} lines, not {len(inputs)}",
            hint="split it into several invoices",
        )
    return price_lines(
        [i.fields() for i in inputs],
        [i.net if i.net is not None else line_net(i.qty, i.unit_price, i.discount) for i in inputs],
        vat_amounts=vat_amounts,
    )


def price_lines(
    lines: Sequence[LineFields],
    nets: Sequence[int],
    *,
    vat_amounts: Mapping[str, int] | None = None,
) -> Totals:
    """The invoice's Lines and totals from each line's fields and net: the VAT rule.

    VAT per treatment is rounded once on the sum of its nets (BR-CO-17) and allocated over
    that treatment's lines by their nets (largest remainder), so the lines add up exactly.
    """
    count = len(lines)
    codes = [fields[3].code for fields in lines]
    groups: tuple[tuple[str, Sequence[int]], ...]
    if count and codes.count(codes[0]) == count:  # one treatment, as most invoices
        groups = ((codes[0], range(count)),)
    else:
        by_code: dict[str, list[int]] = {}
        for k, code in enumerate(codes):
            by_code.setdefault(code, []).append(k)
        groups = tuple((code, by_code[code]) for code in VAT_ORDER if code in by_code)
    vat_lines: list[VatLine] = []
    line_vat = [0] * count
    for code, members in groups:
        treatment = TREATMENTS[code]
        base = sum([nets[k] for k in members])
        if vat_amounts is not None and code in vat_amounts:
            amount = vat_amounts[code]
        else:
            amount = vat_on(base, treatment)
        vat_lines.append(VatLine(treatment, base, amount))
        if not amount:
            continue
        if len(members) == 1:
            line_vat[members[0]] = amount
            continue
        weights = [abs(nets[k]) for k in members]
        # A fixed VAT can sit on lines whose nets are all 0; it must still land on a line.
        shares = allocate(amount, weights if any(weights) else [1] * len(members))
        for k, part in zip(members, shares, strict=True):
            line_vat[k] = part
    made = tuple(
        [
            Line(f[0], f[1], f[2], f[3], f[4], net, vat, f[5], f[6], f[7], f[8])
            for f, net, vat in zip(lines, nets, line_vat, strict=True)
        ]
    )
    net_total = sum(nets)
    vat_total = sum([v.amount for v in vat_lines])
    if max(abs(net_total + vat_total), *(abs(n) for n in nets), 0) > MAX_AMOUNT:
        raise InvalidInput(
            f"a document's total can be at most {to_json(MAX_AMOUNT)}",
            hint="split it into several invoices",
        )
    return Totals(made, tuple(vat_lines), net_total, vat_total, net_total + vat_total)


def line_vat(
    code: str | None, product: Product | None, *, vat_registered: bool, text: str
) -> VatTreatment:
    """The line's VAT treatment: as given, else the product's, else 25 %.

    A company outside the VAT register charges no VAT (SPEC §4): its lines are "none", and a
    line that asks for a rate above 0 is refused rather than quietly sold without it.
    """
    if not vat_registered:
        if code is not None and TREATMENTS[code].rate != 0:
            raise RuleViolation(
                f"line {text!r} has {code} % VAT, but the company is not registered for VAT"
            )
        return NOT_REGISTERED
    if code is not None:
        return TREATMENTS[code]
    return TREATMENTS[product.vat] if product else TREATMENTS["25"]


def price_line(
    spec: LineSpec,
    product: Product | None,
    *,
    vat_registered: bool,
    buyer_abroad: bool = False,
) -> LineInput:
    """An invoice line from its spec and (if it names one) the product, with the spec's defaults.

    A zero-rated line to a buyer outside Norway is an export (SPEC 13) unless `export=no`;
    `export=yes` makes a zero-rated line to a Norwegian buyer one (goods leaving the country).
    """
    if product is None and spec.text is None:
        raise InvalidInput("a line needs product=N or text=...")
    if product is None and spec.price is None:
        raise InvalidInput(f"line {spec.text!r} needs price=... (or product=N)")
    text = spec.text or (product.name if product else "")
    if spec.price is not None:
        unit_price = spec.price
    else:
        assert product is not None
        unit_price = product.price
    return LineInput(
        text=text,
        qty=spec.qty,
        unit_price=unit_price,
        vat=exported(
            line_vat(spec.vat, product, vat_registered=vat_registered, text=text),
            spec.export,
            buyer_abroad=buyer_abroad,
            text=text,
        ),
        discount=spec.discount,
        product=product.number if product else None,
        unit=product.unit if product else None,
    )


def exported(
    treatment: VatTreatment, export: bool | None, *, buyer_abroad: bool, text: str
) -> VatTreatment:
    """The line's treatment with `export=yes|no` (None: zero-rated to a buyer abroad exports)."""
    if export is None:
        return export_treatment(treatment, buyer_abroad and treatment.code == "0", text=text)
    if treatment.code == "none":  # outside the VAT register nothing is zero-rated
        return treatment
    return export_treatment(treatment, export, text=text)


def payment_terms(company: Company, customer: Customer, override: int | None = None) -> int:
    """The schedule's or invoice's own terms, else the customer's, else the company's (SPEC §4)."""
    if override is not None:
        return override
    return customer.payment_terms if customer.payment_terms is not None else company.payment_terms


def due_date(
    invoice_date: date,
    company: Company,
    customer: Customer,
    *,
    terms: int | None = None,
    no_credit_days: bool = False,
) -> date:
    """Invoice date + payment terms; a schedule with no-credit-days is due on the invoice date
    (SPEC §5)."""
    if no_credit_days:
        return invoice_date
    return invoice_date + timedelta(days=payment_terms(company, customer, terms))


def to_nok(amount: int, rate: Decimal) -> int:
    return amount if rate == 1 else round_ore(Decimal(amount) * rate)


def invoice_status(
    *, kind: str, total: int, open_amount: int, credited: int, due: date, today: date
) -> str:
    """open / overdue / partly_paid / paid / credited for invoices; credit notes are 'credit_note'.

    (A sold invoice that would be 'paid' is shown as 'sold' by the service, which knows.)
    """
    if kind == "credit_note":
        return "credit_note"
    if credited and credited >= total:
        return "credited"
    if open_amount <= 0:
        return "paid"
    if due < today:
        return "overdue"
    if open_amount < total - credited:
        return "partly_paid"
    return "open"


# `invoice list --status` (SPEC 16).
def listed_under(wanted: ListStatus, *, kind: str, status: str, sold: bool) -> bool:
    """Whether a document belongs under `invoice list --status wanted`.

    open: still owed by the customer, overdue and partly paid included; overdue: past due and
    still owed; paid; credited: credited in full; sold: sold to the factoring partner, and then
    in no other (the customer owes the partner, not us). Credit notes are under none.
    """
    if wanted == "sold":
        return sold
    if sold or kind != "invoice":
        return False
    if wanted == "open":
        return status in ("open", "overdue", "partly_paid")
    return status == wanted


@dataclass(frozen=True)
class Document:
    """An issued invoice or credit note, as stored: final once written."""

    number: int
    kind: str  # invoice | credit_note
    customer: int
    date: date
    due_date: Day
    delivery_date: Day
    currency: str
    exchange_rate: Decimal
    kid: str
    bank_account: str
    net_total: int
    vat_total: int
    total: int
    vat_total_nok: int
    total_nok: int
    credits: int | None
    reason: str | None
    seller: dict[str, object]
    buyer: dict[str, object]
    lines: tuple[Line, ...]
    credits_date: Day | None = None  # a credit note: the date of the invoice it credits

    @property
    def vat_lines(self) -> tuple[VatLine, ...]:
        out = []
        for code in VAT_ORDER:
            members = [line for line in self.lines if line.vat.code == code]
            if members:
                out.append(
                    VatLine(
                        TREATMENTS[code],
                        sum(m.net for m in members),
                        sum(m.vat_amount for m in members),
                    )
                )
        return tuple(out)
