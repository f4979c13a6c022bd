"""Bank entries, reminders and statements -> JSON-ready dicts (amounts as '1200.00')."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from faktura_cli.domain.bank import UNMATCHED
from faktura_cli.domain.money import to_json
from faktura_cli.render import terminal
from faktura_cli.render.outbox import delivery_view
from faktura_cli.render.view import View, view
from faktura_cli.render.words import day, kr, number


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
        f"remind {day(result.today)}: {verb} {len(result.reminders)} reminder(s); fees"
        f" {kr(sum(r.fee for r in result.reminders))}, interest"
        f" {kr(sum(r.interest for r in result.reminders))}; {sent}"
        f" delivered, {failed} failed"
        # an uncertain delivery: the server took the message but never confirmed it (SPEC 11)
        + (f", {uncertain} not confirmed" if uncertain else "")
    ]
    lines += [
        f"  purring {r.number}: faktura {r.invoice}, å betale {kr(r.total)}"
        f" innen {day(r.due_date)}"
        for r in result.reminders
    ]
    return lines


def reminded(result: Any, outcomes: list[Any], outstanding: Sequence[Any] = ()) -> View:
    """`faktura remind`: what was (or would be) made and how its delivery went; a warning when
    no interest rate is on file for the half-year (the latest known one was used). JSON
    `outstanding`: the deliveries waiting for a decision (the command nags them on stderr)."""
    warnings = []
    if not result.rate_known:
        warnings.append(
            f"no late-payment interest rate on file for the half-year of {day(result.today)};"
            " the latest known was used (`faktura rates set --from DATE --rate R`)"
        )
    data = {**remind_view(result, outcomes), "outstanding": [delivery_view(d) for d in outstanding]}
    return view(data, *remind_summary(result, outcomes), warnings=warnings)


def reminder_list(reminders: Sequence[Any]) -> View:
    """`faktura remind --list`: the reminders made so far."""
    shown = terminal.table(
        None,
        [
            ("Nr.", "r"),
            ("Faktura", "r"),
            ("Kunde", "r"),
            ("Dato", "l"),
            ("Frist", "l"),
            ("Gebyr", "r"),
            ("Renter", "r"),
            ("Å betale", "r"),
        ],
        [
            [
                r.number,
                r.invoice,
                r.customer,
                day(r.date),
                day(r.due_date),
                kr(r.fee),
                kr(r.interest),
                kr(r.total),
            ]
            for r in reminders
        ],
    )
    return view({"reminders": [reminder_view(r) for r in reminders]}, shown)


def reminder_pdf(number: int, path: Path) -> View:
    """`faktura remind --pdf N`: the file written (scripts read the path)."""
    return view({"reminder": number, "file": str(path)}, str(path))


def rate_view(r: Any) -> dict[str, Any]:
    return {"from": r.valid_from.isoformat(), "rate": format(r.rate, "f")}


def rate_list(rates: Sequence[Any]) -> View:
    """`faktura rates show`: the late-payment interest rate of each half-year, as a percent."""
    lines = [f"{day(r.valid_from)}  {number(r.rate)} %" for r in rates]
    return view({"rates": [rate_view(r) for r in rates]}, *lines)


def rate_set(r: Any) -> View:
    return view(
        rate_view(r), f"late-payment interest from {day(r.valid_from)}: {number(r.rate)} %"
    )


def bank_imported(result: Any) -> View:
    """`faktura bank import`: how many entries, and what each new payment did."""
    lines = [
        f"{result.file} ({result.format}): {result.entries} entries, {len(result.recorded)} new"
        f" ({len(result.payments)} payments, {len(result.payouts)} factoring payouts,"
        f" {len(result.unmatched)} unmatched), {result.duplicates} already imported"
    ]
    for r in result.payments:
        lines.append(
            f"  faktura {r.invoice}: {kr(r.entry.amount)} {day(r.entry.booking_date)}"
            f" – {PAYMENT_RESULTS.get(r.result or '', r.result)}, åpent {kr(r.open_after or 0)}"
        )
    lines += [f"  utbetaling faktura {r.invoice}: {kr(r.entry.amount)}" for r in result.payouts]
    if result.unmatched:
        lines.append("  `faktura bank unmatched` lists what was not matched")
    return view(bank_import_view(result), *lines)


# What a payment did to its invoice (`result` in JSON), for people.
PAYMENT_RESULTS = {"paid": "betalt", "partial": "delbetalt", "overpaid": "overbetalt"}


def matched(e: Any) -> View:
    """`bank match`: the entry, now the payment of its invoice."""
    return view(
        entry_view(e),
        f"bank entry {e.id} recorded on invoice {e.invoice} (voucher {e.voucher})",
    )


def ignored(e: Any) -> View:
    return view(entry_view(e), f"bank entry {e.id} ignored: {e.reason}")


def reconciled(confirmed: list[dict[str, Any]]) -> View:
    """`bank reconcile`: the factoring payouts posted now."""
    return view({"confirmed": confirmed}, f"{len(confirmed)} payout(s) posted")


def statement_file(number: int, output: Path | None, *, as_json: bool) -> Path | None:
    """Where `customer statement` writes its PDF: -o FILE, else kontoutskrift-N.pdf; with
    --json alone the statement itself is the answer and no file is written."""
    if output is None and as_json:
        return None
    return output or Path(f"kontoutskrift-{number}.pdf")


def statement(s: Any, path: Path | None) -> View:
    """`customer statement`: the PDF's path for people; the statement (and file) in JSON."""
    if path is None:
        return view(statement_view(s))
    return view({**statement_view(s), "file": str(path)}, str(path))


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
