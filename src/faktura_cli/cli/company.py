"""`faktura init` and `faktura company show|set`."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit, fields_of, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import company as shown
from faktura_cli.services.company import (
    CompanyChanges,
    CompanyInput,
    check_settings,
    get_company,
    init_company,
    update_company,
)

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)

Opt = typer.Option


def init(
    ctx: typer.Context,
    name: Annotated[str, Opt(help="The company's name.")],
    orgnr: Annotated[str, Opt(help="Organisasjonsnummer (MOD11-checked).")],
    legal_form: Annotated[str, Opt(help="ENK, AS, ASA, DA, ANS, NUF, ...")],
    bank_account: Annotated[
        str, Opt("--account", help="Kontonummer customers pay to (MOD11-checked).")
    ],
    vat_registered: Annotated[
        bool, Opt("--vat/--no-vat", help="Registered for VAT (MVA).")
    ] = True,
    address: Annotated[str | None, Opt(help="Street address.")] = None,
    postcode: Annotated[str | None, Opt(help="Four-digit postcode.")] = None,
    city: Annotated[str | None, Opt(help="City (poststed).")] = None,
    email: Annotated[str | None, Opt(help="E-mail address invoices are sent from.")] = None,
    phone: Annotated[str | None, Opt(help="Phone number.")] = None,
    payment_terms: Annotated[
        int | None, Opt(help="Default payment terms in days.", show_default="14")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    given = CompanyInput(**fields_of(CompanyInput, locals()))
    check_settings(given)  # before the file is created: a refused init leaves nothing behind
    company = init_company(books(ctx, create=True), given, now=now())
    emit(shown.created(company), as_json)


@app.command("show", help="Show the company's details.")
def show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    emit(shown.company(get_company(books(ctx))), as_json)


@app.command("set", help="Change the company's details ('' clears an optional field).")
def set_(
    ctx: typer.Context,
    name: Annotated[str | None, Opt(help="The company's name.")] = None,
    orgnr: Annotated[str | None, Opt(help="Organisasjonsnummer.")] = None,
    legal_form: Annotated[str | None, Opt(help="ENK, AS, ASA, DA, ANS, ...")] = None,
    bank_account: Annotated[str | None, Opt("--account", help="Kontonummer.")] = None,
    vat_registered: Annotated[
        bool | None, Opt("--vat/--no-vat", help="Registered for VAT.")
    ] = None,
    address: Annotated[str | None, Opt()] = None,
    postcode: Annotated[str | None, Opt()] = None,
    city: Annotated[str | None, Opt()] = None,
    email: Annotated[str | None, Opt(help="Sender address for e-mail.")] = None,
    phone: Annotated[str | None, Opt()] = None,
    payment_terms: Annotated[int | None, Opt(help="Default payment terms in days.")] = None,
    status: Annotated[str | None, Opt(help="active, bankrupt or liquidation.")] = None,
    notify_email: Annotated[str | None, Opt(help="Where failed deliveries are reported.")] = None,
    smtp_host: Annotated[str | None, Opt(help="SMTP server for e-mail delivery.")] = None,
    smtp_port: Annotated[str | None, Opt(help="SMTP port (default 587).")] = None,
    smtp_user: Annotated[
        str | None, Opt(help="SMTP user; the password only from $FAKTURA_SMTP_PASSWORD.")
    ] = None,
    smtp_security: Annotated[
        str | None,
        Opt(
            help="starttls, tls or none ('' = by the port: tls on 465, else starttls);"
            " none only without --smtp-user."
        ),
    ] = None,
    outbox_dir: Annotated[str | None, Opt(help="Where documents wait for delivery.")] = None,
    remind_after: Annotated[
        str | None, Opt(help="Days past due before `remind` sends a reminder (default 14).")
    ] = None,
    reminder_fee: Annotated[
        str | None, Opt(help="Reminder fee, at most the legal maximum ('' = the maximum).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    changes = CompanyChanges(**fields_of(CompanyChanges, locals()))
    company = update_company(books(ctx), changes, now=now())
    emit(shown.updated(company), as_json)
