"""`faktura recurring ...` as people and programs see it.

The arguments are the recurring services' results (Schedule, the channel its invoices will use,
upcoming occurrences with their priced lines, what a schedule produced).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from faktura_cli.domain.delivery import ChannelChoice
from faktura_cli.domain.money import decimal_text, to_json
from faktura_cli.render import terminal, words
from faktura_cli.render.products import vat_word
from faktura_cli.render.view import Part, View, view

# An amount in a price computation ("1250.00 × monthly price = 1250.00") for people.
_AMOUNT = re.compile(r"(?<![\d.,])(\d+)\.(\d\d)(?![\d.])")


def schedule_view(schedule: Any, choice: ChannelChoice | None) -> dict[str, Any]:
    """The --json document of a schedule (SPEC 5); `choice` None: the channel is not asked."""
    return {
        "id": schedule.id,
        "customer": schedule.customer,
        "every": schedule.interval.every,
        "unit": schedule.interval.unit,
        "produces": schedule.produces,
        "next_date": schedule.next_date.isoformat(),
        "prep_days": schedule.prep_days,
        "no_credit_days": schedule.no_credit_days,
        "agreement_date": schedule.agreement_date.isoformat() if schedule.agreement_date else None,
        "end_date": schedule.end_date.isoformat() if schedule.end_date else None,
        "max_count": schedule.max_count,
        "terms": schedule.terms,
        "delivery": list(schedule.delivery) if schedule.delivery else None,
        "buyer_ref": schedule.buyer_ref,
        "order_ref": schedule.order_ref,
        "channel": choice.channel if choice else None,
        "channel_problem": (choice.reason or None) if choice else None,
        "active": schedule.active,
        "produced": schedule.produced,
        "lines": [
            {
                "product": ln.product,
                "text": ln.text,
                "qty": decimal_text(ln.qty),
                "price": to_json(ln.price) if ln.price is not None else None,
                "vat": ln.vat,
                "discount": decimal_text(ln.discount),
                "source": ln.source,
                "factor": ln.factor,
            }
            for ln in schedule.lines
        ],
    }


def _warnings(schedule: Any, choice: ChannelChoice) -> list[str]:
    """A schedule whose invoices cannot go out is said on stderr (exit 0)."""
    if choice.channel or schedule.produces != "invoice":
        return []
    return [
        f"schedule {schedule.id}: no delivery channel: {choice.reason}; "
        "its invoices will not be delivered"
    ]


def _upcoming_view(planned: Sequence[tuple[Any, Sequence[Any], int]]) -> list[dict[str, Any]]:
    return [
        {
            "date": occ.date.isoformat(),
            "period_to": occ.period_end.isoformat(),
            "total": to_json(total),
            "lines": [
                {
                    "text": p.line.text,
                    "qty": str(p.line.qty),
                    "unit_price": to_json(p.line.unit_price),
                    "period_from": p.line.period_from.isoformat() if p.line.period_from else None,
                    "period_to": p.line.period_to.isoformat() if p.line.period_to else None,
                    "computation": p.explanation,
                }
                for p in priced
            ],
        }
        for occ, priced, total in planned
    ]


def computation(text: str) -> str:
    """How a price was reached, in Norwegian numbers: '1 250,00 × monthly price = 1 250,00'."""
    return _AMOUNT.sub(lambda m: words.kr(int(m.group(1)) * 100 + int(m.group(2))), text)


def schedule(
    s: Any, choice: ChannelChoice, planned: Sequence[tuple[Any, Sequence[Any], int]] | None = None
) -> View:
    """A schedule, the channel its invoices will use and, asked for, the next occurrences
    (`planned` None: not asked; [] asked, and none are left)."""
    data = schedule_view(s, choice)
    if planned is not None:
        data["upcoming"] = _upcoming_view(planned)
    card = terminal.key_values(
        f"Recurring schedule {s.id}" + ("" if s.active else f" ({words.word('inactive')})"),
        [
            ("Customer", s.customer),
            ("Produces", words.kind(s.produces)),
            ("Interval", words.interval(s.interval.every, s.interval.unit)),
            ("Next date", s.next_date),
            ("Prep days", s.prep_days or None),
            ("No credit days", "ja" if s.no_credit_days else None),
            ("Agreement date", s.agreement_date),
            ("End date", s.end_date),
            ("Max count", s.max_count),
            ("Terms", s.terms and f"{s.terms} dager"),
            ("Delivery", words.channel(choice.channel) or "ingen kanal"),
            ("Produced", s.produced),
        ],
    )
    lines = terminal.table(
        None,
        [
            ("#", "r"),
            ("Line", "w"),
            ("Qty", "r"),
            ("Price", "r"),
            ("VAT", "l"),
            ("Source", "l"),
            ("Factor", "l"),
        ],
        [
            [
                k,
                ln.text or f"product {ln.product}",
                words.number(ln.qty),
                words.kr(ln.price) if ln.price is not None else "product's",
                vat_word(ln.vat) if ln.vat else "",
                ln.source,
                ln.factor,
            ]
            for k, ln in enumerate(s.lines, start=1)
        ],
    )
    parts: list[Part] = [card, lines]
    for occ, priced, total in planned or ():
        parts.append(f"{words.day(occ.date)}  total {words.kr(total)}")
        for p in priced:
            line = p.line
            period = (
                f" {words.day(line.period_from)}–{words.day(line.period_to)}"
                if line.period_from
                else ""
            )
            parts.append(
                f"    {line.text}{period}: {words.number(line.qty)} × {words.kr(line.unit_price)}"
                f"  ({computation(p.explanation)})"
            )
    return view(data, *parts, warnings=_warnings(s, choice))


def created(s: Any, choice: ChannelChoice) -> View:
    """`recurring create` prints the new id (scripts read it); --json the whole schedule."""
    return view(schedule_view(s, choice), str(s.id), warnings=_warnings(s, choice))


def deactivated(s: Any) -> View:
    return view(schedule_view(s, None), f"Schedule {s.id} deactivated")


def activated(s: Any, choice: ChannelChoice) -> View:
    return view(
        schedule_view(s, choice),
        f"Schedule {s.id} active again; next invoice date {words.day(s.next_date)}",
        warnings=_warnings(s, choice),
    )


def schedule_list(schedules: Sequence[tuple[Any, ChannelChoice]]) -> View:
    shown = terminal.table(
        None,
        [
            ("Id", "r"),
            ("Customer", "r"),
            ("Produces", "l"),
            ("Interval", "w"),
            ("Next date", "l"),
            ("Produced", "r"),
            ("Active", "l"),
            ("Channel", "w"),
        ],
        [
            [
                s.id,
                s.customer,
                words.kind(s.produces),
                words.interval(s.interval.every, s.interval.unit),
                s.next_date,
                s.produced,
                "ja" if s.active else "nei",
                words.channel(choice.channel) or "ingen kanal",
            ]
            for s, choice in schedules
        ],
    )
    return view({"schedules": [schedule_view(s, choice) for s, choice in schedules]}, shown)


def produced(schedule_id: int, rows: Sequence[Any]) -> View:
    """What a schedule has produced: its invoices or orders."""
    data = {
        "schedule": schedule_id,
        "invoices": [
            {
                "date": r.date,
                "invoice": r.document,
                "order": r.order_id,
                "due_date": r.due_date,
                "total": to_json(r.total),
                "produced_at": r.produced_at,
            }
            for r in rows
        ],
    }
    shown = terminal.table(
        f"Produced by schedule {schedule_id}",
        [("Date", "l"), ("Invoice", "r"), ("Order", "r"), ("Due", "l"), ("Total", "r")],
        [[r.date, r.document, r.order_id, r.due_date, words.kr(r.total)] for r in rows],
    )
    return view(data, shown)
