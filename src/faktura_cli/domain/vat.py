"""VAT treatments: rate, accounts, SAF-T standard tax code and EHF category, in one table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from faktura_cli.domain.money import round_fraction
from faktura_cli.errors import InvalidInput, RuleViolation


@dataclass(frozen=True)
class VatTreatment:
    code: str  # as typed on a line: 25, 15, 12, 0, exempt; "none" for a company outside the VAT register
    rate: Decimal
    revenue_account: str
    vat_account: str | None
    saft_code: str  # SAF-T StandardTaxCode
    ehf_category: str  # UNCL5305
    label: str

    @property
    def percent_text(self) -> str:
        return f"{self.rate:g}"

    @property
    def rate_code(self) -> str:
        """The line's `vat=` as the user writes it (25, 15, 12, 0, exempt): an export and a
        sale by a company outside the VAT register are at 0 % (their treatment is `code`)."""
        return self.code if self.code in USER_CODES else self.percent_text


TREATMENTS: dict[str, VatTreatment] = {
    t.code: t
    for t in (
        VatTreatment("25", Decimal(25), "3000", "2700", "3", "S", "25 % (høy sats)"),
        VatTreatment("15", Decimal(15), "3030", "2701", "31", "S", "15 % (middels sats)"),
        VatTreatment("12", Decimal(12), "3050", "2703", "33", "S", "12 % (lav sats)"),
        VatTreatment("0", Decimal(0), "3100", None, "5", "Z", "0 % (fritatt)"),
        # Utførsel: a zero-rated sale leaving Norway (merverdiavgiftsloven § 6-21, § 6-22).
        # EHF G, "export outside the EU", which PEPPOL allows for it, with VATEX-EU-G.
        VatTreatment("export", Decimal(0), "3105", None, "52", "G", "0 % (utførsel)"),
        VatTreatment("exempt", Decimal(0), "3200", None, "6", "E", "unntatt mva-loven"),
        VatTreatment("none", Decimal(0), "3200", None, "7", "O", "ikke mva-registrert"),
    )
}
NOT_REGISTERED = TREATMENTS["none"]
OUTPUT_VAT_ACCOUNTS = frozenset(t.vat_account for t in TREATMENTS.values() if t.vat_account)
USER_CODES = ("25", "15", "12", "0", "exempt")


@dataclass(frozen=True)
class PurchaseVat:
    """A VAT code on what the business buys (a manual voucher's or a bill's line).

    The code is the SAF-T standard tax code, as accountants type it. Reverse charge (86, 88:
    services bought from abroad) posts both sides: the VAT the buyer owes and the same VAT as a
    deduction, so it costs nothing but must be reported (merverdiavgiftsloven § 11-3).
    """

    code: str
    rate: Decimal
    deductible_account: str
    payable_account: str | None  # reverse charge: the computed output VAT
    label: str

    @property
    def percent_text(self) -> str:
        return f"{self.rate:g}"

    @property
    def reverse_charge(self) -> bool:
        return self.payable_account is not None


REVERSE_CHARGE_ACCOUNT = "2705"
PURCHASE_VAT: dict[str, PurchaseVat] = {
    v.code: v
    for v in (
        PurchaseVat("1", Decimal(25), "2710", None, "Inngående mva, høy sats"),
        PurchaseVat("11", Decimal(15), "2711", None, "Inngående mva, middels sats"),
        PurchaseVat("13", Decimal(12), "2713", None, "Inngående mva, lav sats"),
        PurchaseVat("14", Decimal(25), "2714", None, "Innførselsmerverdiavgift, høy sats"),
        PurchaseVat(
            "86",
            Decimal(25),
            "2710",
            REVERSE_CHARGE_ACCOUNT,
            "Tjenester kjøpt fra utlandet, høy sats (omvendt avgiftsplikt)",
        ),
        PurchaseVat(
            "88",
            Decimal(12),
            "2713",
            REVERSE_CHARGE_ACCOUNT,
            "Tjenester kjøpt fra utlandet, lav sats (omvendt avgiftsplikt)",
        ),
    )
}
NO_VAT = "0"  # a voucher line without VAT
PURCHASE_CODES = (NO_VAT, *PURCHASE_VAT)
INPUT_VAT_ACCOUNTS = frozenset(v.deductible_account for v in PURCHASE_VAT.values())
# Every account the VAT settlement (`vat file`) moves to 2740 Oppgjørskonto merverdiavgift.
VAT_ACCOUNTS = OUTPUT_VAT_ACCOUNTS | INPUT_VAT_ACCOUNTS | {REVERSE_CHARGE_ACCOUNT}


def ensure_files_vat(vat_registered: bool) -> None:
    """Only a company in the VAT register files VAT terms (`vat file`, `export mva-melding`)."""
    if not vat_registered:
        raise RuleViolation(
            "the company is not registered for VAT: it files no VAT return",
            hint="`faktura company set --vat` once it is registered",
        )


def parse_purchase_vat(text: str) -> PurchaseVat | None:
    """A voucher line's `vat=`: 1, 11, 13, 14, 86, 88, or 0 for none (None)."""
    key = str(text).strip()
    if key == NO_VAT:
        return None
    if key not in PURCHASE_VAT:
        raise InvalidInput(
            f"VAT code {text!r} is not an input VAT code",
            hint="use 1, 11, 13 (25/15/12 %), 14 (import VAT), 86, 88 (reverse charge) or 0",
        )
    return PURCHASE_VAT[key]


def primary_vat_account(code: str) -> str | None:
    """The account holding the VAT a base line of this code carries (SAF-T TaxAmount)."""
    if code in PURCHASE_VAT:
        return PURCHASE_VAT[code].deductible_account
    treatment = TREATMENTS.get(code)
    return treatment.vat_account if treatment else None


def parse_vat(text: str) -> VatTreatment:
    key = str(text).strip().lower().rstrip("%").strip()
    key = {"fritatt": "0", "unntatt": "exempt", "25.0": "25", "15.0": "15", "12.0": "12"}.get(
        key, key
    )
    if key not in USER_CODES:
        raise InvalidInput(
            f"VAT {text!r} is not a Norwegian VAT rate", hint="use 25, 15, 12, 0 or exempt"
        )
    return TREATMENTS[key]


def export_treatment(treatment: VatTreatment, export: bool, *, text: str) -> VatTreatment:
    """A zero-rated line sold abroad is an export (3105, code 52) unless it says export=no."""
    if not export:
        return treatment
    if treatment.code == "0":
        return TREATMENTS["export"]
    if treatment.code == "export":
        return treatment
    raise InvalidInput(
        f"line {text!r} is an export, but has {treatment.label} VAT",
        hint="an export is zero-rated: give vat=0 (or export=no)",
    )


def vat_on(net: int, treatment: VatTreatment) -> int:
    """VAT on the sum of one rate's line nets, rounded half up once (EN 16931 BR-CO-17)."""
    rate, per = treatment.rate.as_integer_ratio()
    return round_fraction(net * rate, per * 100)
