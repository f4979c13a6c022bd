"""Parsing at the edge: an option's text becomes a typed value here, once, with the domain's
parsers, so the services receive values, never strings (Typer `parser=`).

A parser raises the project's `InvalidInput`, which the command group turns into one
`faktura: error:` line and exit 1, as for every other refused input.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

# The date parser lives in cli/dates.py, for the commands that must start fast.
from faktura_cli.cli.dates import T, checked, named
from faktura_cli.cli.dates import from_option as from_option
from faktura_cli.cli.dates import norwegian_date as norwegian_date
from faktura_cli.cli.dates import to_option as to_option
from faktura_cli.cli.listing import BillListStatus as BillListStatus
from faktura_cli.cli.listing import ListStatus as ListStatus
from faktura_cli.cli.listing import State as State
from faktura_cli.cli.listing import bill_status as bill_status
from faktura_cli.cli.listing import delivery_status as delivery_status
from faktura_cli.cli.listing import invoice_status as invoice_status
from faktura_cli.domain import identifiers
from faktura_cli.domain.change import Change as Change
from faktura_cli.domain.currency import MAX_RATE, currency_code
from faktura_cli.domain.dates import parse_terms, parse_year
from faktura_cli.domain.fleet import Shard as Shard
from faktura_cli.domain.fleet import parse_shard
from faktura_cli.domain.linespec import (
    LineCredit,
    LineSpec,
    line_credit,
    line_spec,
    schedule_line_spec,
)
from faktura_cli.domain.money import parse_amount, parse_decimal
from faktura_cli.domain.plans import parse_plan
from faktura_cli.errors import InvalidInput
from faktura_cli.services.inputs import check_text


def given_date(what: str) -> Callable[[str], date | None]:
    """A date; '' counts as not given."""
    return named("date", lambda text: norwegian_date(what)(text) if text != "" else None)


def required_date(what: str, missing: str) -> Callable[[str], date]:
    """A date that must be given: '' is refused with the message `missing`."""

    def parse(text: str) -> date:
        if text == "":
            raise InvalidInput(missing)
        return norwegian_date(what)(text)

    return named("date", parse)


def clearable(parse: Callable[[str], T]) -> Callable[[str], Change[T]]:
    """An edit of an optional field: '' clears it, anything else is parsed."""
    return named(parse.__name__, lambda text: Change(None if text == "" else parse(text)))


def amount(what: str = "amount") -> Callable[[str], int]:
    """An amount more than 0, as Norwegians type it (1 250,50), in øre."""
    return named("amount", lambda text: parse_amount(text, what=what, allow_zero=False))


def _rate(text: str) -> Decimal:
    return parse_decimal(
        text, what="rate", max_decimals=6, minimum=Decimal(0), exclusive_minimum=True,
        maximum=MAX_RATE,
    )  # fmt: skip


rate = named("rate", _rate)
# Late-payment interest, percent a year (forsinkelsesrente): 0 or more, four decimals.
interest_rate = named(
    "rate",
    lambda text: parse_decimal(text, what="rate", max_decimals=4, minimum=Decimal(0)),
)
terms = named("days", lambda text: parse_terms(text))
plan = named("plan", parse_plan)  # a delivery plan: ehf,email,print
currency = named("currency", lambda text: currency_code(text))
kontonummer = named("kontonummer", lambda text: identifiers.kontonummer(text))
# A line's text ends up in documents: the one text rule first (FakturaCommand checks only the
# options that stay strings).
invoice_line: Callable[[str], LineSpec] = named(
    "line", lambda text: line_spec(check_text(text, what="--line"))
)
schedule_line: Callable[[str], LineSpec] = named(
    "line", lambda text: schedule_line_spec(check_text(text, what="--line"))
)
credit_line: Callable[[str], LineCredit] = named(
    "line", lambda text: line_credit(check_text(text, what="--line"))
)

year = checked("--year", named("year", parse_year))
year_argument = checked("year", named("year", parse_year))  # `year close YYYY`
shard = checked("--shard", named("shard", parse_shard))  # I/N
