"""`faktura product add|list|show|set-price`."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import products
from faktura_cli.services.products import add_product, get_product, list_products
from faktura_cli.services.products import set_price as set_product_price

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


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
    product = add_product(
        books(ctx), number=number, name=name, price=price, vat=vat, unit=unit, now=now()
    )
    emit(products.added(product), as_json)


@app.command("list", help="List the products.")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    emit(products.product_list(list_products(books(ctx))), as_json)


@app.command("show", help="Show one product.")
def show(ctx: typer.Context, number: str, as_json: JsonOption = False) -> None:
    emit(products.product(get_product(books(ctx), number)), as_json)


@app.command("set-price", help="Set a product's price (excluding VAT) from now on.")
def set_price(ctx: typer.Context, number: str, price: str, as_json: JsonOption = False) -> None:
    emit(products.price_set(set_product_price(books(ctx), number, price, now=now())), as_json)
