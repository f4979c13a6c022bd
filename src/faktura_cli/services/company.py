"""Setting up the books and keeping the company's details."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import TypeVar

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

T = TypeVar("T")
V = TypeVar("V")


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


def _remind_after(text: str) -> int:
    try:
        days = int(str(text).strip())
    except ValueError:
        raise InvalidInput(f"--remind-after {text!r} is not a whole number of days") from None
    if not 0 <= days <= 365:
        raise InvalidInput(f"--remind-after must be between 0 and 365 days, not {days}")
    return days


def _reminder_fee(text: str) -> int:
    """The company's reminder fee; above the legal maximum it is refused, not capped."""
    fee = parse_amount(str(text), what="reminder fee")
    maximum = REMINDER_FEE_MAXIMUM[-1][1]
    if fee > maximum:
        raise InvalidInput(
            f"the reminder fee may be at most {maximum // 100},{maximum % 100:02d}"
            " (inkassoforskriften § 1-1: one twentieth of the inkassosats)"
        )
    return fee


def _optional(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    """'' clears an optional field; anything else is parsed."""
    return lambda value: None if value == "" else parse(value)


def _strip(text: str) -> str:
    return text.strip()


def _phone(text: str) -> str:
    return identifiers.phone(text, norwegian=True)


@dataclass(frozen=True)
class CompanyInput:
    """`faktura init`: the company the books belong to, as typed."""

    name: str
    orgnr: str
    legal_form: str
    bank_account: str
    vat_registered: bool = True
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    email: str | None = None
    phone: str | None = None
    payment_terms: int | None = None


@dataclass(frozen=True)
class CompanyChanges:
    """`company set`: None leaves a field as it is; '' clears an optional one."""

    name: str | None = None
    orgnr: str | None = None
    legal_form: str | None = None
    bank_account: str | None = None
    vat_registered: bool | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    email: str | None = None
    phone: str | None = None
    payment_terms: int | None = None
    status: str | None = None
    notify_email: str | None = None
    smtp_host: str | None = None
    smtp_port: str | None = None
    smtp_user: str | None = None
    smtp_security: str | None = None
    outbox_dir: str | None = None
    remind_after: str | None = None
    reminder_fee: str | None = None

    def given(self) -> list[str]:
        """The fields to change, by name."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]

    def applied_to(self, company: Company) -> Company:
        """`company` with these changes, each parsed and checked in the options' order (the
        first bad one is refused)."""

        def new(given: V | None, parse: Callable[[V], T], old: T) -> T:
            return old if given is None else parse(given)

        return replace(
            company,
            name=new(self.name, _name, company.name),
            orgnr=new(self.orgnr, identifiers.orgnr, company.orgnr),
            legal_form=new(self.legal_form, _legal_form, company.legal_form),
            bank_account=new(self.bank_account, identifiers.kontonummer, company.bank_account),
            vat_registered=new(self.vat_registered, bool, company.vat_registered),
            address=new(self.address, _optional(_strip), company.address),
            postcode=new(self.postcode, _optional(identifiers.postcode), company.postcode),
            city=new(self.city, _optional(_strip), company.city),
            email=new(self.email, _optional(identifiers.email), company.email),
            phone=new(self.phone, _optional(_phone), company.phone),
            payment_terms=new(self.payment_terms, parse_terms, company.payment_terms),
            status=new(self.status, _status, company.status),
            notify_email=new(self.notify_email, _optional(identifiers.email), company.notify_email),
            smtp_host=new(self.smtp_host, _optional(_strip), company.smtp_host),
            smtp_port=new(self.smtp_port, _optional(_port), company.smtp_port),
            smtp_user=new(self.smtp_user, _optional(_strip), company.smtp_user),
            smtp_security=new(
                self.smtp_security, _optional(parse_smtp_security), company.smtp_security
            ),
            outbox_dir=new(self.outbox_dir, _optional(_strip), company.outbox_dir),
            remind_after=new(self.remind_after, _remind_after, company.remind_after),
            reminder_fee=new(self.reminder_fee, _optional(_reminder_fee), company.reminder_fee),
        )


def _new_company(given: CompanyInput) -> Company:
    """The company `init` creates: every field parsed and checked, in the options' order."""
    required = Company(
        name=_name(given.name),
        orgnr=identifiers.orgnr(given.orgnr),
        legal_form=_legal_form(given.legal_form),
        bank_account=identifiers.kontonummer(given.bank_account),
        vat_registered=given.vat_registered,
    )
    optional = CompanyChanges(
        address=given.address,
        postcode=given.postcode,
        city=given.city,
        email=given.email,
        phone=given.phone,
        payment_terms=given.payment_terms,
    )
    return optional.applied_to(required)


def check_settings(given: CompanyInput) -> Company:
    """Every setting of `init` parsed and checked; raises on the first bad one."""
    return _new_company(given)


def init_company(conn: sqlite3.Connection, given: CompanyInput, *, now: datetime) -> Company:
    """Create the company the books belong to; refused when the books already have one."""
    company = _new_company(given)
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


def update_company(conn: sqlite3.Connection, changes: CompanyChanges, *, now: datetime) -> Company:
    given = changes.given()
    if not given:
        raise InvalidInput("nothing to change", hint="see `faktura company set --help`")
    with transaction(conn):
        company = changes.applied_to(company_db.load_company(conn))
        refused = credentials_refused(company.smtp_security or "", company.smtp_user)
        if refused:
            raise InvalidInput(refused, hint="use --smtp-security starttls or tls")
        company_db.save_company(conn, company, now=now)
        events_db.log_event(conn, "company set", ", ".join(sorted(given)), now=now)
    return company


def get_company(conn: sqlite3.Connection) -> Company:
    return company_db.load_company(conn)
