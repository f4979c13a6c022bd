"""Setting up the books and keeping the company's details."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from faktura_cli.domain import identifiers
from faktura_cli.domain.dates import parse_terms
from faktura_cli.domain.delivery import credentials_refused, parse_smtp_security
from faktura_cli.domain.money import parse_amount
from faktura_cli.domain.records import COMPANY_STATUSES, LEGAL_FORMS, Company
from faktura_cli.domain.reminders import REMINDER_FEE_MAXIMUM
from faktura_cli.errors import InvalidInput, RuleViolation
from faktura_cli.storage import company as company_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage.db import transaction


def _legal_form(text: str) -> str:
    form = text.strip().upper()
    if form not in LEGAL_FORMS:
        raise InvalidInput(
            f"legal form {text!r} is not known", hint=f"use one of {', '.join(LEGAL_FORMS)}"
        )
    return form


def _status(text: str) -> str:
    status = text.strip().lower()
    if status not in COMPANY_STATUSES:
        raise InvalidInput(
            f"status {text!r} is not known", hint=f"use one of {', '.join(COMPANY_STATUSES)}"
        )
    return status


def _name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidInput("the name cannot be empty")
    return name


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise InvalidInput(f"SMTP port {text!r} is not a number") from None
    if not 0 < port < 65536:
        raise InvalidInput(f"SMTP port {port} is out of range")
    return port


def _remind_after(text: object) -> int:
    try:
        days = int(str(text).strip())
    except ValueError:
        raise InvalidInput(f"--remind-after {text!r} is not a whole number of days") from None
    if not 0 <= days <= 365:
        raise InvalidInput(f"--remind-after must be between 0 and 365 days, not {days}")
    return days


def _reminder_fee(text: object) -> int:
    """The company's reminder fee; above the legal maximum it is refused, not capped."""
    fee = parse_amount(str(text), what="reminder fee")
    maximum = REMINDER_FEE_MAXIMUM[-1][1]
    if fee > maximum:
        raise InvalidInput(
            f"the reminder fee may be at most {maximum // 100},{maximum % 100:02d}"
            " (inkassoforskriften § 1-1: one twentieth of the inkassosats)"
        )
    return fee


def _optional(parse, value):
    """'' clears an optional field; anything else is parsed."""
    return None if value == "" else parse(value)


# How each typed company setting becomes a stored value.
_COMPANY_FIELDS: dict[str, Callable[[Any], object]] = {
    "name": _name,
    "orgnr": identifiers.orgnr,
    "legal_form": _legal_form,
    "bank_account": identifiers.kontonummer,
    "vat_registered": bool,
    "address": lambda v: _optional(str.strip, v),
    "postcode": lambda v: _optional(identifiers.postcode, v),
    "city": lambda v: _optional(str.strip, v),
    "email": lambda v: _optional(identifiers.email, v),
    "phone": lambda v: _optional(lambda p: identifiers.phone(p, norwegian=True), v),
    "payment_terms": parse_terms,
    "status": _status,
    "notify_email": lambda v: _optional(identifiers.email, v),
    "smtp_host": lambda v: _optional(str.strip, v),
    "smtp_port": lambda v: _optional(_port, v),
    "smtp_user": lambda v: _optional(str.strip, v),
    "smtp_security": lambda v: _optional(parse_smtp_security, v),
    "outbox_dir": lambda v: _optional(str.strip, v),
    "remind_after": _remind_after,
    "reminder_fee": lambda v: _optional(_reminder_fee, v),
}


def check_settings(settings: dict[str, object]) -> dict[str, object]:
    """Every typed setting parsed and checked; raises on the first bad one."""
    return _parse_settings(settings)


def _parse_settings(settings: dict[str, object]) -> dict[str, object]:
    return {k: _COMPANY_FIELDS[k](v) for k, v in settings.items() if v is not None}


def init_company(
    conn: sqlite3.Connection, settings: dict[str, object], *, now: datetime
) -> Company:
    """Create the company the books belong to; refused when the books already have one."""
    parsed = _parse_settings(settings)
    missing = [k for k in ("name", "orgnr", "legal_form", "bank_account") if k not in parsed]
    if missing:
        raise InvalidInput(f"init needs {', '.join('--' + m.replace('_', '-') for m in missing)}")
    parsed.setdefault("vat_registered", True)
    company = Company(**parsed)  # type: ignore[arg-type]  # parsed per field by _COMPANY_FIELDS
    with transaction(conn):
        if company_db.company_exists(conn):
            existing = company_db.load_company(conn)
            raise RuleViolation(
                f"these books already belong to {existing.name} ({existing.orgnr})",
                hint="`faktura company set ...` changes the details",
            )
        company_db.save_company(conn, company, now=now)
        events_db.log_event(conn, "init", f"books created for {company.name} {company.orgnr}", now=now)
    return company


def update_company(
    conn: sqlite3.Connection, settings: dict[str, object], *, now: datetime
) -> Company:
    parsed = _parse_settings(settings)
    if not parsed:
        raise InvalidInput("nothing to change", hint="see `faktura company set --help`")
    with transaction(conn):
        company = replace(company_db.load_company(conn), **parsed)  # type: ignore[arg-type]  # as above
        refused = credentials_refused(company.smtp_security or "", company.smtp_user)
        if refused:
            raise InvalidInput(refused, hint="use --smtp-security starttls or tls")
        company_db.save_company(conn, company, now=now)
        events_db.log_event(conn, "company set", ", ".join(sorted(parsed)), now=now)
    return company


def get_company(conn: sqlite3.Connection) -> Company:
    return company_db.load_company(conn)
