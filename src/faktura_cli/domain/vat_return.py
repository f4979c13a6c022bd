"""The VAT return (skattemelding for merverdiavgift, Skatteetaten's mvamelding v1.0), SPEC 15.

One line per SAF-T tax code used in the term: output VAT (3/31/33, 5, 52, 6) with basis (grunnlag)
and rate, input VAT (1/11/13/14) as a deduction without basis, and reverse charge (86/88) as a
pair: the output line with basis and rate and the deduction line. Amounts in whole kroner, each
line rounded half up on its own; the amount to pay is the sum of the rounded lines (rule R018).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Two-month terms as the return names them (skattleggingsperiodeToMaaneder).
TERM_NAMES = (
    "januar-februar",
    "mars-april",
    "mai-juni",
    "juli-august",
    "september-oktober",
    "november-desember",
)
# Codes of the SAF-T list that the return does not take (mvaKodeSAFT.xml leaves out 0, 7, ...).
NOT_REPORTED = frozenset({"0", "7"})


@dataclass(frozen=True)
class SalesSum:
    saft_code: str
    rate: Decimal
    base: int  # øre, sales positive
    vat: int  # øre, owed positive


@dataclass(frozen=True)
class PurchaseSum:
    saft_code: str
    rate: Decimal
    base: int  # øre, purchases positive
    deductible: int  # øre, deducted positive
    payable: int  # øre, reverse charge owed positive (0 for domestic input VAT)


@dataclass(frozen=True)
class ReturnLine:
    code: str  # mvaKode
    label: str  # mvaKodeRegnskapsystem: how the books name it
    base: int | None  # kroner (grunnlag); None on deduction lines
    rate: str | None  # sats
    vat: int  # kroner (merverdiavgift): owed positive, deducted negative
    note: str | None = None  # merknad: why a line has the opposite sign


@dataclass(frozen=True)
class VatReturn:
    year: int
    term: int
    orgnr: str
    lines: tuple[ReturnLine, ...]

    @property
    def period_name(self) -> str:
        return TERM_NAMES[self.term - 1]

    @property
    def to_pay(self) -> int:
        """fastsattMerverdiavgift: kroner to pay, negative to get back."""
        return sum(line.vat for line in self.lines)


def kroner(ore: int) -> int:
    """Øre to whole kroner, half up (away from zero: -0.50 -> -1, as +0.50 -> 1)."""
    return int((Decimal(ore) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _rate(rate: Decimal) -> str:
    return f"{rate:f}".rstrip("0").rstrip(".") if "." in f"{rate:f}" else f"{rate:f}"


def _code_order(code: str) -> tuple[int, str]:
    return (int(code) if code.isdigit() else 999, code)


def vat_return(
    year: int, term: int, orgnr: str, sales: list[SalesSum], purchases: list[PurchaseSum]
) -> VatReturn:
    """The return's lines from the term's sums per SAF-T code (several treatments may share one)."""
    by_code: dict[str, list[int]] = {}
    rates: dict[str, Decimal] = {}
    for s in sales:
        if s.saft_code in NOT_REPORTED or (s.base == 0 and s.vat == 0):
            continue
        sums = by_code.setdefault(s.saft_code, [0, 0])
        sums[0] += s.base
        sums[1] += s.vat
        rates[s.saft_code] = s.rate
    lines: list[ReturnLine] = []
    for code in sorted(by_code, key=_code_order):
        base, vat = by_code[code]
        lines.append(
            ReturnLine(
                code,
                f"Salg, kode {code}",
                kroner(base),
                _rate(rates[code]),
                kroner(vat),
                "Kreditnotaer i terminen er større enn salget" if base < 0 else None,
            )
        )
    for p in sorted(purchases, key=lambda p: _code_order(p.saft_code)):
        if p.base == 0 and p.deductible == 0 and p.payable == 0:
            continue
        if p.payable or p.saft_code in ("86", "88"):
            lines.append(
                ReturnLine(
                    p.saft_code,
                    f"Omvendt avgiftsplikt, kode {p.saft_code}",
                    kroner(p.base),
                    _rate(p.rate),
                    kroner(p.payable),
                    "Kreditnotaer i terminen er større enn kjøpene" if p.base < 0 else None,
                )
            )
        lines.append(
            ReturnLine(
                p.saft_code,
                f"Inngående mva, kode {p.saft_code}",
                None,
                None,
                -kroner(p.deductible),
                "Kreditnotaer fra leverandører er større enn kjøpene" if p.deductible < 0 else None,
            )
        )
    return VatReturn(year, term, orgnr, tuple(lines))
