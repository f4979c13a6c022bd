"""`--line "product=4;qty=2"`: the key=value mini-language for invoice and schedule lines."""

from __future__ import annotations

from faktura_cli.errors import InvalidInput

INVOICE_KEYS = ("product", "text", "qty", "price", "vat", "discount", "export")
SCHEDULE_KEYS = (*INVOICE_KEYS, "source", "factor")
CREDIT_KEYS = ("line", "qty")


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
