"""The product register. Prices are not dated: a new price applies from now on."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import datetime

from faktura_cli.domain.money import parse_price
from faktura_cli.domain.records import Product
from faktura_cli.domain.vat import parse_vat
from faktura_cli.errors import InvalidInput, RuleViolation
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import transaction

_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,31}$")


def add_product(
    conn: sqlite3.Connection,
    *,
    number: str,
    name: str,
    price: str,
    vat: str = "25",
    unit: str | None = None,
    now: datetime,
) -> Product:
    number = number.strip()
    if not _NUMBER.match(number):
        raise InvalidInput(
            f"product number {number!r} is not valid",
            hint="letters, digits and . _ - / only, at most 32 characters",
        )
    if not " ".join(name.split()):
        raise InvalidInput("the product's name cannot be empty")
    product = Product(
        number=number,
        name=" ".join(name.split()),
        price=parse_price(price),
        vat=parse_vat(vat).code,
        unit=(unit or "").strip() or None,
    )
    with transaction(conn):
        if repo.product_exists(conn, number):
            raise RuleViolation(f"product {number} exists already")
        repo.save_product(conn, product, now=now)
        repo.log_event(conn, "product add", f"{number} {product.name}", now=now)
    return product


def set_price(conn: sqlite3.Connection, number: str, price: str, *, now: datetime) -> Product:
    new_price = parse_price(price)
    with transaction(conn):
        product = replace(repo.get_product(conn, number), price=new_price)
        repo.save_product(conn, product, now=now)
        repo.log_event(conn, "product set-price", f"{number} {price}", now=now)
    return product


def get_product(conn: sqlite3.Connection, number: str) -> Product:
    return repo.get_product(conn, number)


def list_products(conn: sqlite3.Connection) -> list[Product]:
    return repo.list_products(conn)
