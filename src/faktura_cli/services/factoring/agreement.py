"""`factoring apply | status | settings`: the agreement with the partner (SPEC §7)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from faktura_cli.domain import factoring as rules
from faktura_cli.domain import identifiers
from faktura_cli.errors import RuleViolation
from faktura_cli.services.factoring.partner import PARTNER
from faktura_cli.storage import factoring as store
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import transaction


@dataclass(frozen=True)
class Agreement:
    status: str  # none | pending | approved | declined | refused
    reasons: list[str] = field(default_factory=list)
    applied_at: datetime | None = None
    decided_at: datetime | None = None
    refund_account: str | None = None


def current_agreement(conn: sqlite3.Connection, now: datetime) -> Agreement:
    refund = store.get_setting(conn, "refund_account")
    refusals = rules.agreement_refusals(repo.load_company(conn))
    if refusals:  # whatever was applied for: such a company cannot sell invoices now
        return Agreement("refused", refusals, refund_account=refund)
    row = store.latest_application(conn)
    if row is None:
        return Agreement("none", refund_account=refund)
    applied = datetime.fromisoformat(row["applied_at"])
    decide = datetime.fromisoformat(row["decide_at"])
    if now < decide:
        return Agreement("pending", [], applied, None, refund)
    return Agreement(row["decision"], json.loads(row["reasons"]), applied, decide, refund)


def agreement_status(conn: sqlite3.Connection, *, now: datetime) -> Agreement:
    return current_agreement(conn, now)


def apply(conn: sqlite3.Connection, *, consent: bool, now: datetime) -> Agreement:
    """Start onboarding; the sandbox decides at 09:00 on the next business day."""
    if not consent:
        raise RuleViolation(
            "the factoring partner needs access to your accounting data",
            hint="apply with --consent to give it",
        )
    with transaction(conn):
        company = repo.load_company(conn)
        refusals = rules.agreement_refusals(company)
        if refusals:
            raise RuleViolation("the application is refused: " + "; ".join(refusals))
        current = current_agreement(conn, now)
        if current.status in ("pending", "approved"):
            raise RuleViolation(f"there is already an agreement that is {current.status}")
        reasons = PARTNER.registry_reasons(company)
        store.insert_application(
            conn,
            applied_at=now,
            decide_at=rules.decision_moment(now),
            decision="declined" if reasons else "approved",
            reasons=reasons,
        )
        repo.log_event(conn, "factoring apply", "applied for a factoring agreement", now=now)
        return current_agreement(conn, now)


def set_refund_account(conn: sqlite3.Connection, account: str, *, now: datetime) -> Agreement:
    number = identifiers.kontonummer(account)
    with transaction(conn):
        store.set_setting(conn, "refund_account", number)
        repo.log_event(conn, "factoring settings", f"refund account {number}", now=now)
        return current_agreement(conn, now)
