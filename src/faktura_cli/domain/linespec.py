"""`--line "product=4;qty=2"`: the key=value mini-language for invoice, schedule and credit lines.

Parsed once, at the edge, into a `LineSpec`; the rules that need the company or the product
(`domain.invoice.price_line`, `line_vat`) take it from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from faktura_cli.domain.money import parse_decimal, parse_price
from faktura_cli.domain.vat import parse_vat
from faktura_cli.errors import InvalidInput

INVOICE_KEYS = ("product", "text", "qty", "price", "vat", "discount", "export")
SCHEDULE_KEYS = (*INVOICE_KEYS, "source", "factor")
CREDIT_KEYS = ("line", "qty")
# A schedule line's price: as given now, or the product's at each invoice; and how it scales
# with the billed period.
SOURCES = ("fixed", "product")
FACTORS = ("fixed", "weekly", "monthly", "quarterly", "yearly")
MAX_QTY = Decimal(1_000_000)


def parse_qty(text: str) -> Decimal:
    """A line's quantity: more than 0, at most MAX_QTY, four decimals (invoice, schedule, credit)."""
    return parse_decimal(
        text,
        what="qty",
        max_decimals=4,
        minimum=Decimal(0),
        exclusive_minimum=True,
        maximum=MAX_QTY,
    )


def parse_discount(text: str) -> Decimal:
    """A line's discount in percent, 0 to 100 with two decimals."""
    return parse_decimal(
        text, what="discount", max_decimals=2, minimum=Decimal(0), maximum=Decimal(100)
    )


def parse_line_spec(spec: str, allowed: tuple[str, ...] = INVOICE_KEYS) -> dict[str, str]:
    """'product=4;qty=2' -> {'product': '4', 'qty': '2'}, refusing unknown or repeated keys."""
    fields: dict[str, str] = {}
    for part in spec.split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or not key:
            raise InvalidInput(f"line {spec!r}: {part.strip()!r} is not key=value")
        if key not in allowed:
            raise InvalidInput(
                f"line {spec!r}: unknown key {key!r}", hint=f"keys are {', '.join(allowed)}"
            )
        if key in fields:
            raise InvalidInput(f"line {spec!r}: {key!r} is given twice")
        if not value:
            raise InvalidInput(f"line {spec!r}: {key!r} has no value")
        fields[key] = value
    if not fields:
        raise InvalidInput(f"line {spec!r} is empty")
    return fields


@dataclass(frozen=True)
class LineSpec:
    """One `--line` of an invoice or a schedule, parsed; None where the key was not given."""

    spec: str  # as typed, for messages
    product: str | None = None
    text: str | None = None
    qty: Decimal = Decimal(1)
    price: int | None = None  # øre, excluding VAT
    vat: str | None = None  # a VAT treatment code
    discount: Decimal = Decimal(0)
    source: str = "fixed"  # schedules: the price as fixed now, or the product's at each invoice
    factor: str = "fixed"  # schedules: how the price scales with the billed period
    export: bool | None = None  # export=yes|no; None: by the buyer's country (SPEC 13)


def line_spec(spec: str, allowed: tuple[str, ...] = INVOICE_KEYS) -> LineSpec:
    """Parse one `--line`; schedule lines (SCHEDULE_KEYS) may also give source and factor."""
    fields = parse_line_spec(spec, allowed)
    source = fields.get("source", "fixed").lower()
    factor = fields.get("factor", "fixed").lower()
    if source not in SOURCES:
        raise InvalidInput(f"line {spec!r}: source {source!r} is not fixed or product")
    if factor not in FACTORS:
        raise InvalidInput(f"line {spec!r}: factor {factor!r} is not one of {', '.join(FACTORS)}")
    flag = fields.get("export")
    if flag is not None and flag.lower() not in ("yes", "no"):
        raise InvalidInput(f"line {spec!r}: export={flag} is not yes or no")
    return LineSpec(
        spec=spec,
        product=fields.get("product"),
        text=fields.get("text"),
        qty=parse_qty(fields.get("qty", "1")),
        price=parse_price(fields["price"]) if "price" in fields else None,
        vat=parse_vat(fields["vat"]).code if "vat" in fields else None,
        discount=parse_discount(fields.get("discount", "0")),
        source=source,
        factor=factor,
        export=None if flag is None else flag.lower() == "yes",
    )


def schedule_line_spec(spec: str) -> LineSpec:
    return line_spec(spec, SCHEDULE_KEYS)


@dataclass(frozen=True)
class LineCredit:
    """`--line "line=K;qty=Q"`: Q units of invoice line K; no qty means all that is left of it."""

    line: int
    qty: Decimal | None = None


def line_credit(spec: str) -> LineCredit:
    """'line=2;qty=1.5' -> LineCredit(2, 1.5)."""
    fields = parse_line_spec(spec, CREDIT_KEYS)
    if "line" not in fields:
        raise InvalidInput(f"line {spec!r} needs line=K (the invoice line, counted from 1)")
    try:
        number = int(fields["line"])
    except ValueError:
        raise InvalidInput(f"line {spec!r}: line={fields['line']} is not a line number") from None
    return LineCredit(number, parse_qty(fields["qty"]) if "qty" in fields else None)
