"""Reports for the accountant: the VAT term."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from faktura_cli.domain.invoice import VAT_ORDER
from faktura_cli.domain.reports import Period, vat_term, year_period
from faktura_cli.domain.vat import (
    PURCHASE_VAT,
    TREATMENTS,
    VAT_ACCOUNTS,
    PurchaseVat,
    VatTreatment,
)
from faktura_cli.errors import DatabaseProblem, InvalidInput


@dataclass(frozen=True)
class VatLine:
    """One VAT treatment in a term: the base and the VAT, sales as positive amounts."""

    treatment: VatTreatment
    base: int
    vat: int


@dataclass(frozen=True)
class PurchaseLine:
    """One input VAT code in a term: the purchases' base and the VAT deducted (both positive);
    reverse charge (86/88) also the VAT computed and owed."""

    vat: PurchaseVat
    base: int
    deductible: int
    payable: int = 0


@dataclass(frozen=True)
class VatReport:
    period: Period
    lines: tuple[VatLine, ...]
    purchases: tuple[PurchaseLine, ...] = ()

    @property
    def input_vat_total(self) -> int:
        return sum(line.deductible for line in self.purchases)

    @property
    def reverse_charge_total(self) -> int:
        return sum(line.payable for line in self.purchases)

    @property
    def to_pay(self) -> int:
        """Output VAT (sales and reverse charge) minus the input VAT deducted; < 0: to get back."""
        return self.vat_total + self.reverse_charge_total - self.input_vat_total

    @property
    def base_total(self) -> int:
        return sum(line.base for line in self.lines)

    @property
    def vat_total(self) -> int:
        return sum(line.vat for line in self.lines)


def vat_period(*, term: str | None, year: str | None) -> Period:
    if term and year:
        raise InvalidInput("give --term or --year, not both")
    if term:
        return vat_term(term)
    if year:
        return year_period(year)
    raise InvalidInput(
        "which VAT term?", hint="give --term YYYY-N (two months, 1 to 6) or --year YYYY (annual)"
    )


def vat_report(conn: sqlite3.Connection, period: Period) -> VatReport:
    """Base and VAT per VAT treatment, straight from the postings' VAT codes.

    Revenue postings carry the base and 27xx postings the VAT, both tagged with the treatment
    they were posted under; credits are sales, so the signs are turned.
    """
    sums: dict[str, dict[bool, int]] = {}
    bought: dict[str, dict[str, int]] = {}
    for code, account, amount in conn.execute(
        """
        SELECT vat_code, CASE WHEN account IN (SELECT value FROM json_each(:vat_accounts))
            THEN account ELSE '' END, SUM(amount) FROM postings
        WHERE vat_code IS NOT NULL AND date BETWEEN :start AND :end
        GROUP BY 1, 2
        """,
        {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "vat_accounts": json.dumps(sorted(VAT_ACCOUNTS)),
        },
    ):
        if code in PURCHASE_VAT:
            bought.setdefault(code, {})[account] = amount
        else:
            sums.setdefault(code, {})[account != ""] = -amount
    unknown = sorted(sums.keys() - TREATMENTS.keys())
    if unknown:  # pragma: no cover - make_voucher only posts known treatments
        raise DatabaseProblem(f"postings carry unknown VAT codes {', '.join(unknown)}")
    return VatReport(
        period,
        tuple(
            VatLine(TREATMENTS[code], sums[code].get(False, 0), sums[code].get(True, 0))
            for code in VAT_ORDER
            if code in sums
        ),
        tuple(
            PurchaseLine(
                vat,
                bought[code].get("", 0),
                bought[code].get(vat.deductible_account, 0),
                -bought[code].get(vat.payable_account, 0) if vat.payable_account else 0,
            )
            for code, vat in PURCHASE_VAT.items()
            if code in bought
        ),
    )
