"""Parsing at the edge: an option's text becomes a typed value here, once, with the domain's
parsers, so the services receive values, never strings (Typer `parser=`).

A parser raises the project's `InvalidInput`, which the command group turns into one
`faktura: error:` line and exit 1, as for every other refused input.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from faktura_cli.domain import identifiers
from faktura_cli.domain.currency import MAX_RATE, currency_code
from faktura_cli.domain.dates import parse_date, parse_terms
from faktura_cli.domain.linespec import (
    LineCredit,
    LineSpec,
    line_credit,
    line_spec,
    schedule_line_spec,
)
from faktura_cli.domain.money import parse_amount, parse_decimal
from faktura_cli.services.inputs import check_text

T = TypeVar("T")


def _named(name: str, parse: Callable[[str], T]) -> Callable[[str], T]:
    parse.__name__ = name  # the option's metavar in --help: <date>, <amount>, ...
    return parse


def norwegian_date(what: str) -> Callable[[str], date]:
    """2026-03-02 or 2.3.2026."""
    return _named("date", lambda text: parse_date(text, what=what))


def amount(what: str = "amount") -> Callable[[str], int]:
    """An amount more than 0, as Norwegians type it (1 250,50), in øre."""
    return _named("amount", lambda text: parse_amount(text, what=what, allow_zero=False))


def _rate(text: str) -> Decimal:
    return parse_decimal(
        text, what="rate", max_decimals=6, minimum=Decimal(0), exclusive_minimum=True,
        maximum=MAX_RATE,
    )  # fmt: skip


rate = _named("rate", _rate)
terms = _named("days", lambda text: parse_terms(text))
currency = _named("currency", lambda text: currency_code(text))
kontonummer = _named("kontonummer", lambda text: identifiers.kontonummer(text))
# A line's text ends up in documents: the one text rule first (FakturaCommand checks only the
# options that stay strings).
invoice_line: Callable[[str], LineSpec] = _named(
    "line", lambda text: line_spec(check_text(text, what="--line"))
)
schedule_line: Callable[[str], LineSpec] = _named(
    "line", lambda text: schedule_line_spec(check_text(text, what="--line"))
)
credit_line: Callable[[str], LineCredit] = _named(
    "line", lambda text: line_credit(check_text(text, what="--line"))
)
