"""`faktura factoring apply|status|settings|offer|accept|decline|confirm|list`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


def _money(ore: int | None) -> str | None:
    from faktura_cli.render.views import to_json

    return None if ore is None else to_json(ore)


def _when(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def agreement_view(a) -> dict[str, Any]:
    return {
        "status": a.status,
        "reasons": list(a.reasons),
        "applied_at": _when(a.applied_at),
        "decided_at": _when(a.decided_at),
        "refund_account": a.refund_account,
    }


def offer_view(o) -> dict[str, Any]:
    return {
        "invoice": o.invoice,
        "eligible": o.eligible,
        "reasons": [code for code, _ in o.reasons],
        "messages": [text for _, text in o.reasons],
        "fee_rate": None if o.fee_rate is None else f"{o.fee_rate:.2f}",
        "fee": _money(o.fee),
        "payout": _money(o.payout),
        "status": o.status,
        "valid_until": _when(o.valid_until),
        "planned_payout": _when(o.planned_payout),
        "effective_annual_cost": (
            None if o.effective_annual_cost is None else f"{o.effective_annual_cost:.2f}"
        ),
    }


def sale_view(s) -> dict[str, Any]:
    return {
        "invoice": s.invoice,
        "planned_payout": s.planned_payout.isoformat(),
        "bank_account": s.bank_account,
        "kid": s.kid,
        "fee_rate": f"{s.fee_rate:.2f}",
        "fee": _money(s.fee),
        "payout": _money(s.payout),
        "total": _money(s.total),
        "voucher": s.voucher,
    }


def sale_state_view(s) -> dict[str, Any]:
    return {
        **sale_view(s.sale),
        "state": s.state,
        "confirmed_on": _when(s.confirmed_on),
        "regress_owed": _money(s.regress_owed),
    }


def print_offer(view: dict[str, Any]) -> None:
    from faktura_cli.render import words

    if view["eligible"]:
        say(
            f"offer for invoice {view['invoice']}: fee {words.kr_json(view['fee'])} "
            f"({words.number(view['fee_rate'])} %), payout {words.kr_json(view['payout'])} "
            f"{words.moment_iso(view['planned_payout'])}; valid until "
            f"{words.moment_iso(view['valid_until'])} ({words.word(view['status'])})"
        )
    else:
        say(f"no offer for invoice {view['invoice']} ({words.word(view['status'])}):")
        for code, text in zip(view["reasons"], view["messages"], strict=True):
            say(f"  {code}: {text}")
        say(
            f"a held invoice goes out with the next `faktura run-due`, or now with "
            f"`faktura factoring decline {view['invoice']}`"
        )


@app.command("apply", help="Apply for a factoring agreement (the partner reads your books).")
def apply_(
    ctx: typer.Context,
    consent: Annotated[
        bool, Opt("--consent", help="Give the partner access to your accounting data.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render import words
    from faktura_cli.services.factoring import apply

    view = agreement_view(apply(books(ctx), consent=consent, now=now()))
    if as_json:
        emit_json(view)
    else:
        say(
            f"factoring agreement: {words.word(view['status'])} (the partner decides at 09:00"
            " next business day)"
        )


@app.command(
    "status", help="The factoring agreement: none, pending, approved, declined or refused."
)
def status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.services.factoring import agreement_status

    view = agreement_view(agreement_status(books(ctx), now=now()))
    if as_json:
        emit_json(view)
        return
    from faktura_cli.render import words

    say(f"factoring agreement: {words.word(view['status'])}")
    for reason in view["reasons"]:
        say(f"  {reason}")
    if view["refund_account"]:
        say(f"refund account: {words.konto(view['refund_account'])}")


@app.command("settings", help="Set the account the partner pays refunds to.")
def settings(
    ctx: typer.Context,
    refund_account: Annotated[
        str, Opt(help="Kontonummer for refunds.", parser=params.kontonummer)
    ],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.factoring import set_refund_account

    view = agreement_view(set_refund_account(books(ctx), refund_account, now=now()))
    if as_json:
        emit_json(view)
    else:
        from faktura_cli.render import words

        say(f"refund account: {words.konto(view['refund_account'])}")


@app.command("offer", help="Ask the partner for an offer on an undelivered invoice.")
def offer(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    from faktura_cli.services.factoring import request_offer

    view = offer_view(request_offer(books(ctx), number, now=now()))
    emit_json(view) if as_json else print_offer(view)


@app.command("accept", help="Accept today's offer: sell the invoice and deliver it.")
def accept(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    from faktura_cli.cli.invoice import deliver_now
    from faktura_cli.services.factoring import accept as sell

    conn = books(ctx)
    view = sale_view(sell(conn, number, now=now()))
    deliver_now(conn, number)
    if as_json:
        emit_json(view)
    else:
        from faktura_cli.render import words

        say(
            f"invoice {number} sold: payout {words.kr_json(view['payout'])} planned "
            f"{words.moment_iso(view['planned_payout'])}; the customer pays to "
            f"{words.konto(view['bank_account'])} (KID {view['kid']})"
        )


@app.command("decline", help="Decline the offer; a held invoice is delivered as usual.")
def decline(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    from faktura_cli.cli.invoice import deliver_now
    from faktura_cli.services.factoring import decline as refuse

    conn = books(ctx)
    view = offer_view(refuse(conn, number, now=now()))
    deliver_now(conn, number)
    emit_json(view) if as_json else say(f"offer for invoice {number} declined")


@app.command("confirm", help="Record the partner's payout in the bank (1920 / 1579).")
def confirm(
    ctx: typer.Context,
    number: int,
    date: Annotated[
        dt.date,
        Opt(
            "--date",
            help="The day the payout reached the bank.",
            parser=params.norwegian_date("payout date"),
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.factoring import confirm as record

    view = sale_state_view(record(books(ctx), number, day=date, now=now()))
    if as_json:
        emit_json(view)
    else:
        from faktura_cli.render import words

        say(f"payout for invoice {number} confirmed on {words.day_iso(view['confirmed_on'])}")


@app.command("list", help="Every offer and sale with its state.")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.services.factoring import list_factoring

    rows = [
        {
            "invoice": r.invoice,
            "state": r.state,
            "fee": _money(r.fee),
            "payout": _money(r.payout),
            "planned_payout": _when(r.planned_payout),
            "confirmed_on": _when(r.confirmed_on),
            "regress_owed": _money(r.regress_owed),
        }
        for r in list_factoring(books(ctx), now=now())
    ]
    if as_json:
        emit_json({"sales": rows})
        return
    from faktura_cli.cli.common import console
    from faktura_cli.render import terminal, words

    wide = terminal.table(
        None,
        [
            ("Invoice", "r"),
            ("State", "w"),
            ("Fee", "r"),
            ("Payout", "r"),
            ("Planned payout", "l"),
            ("Confirmed", "l"),
            ("Regress owed", "r"),
        ],
        [
            [
                str(r["invoice"]),
                words.word(str(r["state"])),
                words.kr_json(r["fee"]),  # type: ignore[arg-type]
                words.kr_json(r["payout"]),  # type: ignore[arg-type]
                words.moment_iso(r["planned_payout"]),  # type: ignore[arg-type]
                words.day_iso(r["confirmed_on"]),  # type: ignore[arg-type]
                words.kr_json(r["regress_owed"]),  # type: ignore[arg-type]
            ]
            for r in rows
        ],
    )
    narrow = terminal.table(
        None,
        [
            ("Inv.", "r"),
            ("State", "w"),
            ("Fee", "r"),
            ("Payout", "r"),
            ("Payout at", "l"),
            ("Regress", "r"),
        ],
        [
            [
                str(r["invoice"]),
                words.word(str(r["state"])),
                words.kr_json(r["fee"]),  # type: ignore[arg-type]
                words.kr_json(r["payout"]),  # type: ignore[arg-type]
                words.moment_iso(r["planned_payout"]).replace(" kl.", ""),  # type: ignore[arg-type]
                words.kr_json(r["regress_owed"]),  # type: ignore[arg-type]
            ]
            for r in rows
        ],
    )
    console().print(terminal.Either(wide, narrow))


@app.command("regress-quote", help="What crediting a sold invoice in full would cost on a day.")
def regress_quote(
    ctx: typer.Context,
    number: int,
    date: Annotated[
        dt.date | None,
        Opt(
            "--date",
            help="The credit date (default today).",
            parser=params.norwegian_date("--date"),
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.factoring import regress_quote as quote

    q = quote(books(ctx), number, day=date, now=now())
    view = {
        "invoice": q.invoice,
        "date": q.day.isoformat(),
        "factoring_outcome": q.outcome,
        "regress_amount": _money(q.regress),
    }
    if as_json:
        emit_json(view)
    else:
        from faktura_cli.render import words

        if q.outcome == "annulled":
            say(
                f"crediting invoice {number} on {words.day(q.day)}: the sale is annulled,"
                " nothing to pay the partner"
            )
        else:
            say(
                f"crediting invoice {number} on {words.day(q.day)}: regress "
                f"{words.kr(q.regress or 0)} to pay the partner"
            )


@app.command("pay-regress", help="Pay the partner's regress invoice (2400 / 1920).")
def pay_regress(
    ctx: typer.Context,
    number: int,
    date: Annotated[
        dt.date | None,
        Opt("--date", help="Payment date (default today).", parser=params.norwegian_date("--date")),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.factoring import pay_regress as pay

    view = sale_state_view(pay(books(ctx), number, day=date, now=now()))
    emit_json(view) if as_json else say(f"regress for invoice {number} paid")
