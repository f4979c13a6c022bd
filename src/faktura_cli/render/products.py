"""`faktura product ...` as people and programs see it."""

from __future__ import annotations

from collections.abc import Sequence

from faktura_cli.domain.records import Product
from faktura_cli.domain.vat import TREATMENTS
from faktura_cli.render import terminal
from faktura_cli.render.view import View, view
from faktura_cli.render.views import product_view
from faktura_cli.render.words import kr, word


def vat_word(code: str) -> str:
    """A product's VAT as people say it: '25 %', 'unntatt' (never the code 'exempt')."""
    treatment = TREATMENTS.get(code)
    return terminal.vat_label(treatment) if treatment else word(code)


def product(p: Product) -> View:
    card = terminal.key_values(
        f"Product {p.number}: {p.name}",
        [
            ("Price ex. VAT", kr(p.price)),
            ("VAT", vat_word(p.vat)),
            ("Unit", p.unit),
        ],
    )
    return view(product_view(p), card)


def added(p: Product) -> View:
    """`product add` prints the product number (scripts read it); --json the whole product."""
    return view(product_view(p), p.number)


def price_set(p: Product) -> View:
    return view(product_view(p), f"Product {p.number} now costs {kr(p.price)} ex. VAT")


def product_list(products: Sequence[Product]) -> View:
    shown = terminal.table(
        None,
        [("No.", "l"), ("Name", "w"), ("Price ex. VAT", "r"), ("VAT", "l"), ("Unit", "l")],
        [[p.number, p.name, kr(p.price), vat_word(p.vat), p.unit] for p in products],
    )
    return view({"products": [product_view(p) for p in products]}, shown)
