"""The edge's date parser (and `checked`: the text rule before a parse), apart from
cli/params.py so that commands which must start fast (an idle `run-due` from cron, `invoice
list`) parse a date without loading every other parser."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import typer

from faktura_cli.domain.dates import parse_date
from faktura_cli.services.inputs import check_text

T = TypeVar("T")


def named(name: str, parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse` shown as <name> in --help (the option's metavar: <date>, <amount>, ...)."""
    parse.__name__ = name
    return parse


def checked(option: str, parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse` after the one text rule, so that text is refused as before the option was typed
    (FakturaCommand checks only the options that stay strings, after parsing)."""
    return named(parse.__name__, lambda text: parse(check_text(text, what=option)))


def norwegian_date(what: str) -> Callable[[str], date]:
    """2026-03-02 or 2.3.2026."""
    return named("date", lambda text: parse_date(text, what=what))


def from_option(help: str) -> Any:
    """`--from DAY` of a list (31.12.2026 or 2026-12-31): `Annotated[date | None, from_option(...)]`."""
    return typer.Option("--from", help=help, parser=norwegian_date("--from"))


def to_option(help: str) -> Any:
    """`--to DAY` of a list, the last day included."""
    return typer.Option("--to", help=help, parser=norwegian_date("--to"))
