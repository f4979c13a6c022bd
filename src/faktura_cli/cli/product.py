"""`faktura product add|list|show|set-price`."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


def _render_one(product, as_json: bool) -> None:
    from faktura_cli.render import terminal
    from faktura_cli.render.views import product_view

    if as_json:
        emit_json(product_view(product))
        return
    console().print(
        terminal.key_values(
            f"Product {product.number}: {product.name}",
            [
                ("Price ex. VAT", terminal.money(product.price)),
                ("VAT", product.vat),
                ("Unit", product.unit),
            ],
        )
    )


@app.command("add", help="Add a product.")
def add(
    ctx: typer.Context,
    number: Annotated[str, Opt(help="Product number, used as product=N on lines.")],
    name: Annotated[str, Opt()],
    price: Annotated[str, Opt(help="Unit price excluding VAT, e.g. 1 250,00.")],
    vat: Annotated[str, Opt(help="25, 15, 12, 0 (zero-rated) or exempt.")] = "25",
    unit: Annotated[str | None, Opt(help="e.g. timer, stk.")] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.products import add_product

    product = add_product(
        books(ctx), number=number, name=name, price=price, vat=vat, unit=unit, now=now()
    )
    if as_json:
        _render_one(product, True)
    else:
        say(product.number)


@app.command("list", help="List the products.")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.render import terminal
    from faktura_cli.render.views import product_view
    from faktura_cli.services.products import list_products

    products = list_products(books(ctx))
    if as_json:
        emit_json({"products": [product_view(p) for p in products]})
        return
    console().print(
        terminal.table(
            None,
            [("No.", "l"), ("Name", "w"), ("Price ex. VAT", "r"), ("VAT", "l"), ("Unit", "l")],
            [[p.number, p.name, terminal.money(p.price), p.vat, p.unit] for p in products],
        )
    )


@app.command("show", help="Show one product.")
def show(ctx: typer.Context, number: str, as_json: JsonOption = False) -> None:
    from faktura_cli.services.products import get_product

    _render_one(get_product(books(ctx), number), as_json)


@app.command("set-price", help="Set a product's price (excluding VAT) from now on.")
def set_price(ctx: typer.Context, number: str, price: str, as_json: JsonOption = False) -> None:
    from faktura_cli.services.products import set_price as service

    product = service(books(ctx), number, price, now=now())
    if as_json:
        _render_one(product, True)
    else:
        from faktura_cli.render.terminal import money

        say(f"Product {product.number} now costs {money(product.price)} ex. VAT")
