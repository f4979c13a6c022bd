"""The product register: rows <-> records, inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, fields
from datetime import datetime

from faktura_cli.domain.records import Product
from faktura_cli.errors import NotFound


def _product(row: sqlite3.Row) -> Product:
    return Product(**{f.name: row[f.name] for f in fields(Product)})


def product_exists(conn: sqlite3.Connection, number: str) -> bool:
    return conn.execute("SELECT 1 FROM products WHERE number = ?", (number,)).fetchone() is not None


def save_product(conn: sqlite3.Connection, product: Product, *, now: datetime) -> None:
    data = asdict(product)
    conn.execute(
        "INSERT INTO products (number, name, price, vat, unit, created_at) "
        "VALUES (:number, :name, :price, :vat, :unit, :created_at) "
        "ON CONFLICT (number) DO UPDATE SET name = excluded.name, price = excluded.price, "
        "vat = excluded.vat, unit = excluded.unit",
        {**data, "created_at": now.isoformat()},
    )


def get_product(conn: sqlite3.Connection, number: str) -> Product:
    row = conn.execute("SELECT * FROM products WHERE number = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no product {number}", hint="`faktura product list` shows them")
    return _product(row)


def list_products(conn: sqlite3.Connection) -> list[Product]:
    return [
        _product(r)
        for r in conn.execute("SELECT * FROM products ORDER BY CAST(number AS INTEGER), number")
    ]
