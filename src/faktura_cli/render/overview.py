"""The owner's overview as JSON, as a Rich dashboard and as a self-contained HTML page.

Pure: an Overview in, a dict / a Rich renderable / an HTML string out. The HTML page carries
its styles and its charts (inline SVG) itself: no script, no font, nothing from the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.domain.overview import Overview
from faktura_cli.domain.reports import AGEING_LABELS
from faktura_cli.render import words

MONTHS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
BUCKET_WORDS = {
    "not_due": "ikke forfalt",
    "days_0_30": "0–30 dager",
    "days_31_60": "31–60 dager",
    "days_61_90": "61–90 dager",
    "over_90": "over 90 dager",
}


def overview_view(ov: Overview) -> dict[str, Any]:
    """The machine shape: amounts as '1200.00', dates ISO, states as codes."""
    return {
        "year": ov.year,
        "today": ov.today.isoformat(),
        "revenue": {
            "months": [
                {"month": m.month.strftime("%Y-%m"), "amount": to_json(m.amount)}
                for m in ov.revenue
            ],
            "total": to_json(ov.revenue_total),
        },
        "open": {
            "buckets": [
                {
                    "bucket": b.bucket,
                    "label": AGEING_LABELS[b.bucket],
                    "amount": to_json(b.amount),
                    "items": b.items,
                }
                for b in ov.ageing
            ],
            "total": to_json(ov.open_total),
        },
        "recurring": {
            "from": ov.today.isoformat(),
            "to": ov.recurring_until.isoformat(),
            "items": [
                {
                    "date": r.date.isoformat(),
                    "schedule": r.schedule,
                    "customer": r.customer,
                    "customer_name": r.customer_name,
                    "kind": r.kind,
                    "total": to_json(r.total),
                }
                for r in ov.recurring
            ],
            "total": to_json(ov.recurring_total),
        },
        "attention": [
            {
                "kind": a.kind,
                "count": a.count,
                "amount": None if a.amount is None else to_json(a.amount),
                "text": a.text,
                "command": a.command,
            }
            for a in ov.attention
        ],
    }


# ---------------------------------------------------------------- terminal


class Dashboard:
    """The overview for a terminal of any width: bars scale to it, amounts stay whole."""

    def __init__(self, ov: Overview) -> None:
        self.ov = ov

    def __rich_console__(self, console, options):
        from rich.panel import Panel
        from rich.table import Table
        from rich.text import Text

        ov = self.ov
        width = options.max_width
        inner = width - 4  # the panel's border and padding

        def bar_table(rows: list[tuple[str, int, str]], colour: str) -> Table:
            label_w = max(len(label) for label, _, _ in rows)
            amount_w = max(len(amount) for _, _, amount in rows)
            room = max(inner - label_w - amount_w - 4, 4)
            top = max((value for _, value, _ in rows), default=0) or 1
            t = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
            t.add_column(no_wrap=True, width=label_w)
            t.add_column(no_wrap=True, width=room)
            t.add_column(justify="right", no_wrap=True, width=amount_w)
            for label, value, amount in rows:
                cells = round(room * max(value, 0) / top)
                t.add_row(label, Text("█" * cells, style=colour), amount)
            return t

        revenue = bar_table(
            [(MONTHS[m.month.month - 1], m.amount, words.kr(m.amount)) for m in ov.revenue],
            "green",
        )
        yield Panel(
            revenue,
            title=f"Inntekter {ov.year}: {words.kr(ov.revenue_total)}",
            title_align="left",
            width=width,
        )
        ageing = bar_table(
            [(BUCKET_WORDS[b.bucket], b.amount, words.kr(b.amount)) for b in ov.ageing],
            "yellow",
        )
        yield Panel(
            ageing,
            title=f"Utestående {words.day(ov.today)}: {words.kr(ov.open_total)}",
            title_align="left",
            width=width,
        )
        from faktura_cli.render.terminal import table, to_rich

        upcoming = table(
            None,
            [("Dato", "l"), ("Kunde", "w"), ("Type", "l"), ("Beløp", "r")],
            [
                [
                    words.day(r.date),
                    f"{r.customer} {r.customer_name}",
                    words.kind(r.kind),
                    words.kr(r.total),
                ]
                for r in ov.recurring
            ],
        )
        yield Panel(
            to_rich(upcoming, inner) if ov.recurring else Text("Ingen faste inntekter forfaller."),
            title=(
                f"Faste inntekter {words.day(ov.today)}–{words.day(ov.recurring_until)}: "
                f"{words.kr(ov.recurring_total)}"
            ),
            title_align="left",
            width=width,
        )
        waiting = Text()
        for k, a in enumerate(ov.attention):
            if k:
                waiting.append("\n")
            amount = f" ({words.kr(a.amount)})" if a.amount is not None else ""
            waiting.append(f"• {a.text}{amount}\n  ", style="bold")
            waiting.append(a.command, style="cyan")
        yield Panel(
            waiting if ov.attention else Text("Ingenting venter på deg."),
            title="Venter på deg",
            title_align="left",
            width=width,
        )


# ---------------------------------------------------------------- HTML


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    amount: str


def column_bars(values: list[tuple[str, int]], *, width: int, height: int) -> list[Bar]:
    """Vertical bars for an SVG chart of `width` × `height` (labels below, outside)."""
    top = max((v for _, v in values), default=0) or 1
    step = width / max(len(values), 1)
    bars = []
    for k, (label, value) in enumerate(values):
        h = height * max(value, 0) / top
        bars.append(Bar(k * step + step * 0.15, height - h, step * 0.7, h, label, words.kr(value)))
    return bars


def row_bars(values: list[tuple[str, int]], *, width: int, row: int) -> list[Bar]:
    """Horizontal bars, one per row of `row` px, scaled to `width`."""
    top = max((v for _, v in values), default=0) or 1
    return [
        Bar(0, k * row, width * max(value, 0) / top, row * 0.6, label, words.kr(value))
        for k, (label, value) in enumerate(values)
    ]


def overview_html(ov: Overview) -> str:
    import jinja2

    from faktura_cli.resources import resource_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resource_dir("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    revenue = column_bars(
        [(MONTHS[m.month.month - 1], m.amount) for m in ov.revenue], width=720, height=220
    )
    ageing = row_bars([(BUCKET_WORDS[b.bucket], b.amount) for b in ov.ageing], width=260, row=34)
    return env.get_template("overview.html").render(
        ov=ov,
        company=ov.company,
        words=words,
        revenue=revenue,
        ageing=ageing,
        buckets=ov.ageing,
    )
