"""`faktura outbox ...` as people and programs see it: deliveries and how they went."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from faktura_cli.render import terminal
from faktura_cli.render.view import View, view
from faktura_cli.render.words import channel, day, delivered, via, word


def named(d: Any) -> str:
    """What a delivery (storage.outbox.Delivery or services.outbox.DeliveryOutcome) carries,
    for people: 'faktura 1', 'kreditnota 2', 'purring 3 på faktura 1', 'ordre 4'."""
    document = d.document if hasattr(d, "document") else d.number
    order = d.order_id if hasattr(d, "order_id") else d.order
    return delivered(d.kind, document, order=order, reminder=d.reminder)


def waiting_line(d: Any) -> str:
    """The stderr line for one delivery waiting for a person's decision (cron mails stderr to
    the owner): what it carries, by which channel, why, and the command that settles it."""
    if d.status == "uncertain":
        return (
            f"faktura: delivery uncertain: {named(d)} ({via(d.channel)}): {d.error}; "
            f"did it arrive? `faktura outbox resolve {d.id} --sent` or `--resend`"
        )
    fix = (
        f"`faktura invoice send {d.document} --channel print`"
        if d.channel == "none" and d.document is not None and d.reminder is None
        else f"`faktura outbox retry {d.id}`"
    )
    return f"faktura: delivery failed: {named(d)} ({via(d.channel)}): {d.error}; {fix}"


def delivery_view(d: Any) -> dict[str, object]:
    """A delivery as stored (storage.outbox.Delivery)."""
    return {
        "id": d.id,
        "document": d.document,
        "order_id": d.order_id,
        "reminder": d.reminder,
        "channel": d.channel,
        "status": d.status,
        "error": d.error,
        "target": d.target,
        "via": d.via,
        "queued_at": d.queued_at,
        "done_at": d.done_at,
        "superseded_by": d.superseded_by,
        "notified_at": d.notified_at,
    }


def outcome_view(o: Any) -> dict[str, object]:
    """How one delivery went (services.outbox.DeliveryOutcome)."""
    return {
        "id": o.id,
        "number": o.number,
        "order": o.order,
        "channel": o.channel,
        "status": o.status,
        "error": o.error,
        "target": o.target,
    }


def delivery_list(deliveries: Sequence[Any]) -> View:
    """`outbox list`: what was sent, is waiting, or waits for a person's decision."""
    shown = terminal.table(
        None,
        [
            ("Id", "r"),
            ("Invoice", "r"),
            ("Order", "r"),
            ("Queued", "l"),
            ("Channel", "l"),
            ("Status", "w"),
            ("Where / why", "w"),
        ],
        [
            [
                d.id,
                d.document if d.reminder is None else f"{d.document} (purring {d.reminder})",
                d.order_id,
                day(datetime.fromisoformat(d.queued_at)),
                channel(d.channel),
                word(d.status)
                + (f" (besvart av {d.superseded_by})" if d.superseded_by is not None else ""),
                d.target or d.error,
            ]
            for d in deliveries
        ],
    )
    return view({"deliveries": [delivery_view(d) for d in deliveries]}, shown)


def delivery_counts(sent: int, failed: int, uncertain: int) -> str:
    """How a run's deliveries went, for people: '2 levert, 1 feilet, 0 usikre'."""
    return f"{sent} levert, {failed} feilet, {uncertain} {'usikker' if uncertain == 1 else 'usikre'}"


def flushed(outcomes: Sequence[Any], waiting: Sequence[Any]) -> View:
    """`outbox flush`: what went out now, and what still waits for a decision."""
    sent = sum(o.status == "sent" for o in outcomes)
    failed = sum(d.status == "failed" for d in waiting)
    return view(
        {
            "deliveries": [outcome_view(o) for o in outcomes],
            "outstanding": [delivery_view(d) for d in waiting],
        },
        delivery_counts(sent, failed, len(waiting) - failed),
    )


def carried_out(outcome: Any) -> View:
    """`outbox retry` / `resolve --resend`: the delivery made now (a failure goes to stderr)."""
    done = (
        f"delivery {outcome.id}: {named(outcome)} delivered by {via(outcome.channel)}:"
        f" {outcome.target}"
    )
    return view(outcome_view(outcome), *([done] if outcome.status == "sent" else []))


def resolved(d: Any) -> View:
    return view(delivery_view(d), f"delivery {d.id}: marked sent")
