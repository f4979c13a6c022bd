"""`faktura run-due` as cron, people and programs see it.

Cron is quiet on success (SPEC 11): a run that did nothing prints nothing (one line with
--verbose). Light on purpose: the idle run imports this and nothing of the production.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.render.view import View, view


def idle(day: date, *, dry_run: bool, verbose: bool) -> View:
    """Nothing due, nothing queued, nothing waiting for a decision."""
    return view(
        {
            "today": day.isoformat(),
            "dry_run": dry_run,
            "created": [],
            "deliveries": [],
            "outstanding": [],
        },
        # A dry run is asked for by a person, who wants an answer even when it is "nothing".
        *(
            [f"run-due {day}: nothing due; 0 delivered, 0 failed, 0 uncertain"]
            if verbose or dry_run
            else []
        ),
    )


def ran(
    day: date,
    *,
    dry_run: bool,
    verbose: bool,
    created: Sequence[Any],
    outcomes: Sequence[Any],
    waiting: Sequence[Any],
    reminders: Any | None,
    held: Sequence[Any] = (),
) -> View:
    """What was produced (services.recurring.Produced), delivered (outcomes), still waits for a
    person (storage.outbox.Delivery), and the reminders made when asked (--remind). Schedules
    held by the period lock (services.recurring.Held) and reminders left out on a locked day
    are warnings, on every run until a person acts (SPEC 13)."""
    # Imported here, not at the top: the idle run (above) must not pay for them (SPEC §17).
    from faktura_cli.render import words
    from faktura_cli.render.money_in import reminder_view
    from faktura_cli.render.outbox import delivery_view

    would_fail = [p for p in created if p.delivery_error] if dry_run else []
    delivered = sum(o.status == "sent" for o in outcomes)
    failed = sum(d.status == "failed" for d in waiting) + len(would_fail)
    uncertain = sum(d.status == "uncertain" for d in waiting)
    data: dict[str, Any] = {
        "today": day.isoformat(),
        "dry_run": dry_run,
        "created": [
            {
                "schedule": p.schedule,
                "kind": p.kind,
                "number": p.number,
                "date": p.date.isoformat(),
                "due_date": p.due_date.isoformat() if p.due_date else None,
                "total": to_json(p.total),
            }
            for p in created
        ],
        "deliveries": [
            {
                "number": o.number or o.order,
                "channel": o.channel,
                "status": o.status,
                "error": o.error,
            }
            for o in outcomes
        ]
        + [
            {"number": p.number, "channel": "none", "status": "failed", "error": p.delivery_error}
            for p in created
            if p.delivery_error
        ],
        "outstanding": [delivery_view(d) for d in waiting],
        "held": [held_view(h) for h in held],
    }
    warnings = [held_warning(h) for h in held]
    if reminders is not None and reminders.locked:
        warnings.append(f"no reminders: {reminders.locked}")
    if reminders is not None:
        data["reminders"] = [
            reminder_view(r, c)
            for r, c in zip(reminders.reminders, reminders.channels, strict=True)
        ]
    made = reminders is not None and bool(reminders.reminders)
    if not (created or outcomes or failed or uncertain or made or verbose or dry_run):
        return view(data, warnings=warnings)  # cron is quiet on success
    invoices = sum(1 for p in created if p.kind == "invoice")
    lines = [
        f"run-due {day}: {'would produce' if dry_run else 'produced'} {invoices} invoice(s) and "
        f"{len(created) - invoices} order(s); "
        f"{delivered} delivered, {failed} failed, {uncertain} uncertain"
    ]
    if reminders is not None and (made or verbose):
        lines.append(
            f"run-due {day}: {'would make' if dry_run else 'made'}"
            f" {len(reminders.reminders)} reminder(s)"
        )
    if dry_run:
        for p in created:
            what = f"{words.kind(p.kind)} {p.number}" if p.number else words.kind(p.kind)
            lines.append(
                f"  schedule {p.schedule}: {what} dated {words.day(p.date)}, "
                f"total {words.kr(p.total)}"
            )
    return view(data, *lines, warnings=warnings)


def would_fail(created: Sequence[Any], *, dry_run: bool) -> list[str]:
    """A dry run's deliveries that could not even be queued (stderr, as cron mails it)."""
    if not dry_run:
        return []
    from faktura_cli.render import words  # not for the idle run (SPEC §17)

    return [
        f"faktura: delivery would fail: {words.delivered(p.kind, p.number)}"
        f" ({words.via(None)}): {p.delivery_error}; give the customer a channel"
        f" (`faktura customer edit`) or the schedule one"
        f" (`faktura recurring edit {p.schedule} --delivery print`)"
        for p in created
        if p.delivery_error
    ]


def held_view(h: Any) -> dict[str, Any]:
    """A schedule run-due held back: its next occurrence is in the locked period (SPEC 13)."""
    return {
        "schedule": h.schedule,
        "kind": h.kind,
        "date": h.date.isoformat(),
        "locked_to": h.lock.to.isoformat(),
        "next_open": h.next_open.isoformat() if h.next_open else None,
    }


def held_warning(h: Any) -> str:
    """The stderr line run-due prints for a held schedule on every run until a person acts."""
    way_out = (
        f"move it past the lock with `faktura recurring edit {h.schedule} --next-date"
        f" {h.next_open.isoformat()}` (and make what it missed by hand) or "
        if h.next_open
        else ""
    )
    return (
        f"schedule {h.schedule}: its next occurrence, {h.date.isoformat()}, is in the locked"
        f" period (locked to {h.lock.to.isoformat()}, {h.lock.reason}): not produced; "
        f"{way_out}stop it with `faktura recurring deactivate {h.schedule}`"
    )
