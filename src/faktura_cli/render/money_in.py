"""Bank entries, reminders and statements -> JSON-ready dicts (amounts as '1200.00')."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from faktura_cli.domain.bank import UNMATCHED
from faktura_cli.domain.money import to_json
from faktura_cli.render import terminal
from faktura_cli.render.view import View, view
from faktura_cli.render.words import day, kr


def reason_text(code: str | None) -> str:
    return UNMATCHED.get(code or "", code or "")


# Why an entry stays unmatched, for people (JSON keeps the code and UNMATCHED's text).
REASONS = {
    "debit": "penger ut av kontoen",
    "currency": "ikke i NOK",
    "no_kid": "uten KID",
    "unknown_kid": "KID-en er ikke vår",
    "not_open": "fakturaen er ikke åpen",
    "sold": "fakturaen er solgt til factoringselskapet",
    "locked": "bokført i en låst periode",
}


def reason_words(code: str | None) -> str:
    return REASONS.get(code or "", code or "")


def unmatched_list(entries: Sequence[Any]) -> View:
    """`bank unmatched`: what the bank reported that is not matched, and why."""
    data = {"entries": [entry_view(e) for e in entries]}
    if not entries:
        return view(data, "Ingen ubehandlede bankposter.")
    shown = terminal.table(
        "Ubehandlede bankposter",
        [
            ("Post", "r"),
            ("Dato", "l"),
            ("Beløp", "r"),
            ("KID", "l"),
            ("Fra / tekst", "w"),
            ("Hvorfor", "w"),
        ],
        [
            [
                e.id,
                day(e.booking_date),
                kr(e.amount) if e.currency == "NOK" else f"{e.currency} {kr(e.amount)}",
                e.kid,
                " – ".join(t for t in (e.counterparty, e.reference) if t),
                reason_words(e.reason),
            ]
            for e in entries
        ],
    )
    return view(data, shown)


def entry_view(e: Any) -> dict[str, Any]:
    """A bank entry as stored (StoredEntry) or as just recorded (Recorded)."""
    base = getattr(e, "entry", e)
    view: dict[str, Any] = {
        "entry": e.id,
        "date": base.booking_date.isoformat(),
        "amount": to_json(base.amount),
        "currency": base.currency,
        "kid": base.kid,
        "reference": base.reference,
        "counterparty": base.counterparty,
        "counterparty_account": base.counterparty_account,
        "account": base.account,
        "status": e.status,
        "reason": e.reason,
        "reason_text": reason_text(e.reason) if e.status == "unmatched" else e.reason,
        "invoice": e.invoice,
        "reminder": e.reminder,
        "voucher": e.voucher,
    }
    if hasattr(e, "result"):
        view["result"] = e.result
        view["open_after"] = None if e.open_after is None else to_json(e.open_after)
    return view


def bank_import_view(result: Any) -> dict[str, Any]:
    return {
        "file": result.file,
        "format": result.format,
        "entries": result.entries,
        "new": len(result.recorded),
        "duplicates": result.duplicates,
        "payments": [entry_view(r) for r in result.payments],
        "payouts": [entry_view(r) for r in result.payouts],
        "unmatched": [entry_view(r) for r in result.unmatched],
    }


def reminder_view(r: Any, channel: str | None = None) -> dict[str, Any]:
    return {
        "number": r.number,
        "kind": "reminder",
        "invoice": r.invoice,
        "customer": r.customer,
        "date": r.date.isoformat(),
        "due_date": r.due_date.isoformat(),
        "kid": r.kid,
        "principal": to_json(r.principal),
        "earlier_charges": to_json(r.earlier_charges),
        "fee": to_json(r.fee),
        "interest": to_json(r.interest),
        "interest_from": r.interest_from.isoformat() if r.interest_from else None,
        "interest_to": r.interest_to.isoformat() if r.interest_to else None,
        "interest_periods": [
            {
                "from": p.start.isoformat(),
                "to": p.end.isoformat(),
                "rate": format(p.rate, "f"),
                "base": to_json(p.base),
            }
            for p in r.periods
        ],
        "total": to_json(r.total),
        "voucher": r.voucher,
        "channel": channel,
    }


def remind_view(result: Any, outcomes: list[Any]) -> dict[str, Any]:
    return {
        "today": result.today.isoformat(),
        "dry_run": result.dry_run,
        "after_days": result.after_days,
        "reminders": [
            reminder_view(r, c) for r, c in zip(result.reminders, result.channels, strict=True)
        ],
        "deliveries": [
            {"number": o.number, "channel": o.channel, "status": o.status, "error": o.error}
            for o in outcomes
        ],
    }


def remind_summary(result: Any, outcomes: list[Any]) -> list[str]:
    sent, failed, uncertain = (
        sum(o.status == status for o in outcomes) for status in ("sent", "failed", "uncertain")
    )
    verb = "would make" if result.dry_run else "made"
    lines = [
        f"remind {result.today}: {verb} {len(result.reminders)} reminder(s); fees"
        f" {to_json(sum(r.fee for r in result.reminders))}, interest"
        f" {to_json(sum(r.interest for r in result.reminders))}; {sent}"
        f" delivered, {failed} failed, {uncertain} uncertain"
    ]
    lines += [
        f"  purring {r.number}: faktura {r.invoice}, å betale {to_json(r.total)}"
        f" innen {r.due_date:%d.%m.%Y}"
        for r in result.reminders
    ]
    return lines


def rate_view(r: Any) -> dict[str, Any]:
    return {"from": r.valid_from.isoformat(), "rate": format(r.rate, "f")}


def statement_view(s: Any) -> dict[str, Any]:
    return {
        "customer": s.customer.number,
        "name": s.customer.name,
        "from": s.start.isoformat() if s.start else None,
        "to": s.end.isoformat(),
        "opening_balance": to_json(s.opening),
        "lines": [
            {
                "date": line.movement.date.isoformat(),
                "kind": line.movement.kind,
                "document": line.movement.document,
                "reminder": line.movement.reminder,
                "voucher": line.movement.voucher,
                "text": line.movement.text,
                "due_date": line.movement.due_date.isoformat() if line.movement.due_date else None,
                "amount": to_json(line.movement.amount),
                "balance": to_json(line.balance),
            }
            for line in s.lines
        ],
        "closing_balance": to_json(s.closing),
        "open_items": [
            {
                "invoice": i.invoice,
                "date": i.date.isoformat(),
                "due_date": i.due_date.isoformat(),
                "open": to_json(i.open),
                "bucket": i.bucket,
            }
            for i in s.open_items
        ],
        "ageing": {bucket: to_json(amount) for bucket, amount in s.ageing.items()},
    }
