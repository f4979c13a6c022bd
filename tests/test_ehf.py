"""EHF (PEPPOL BIS Billing 3.0) output, checked by the official validation artefacts.

Every document made here goes through the UBL 2.1 XSD and both Schematron stylesheets
(EN 16931 and PEPPOL, release 2026.5) exactly as `standards/validate_ehf.py` runs them; a test
fails on any XSD error or fatal assertion and prints the rules that failed. The stylesheets are
compiled once per test session. Invoices are made through the real CLI; credit notes and sold
invoices (payee), which the CLI cannot make yet, are built as `Document` records.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from faktura_cli.domain.identifiers import kid
from faktura_cli.domain.invoice import Document, LineInput, compute_totals, to_nok
from faktura_cli.domain.money import allocate, round_ore
from faktura_cli.domain.records import Company, Customer, Payee
from faktura_cli.domain.vat import NOT_REGISTERED, TREATMENTS
from faktura_cli.errors import RuleViolation
from faktura_cli.render.ehf import ehf_xml, unit_code
from faktura_cli.services.invoicing import buyer_snapshot, seller_snapshot

from .conftest import Run

pytestmark = pytest.mark.slow

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


# ------------------------------------------------------------------ the official validator


def standards_dir() -> Path:
    """`<repo>/../shared/standards`, or $FAKTURA_STANDARDS. CI has it: missing is a failure."""
    configured = os.environ.get("FAKTURA_STANDARDS")
    path = (
        Path(configured)
        if configured
        else Path(__file__).resolve().parents[2] / "shared" / "standards"
    )
    if not (path / "validate_ehf.py").is_file():
        pytest.fail(f"the EHF validation artefacts are missing: no {path / 'validate_ehf.py'}")
    return path


def load_official_validator() -> ModuleType:
    path = standards_dir() / "validate_ehf.py"
    spec = importlib.util.spec_from_file_location("validate_ehf", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Verdict:
    document: str
    xsd_errors: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (flag, id, text)

    @property
    def fatal(self) -> list[tuple[str, str, str]]:
        return [f for f in self.failed if f[0] in ("fatal", "error")]

    @property
    def valid(self) -> bool:
        return not self.xsd_errors and not self.fatal

    def __str__(self) -> str:
        lines = [f"{self.document}: {len(self.xsd_errors)} XSD error(s)"]
        lines += [f"  XSD: {e}" for e in self.xsd_errors[:10]]
        lines += [f"  [{flag}] {rule}: {text}" for flag, rule, text in self.failed]
        return "\n".join(lines)


class EhfValidator:
    """The XSD and both compiled stylesheets of validate_ehf.py, kept for the whole session."""

    def __init__(self, official: ModuleType, xslt_processor: object) -> None:
        import xmlschema

        here = official.HERE
        self.svrl = official.SVRL
        self.stylesheets = {
            name: xslt_processor.compile_stylesheet(  # type: ignore[attr-defined]
                stylesheet_file=str(here / "schematron" / f"{name}.xslt")
            )
            for name in official.RULES
        }
        self.schemas = {
            kind: xmlschema.XMLSchema(str(here / "ubl-2.1" / "maindoc" / f"UBL-{kind}-2.1.xsd"))
            for kind in ("Invoice", "CreditNote")
        }
        self.checked = 0
        self.passed = 0
        self.warnings: set[str] = set()

    def verdict(self, path: Path) -> Verdict:
        kind = etree.parse(str(path)).getroot().tag.split("}")[1]
        verdict = Verdict(path.name)
        if kind not in self.schemas:
            verdict.xsd_errors.append(f"root element {kind} is neither Invoice nor CreditNote")
            return verdict
        verdict.xsd_errors = [
            f"{e.reason} @ {e.path}" for e in self.schemas[kind].iter_errors(str(path))
        ]
        if verdict.xsd_errors:  # Schematron on a structurally invalid document means nothing
            return verdict
        for exe in self.stylesheets.values():
            report = exe.transform_to_string(source_file=str(path.resolve()))
            for fa in etree.fromstring(report.encode()).findall(".//svrl:failed-assert", self.svrl):
                text = " ".join(fa.findtext("svrl:text", "", self.svrl).split())
                verdict.failed.append((fa.get("flag"), fa.get("id"), text))
        self.checked += 1
        self.passed += verdict.valid
        self.warnings.update(rule for flag, rule, _ in verdict.failed if flag == "warning")
        return verdict


@pytest.fixture(scope="session")
def validator() -> Iterator[EhfValidator]:
    from saxonche import PySaxonProcessor

    official = load_official_validator()
    with PySaxonProcessor(license=False) as processor:
        checker = EhfValidator(official, processor.new_xslt30_processor())
        yield checker
        print(
            f"\nEHF: {checker.checked} document(s) through the official rules, "
            f"{checker.passed} valid; warnings: {sorted(checker.warnings) or 'none'}"
        )


@pytest.fixture
def valid_ehf(validator: EhfValidator, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Validate XML (bytes or a file) and return it parsed; fail with the broken rules."""

    def check(xml: bytes | Path, name: str = "document.xml") -> etree._ElementTree:
        path = xml if isinstance(xml, Path) else tmp_path / name
        if not isinstance(xml, Path):
            path.write_bytes(xml)
        verdict = validator.verdict(path)
        assert verdict.valid, f"not valid EHF:\n{verdict}"
        return etree.parse(str(path))

    return check


def text(tree: etree._ElementTree, xpath: str) -> list[str]:
    return [str(v) for v in tree.xpath(xpath, namespaces=NS)]


def one(tree: etree._ElementTree, xpath: str) -> str:
    values = text(tree, xpath)
    assert len(values) == 1, f"{xpath}: {values}"
    return values[0]


# ------------------------------------------------------------------ documents built directly

SELLER = seller_snapshot(
    Company(
        name="Fjellbekk Design AS",
        orgnr="923456783",
        legal_form="AS",
        bank_account="86011117947",
        vat_registered=True,
        address="Storgata 1",
        postcode="0155",
        city="Oslo",
        email="post@fjellbekk.example",
    )
)
BUYER = buyer_snapshot(
    Customer(
        number=10001,
        name="Kunde AS",
        is_private=False,
        orgnr="910524267",
        address="Kundeveien 2",
        postcode="5003",
        city="Bergen",
        email="faktura@kunde.example",
    )
)
MIXED_LINES = [
    LineInput("Rådgivning", Decimal("7.5"), 125000, TREATMENTS["25"], Decimal(10), "1", "timer"),
    LineInput("Lunsj", Decimal(3), 18533, TREATMENTS["15"], Decimal("12.5")),
    LineInput("Reise", Decimal(1), 64000, TREATMENTS["12"]),
    LineInput("Fagbok", Decimal(2), 44900, TREATMENTS["0"], product="4", unit="stk"),
    LineInput("Kurs", Decimal(1), 350000, TREATMENTS["exempt"]),
]


def document(
    lines: list[LineInput],
    *,
    number: int = 1,
    kind: str = "invoice",
    credits: int | None = None,
    currency: str = "NOK",
    rate: Decimal = Decimal(1),
    buyer: dict[str, object] = BUYER,
    seller: dict[str, object] = SELLER,
) -> Document:
    """A document as the books store it: credit notes carry negative quantities and amounts."""
    totals = compute_totals(lines)
    return Document(
        number=number,
        kind=kind,
        customer=int(buyer["number"]),  # type: ignore[call-overload]
        date=date(2026, 3, 2),
        due_date=date(2026, 3, 16),
        delivery_date=date(2026, 2, 27),
        currency=currency,
        exchange_rate=rate,
        kid=kid(number),
        bank_account=str(seller["bank_account"]),
        net_total=totals.net_total,
        vat_total=totals.vat_total,
        total=totals.total,
        vat_total_nok=sum(to_nok(v.amount, rate) for v in totals.vat_lines),
        total_nok=to_nok(totals.total, rate),
        credits=credits,
        reason="Feil antall timer" if kind == "credit_note" else None,
        seller=seller,
        buyer=buyer,
        lines=totals.lines,
    )


def full_credit(lines: list[LineInput]) -> list[LineInput]:
    """Every line negated, as `invoice credit N` stores a full credit."""
    return [
        LineInput(
            ln.text,
            -ln.qty,
            ln.unit_price,
            ln.vat,
            ln.discount,
            ln.product,
            ln.unit,
            ln.period_from,
            ln.period_to,
        )
        for ln in lines
    ]


def partial_credit(invoice: Document, amount_incl_vat: int) -> list[LineInput]:
    """SPEC 8: the amount split over the invoice's VAT rates by their totals incl. VAT (largest
    remainder), each part into net and VAT; one line per rate, quantity -1."""
    vat_lines = invoice.vat_lines
    parts = allocate(amount_incl_vat, [v.base + v.amount for v in vat_lines])
    return [
        LineInput(
            f"Delvis kreditering av faktura {invoice.number}",
            Decimal(-1),
            round_ore(Decimal(part) * 100 / (100 + v.vat.rate)),
            v.vat,
        )
        for v, part in zip(vat_lines, parts, strict=True)
    ]


# ------------------------------------------------------------------ invoices through the CLI


def create(run: Run, customer: int | str, *lines: str, extra: tuple[str, ...] = ()) -> dict:
    args = ["invoice", "create", "--customer", str(customer), "--json", *extra]
    for spec in lines:
        args += ["--line", spec]
    return run(*args).json()


def test_mixed_invoice_through_the_cli_is_valid_ehf(
    customer: int, run: Run, valid_ehf, tmp_path: Path
) -> None:
    run(
        "product",
        "add",
        "--number",
        "1",
        "--name",
        "Rådgivning",
        "--price",
        "1250",
        "--unit",
        "timer",
    )
    invoice = create(
        run,
        customer,
        "product=1;qty=7.5;discount=10",
        "text=Lunsj;qty=3;price=185,33;vat=15;discount=12.5",
        "text=Reise;price=640;vat=12",
        "text=Fagbok;qty=2;price=449;vat=0",
        "text=Kurs;price=3500;vat=exempt",
        extra=("--delivery-date", "2026-02-27"),
    )
    out = tmp_path / "f1.xml"
    assert run("invoice", "ehf", "1", "-o", str(out)).stdout.strip() == str(out)
    assert out.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    xml = valid_ehf(out)

    assert one(xml, "/inv:Invoice/cbc:InvoiceTypeCode/text()") == "380"
    assert one(xml, "/inv:Invoice/cbc:ID/text()") == "1"
    assert one(xml, "/inv:Invoice/cbc:DueDate/text()") == "2026-03-16"
    assert one(xml, "//cac:Delivery/cbc:ActualDeliveryDate/text()") == "2026-02-27"
    assert one(xml, "//cac:Delivery//cbc:PostalZone/text()") == "5003"
    supplier = "//cac:AccountingSupplierParty/cac:Party"
    assert one(xml, f"{supplier}/cbc:EndpointID/@schemeID") == "0192"
    assert one(xml, f"{supplier}/cbc:EndpointID/text()") == "923456783"
    assert text(xml, f"{supplier}/cac:PartyTaxScheme/cbc:CompanyID/text()") == [
        "NO923456783MVA",
        "Foretaksregisteret",
    ]
    assert text(xml, f"{supplier}/cac:PartyTaxScheme/cac:TaxScheme/cbc:ID/text()") == ["VAT", "TAX"]
    assert one(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID") == "0192"
    assert one(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/text()") == "910524267"
    assert one(xml, "//cac:PaymentMeans/cbc:PaymentMeansCode/text()") == "30"
    assert one(xml, "//cac:PaymentMeans/cbc:PaymentID/text()") == invoice["kid"] == "00000018"
    assert one(xml, "//cac:PayeeFinancialAccount/cbc:ID/text()") == "86011117947"

    subtotals = "//cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory"
    assert text(xml, f"{subtotals}/cbc:ID/text()") == ["S", "S", "S", "Z", "E"]
    assert text(xml, f"{subtotals}/cbc:Percent/text()") == ["25", "15", "12", "0", "0"]
    assert text(xml, f"{subtotals}/cbc:TaxExemptionReason/text()") == [
        "Unntatt merverdiavgiftsloven"
    ]
    totals = "//cac:LegalMonetaryTotal"
    assert one(xml, f"{totals}/cbc:TaxExclusiveAmount/text()") == invoice["net_total"]
    assert one(xml, f"{totals}/cbc:PayableAmount/text()") == invoice["total"]
    assert one(xml, "//cac:TaxTotal/cbc:TaxAmount/text()") == invoice["vat_total"]

    first = "//cac:InvoiceLine[cbc:ID='1']"
    assert one(xml, f"{first}/cbc:InvoicedQuantity/@unitCode") == "HUR"
    assert one(xml, f"{first}/cbc:LineExtensionAmount/text()") == "8437.50"
    assert one(xml, f"{first}/cac:AllowanceCharge/cbc:Amount/text()") == "937.50"
    assert one(xml, f"{first}/cac:Price/cbc:PriceAmount/text()") == "1250.00"
    assert one(xml, f"{first}//cac:SellersItemIdentification/cbc:ID/text()") == "1"


@pytest.mark.parametrize(
    ("vat", "category", "percent"),
    [
        ("25", "S", "25"),
        ("15", "S", "15"),
        ("12", "S", "12"),
        ("0", "Z", "0"),
        ("exempt", "E", "0"),
    ],
)
def test_every_vat_rate_alone(
    customer: int, run: Run, valid_ehf, vat: str, category: str, percent: str
) -> None:
    create(run, customer, f"text=Vare;qty=4;price=99,90;vat={vat}")
    run("invoice", "ehf", "1")  # default file name, in the working directory
    xml = valid_ehf(Path("faktura-1.xml"))
    assert one(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == category
    assert one(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:Percent/text()") == percent
    assert one(xml, "//cac:ClassifiedTaxCategory/cbc:ID/text()") == category


def test_company_outside_the_vat_register_invoices_with_category_o(run: Run, valid_ehf) -> None:
    run(
        "init",
        "--name",
        "Småsnekker AS",
        "--orgnr",
        "923456783",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
        "--no-vat",
    )
    number = run(
        "customer",
        "add",
        "--name",
        "Kunde AS",
        "--orgnr",
        "910524267",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    ).stdout.strip()
    create(
        run,
        number,
        "text=Snekkerarbeid;qty=10;price=650",
        "text=Materialer;price=1200",
        extra=("--no-send",),
    )
    run("invoice", "ehf", "1")
    xml = valid_ehf(Path("faktura-1.xml"))
    # BR-O-02: no seller VAT identifier; Foretaksregisteret (scheme TAX) is not one.
    supplier = "//cac:AccountingSupplierParty/cac:Party"
    assert text(xml, f"{supplier}/cac:PartyTaxScheme/cbc:CompanyID/text()") == [
        "Foretaksregisteret"
    ]
    assert text(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == ["O"]
    assert text(xml, "//cbc:Percent") == []  # BR-O-05: no rate anywhere
    assert one(xml, "//cac:TaxSubtotal//cbc:TaxExemptionReasonCode/text()") == "VATEX-EU-O"
    assert one(xml, "//cac:TaxTotal/cbc:TaxAmount/text()") == "0.00"
    assert one(xml, "//cbc:PayableAmount/text()") == "7700.00"


def test_foreign_currency_states_the_vat_in_nok(customer: int, run: Run, valid_ehf) -> None:
    invoice = create(
        run,
        customer,
        "text=Work;qty=10;price=100",
        extra=("--currency", "EUR", "--rate", "11.725"),
    )
    run("invoice", "ehf", "1")
    xml = valid_ehf(Path("faktura-1.xml"))
    assert one(xml, "/inv:Invoice/cbc:DocumentCurrencyCode/text()") == "EUR"
    assert one(xml, "/inv:Invoice/cbc:TaxCurrencyCode/text()") == "NOK"
    assert one(xml, "//cac:TaxTotal/cbc:TaxAmount[@currencyID='EUR']/text()") == "250.00"
    assert one(xml, "//cac:TaxTotal/cbc:TaxAmount[@currencyID='NOK']/text()") == "2931.25"
    assert one(xml, "//cbc:PayableAmount/@currencyID") == "EUR"
    assert one(xml, "//cbc:PayableAmount/text()") == invoice["total"] == "1250.00"


def test_foreign_buyer_with_a_peppol_id(company: Run, valid_ehf) -> None:
    number = company(
        "customer",
        "add",
        "--name",
        "Svensk Kund AB",
        "--country",
        "SE",
        "--address",
        "Storgatan 3",
        "--postcode",
        "11122",
        "--city",
        "Stockholm",
        "--peppol",
        "0007:5567321707",
    ).stdout.strip()
    create(
        company,
        number,
        "text=Konsult;qty=2;price=1000",
        extra=("--currency", "SEK", "--rate", "0.98"),
    )
    company("invoice", "ehf", "1")
    xml = valid_ehf(Path("faktura-1.xml"))
    assert one(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID") == "0007"
    assert one(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/text()") == "5567321707"
    assert (
        one(xml, "//cac:AccountingCustomerParty//cac:Country/cbc:IdentificationCode/text()") == "SE"
    )


def test_private_customer_with_only_an_email_cannot_get_ehf(company: Run, tmp_path: Path) -> None:
    """PEPPOL's address list has no e-mail scheme (PEPPOL-EN16931-CL008): refuse, clearly."""
    number = company(
        "customer",
        "add",
        "--name",
        "Kari Nordmann",
        "--private",
        "--address",
        "Fjellveien 9",
        "--postcode",
        "0170",
        "--city",
        "Oslo",
        "--email",
        "kari@example.no",
    ).stdout.strip()
    create(company, number, "text=Hjelp med PC;price=800")
    result = company("invoice", "ehf", "1", code=1)
    assert result.stderr.startswith(
        f"faktura: error: customer {number} Kari Nordmann has no electronic address for EHF"
    )
    assert "--peppol" in result.stderr
    assert not (tmp_path / "faktura-1.xml").exists()


def test_private_customer_with_a_peppol_id_gets_valid_ehf(valid_ehf) -> None:
    kari = buyer_snapshot(
        Customer(
            number=10002,
            name="Kari Nordmann",
            is_private=True,
            address="Fjellveien 9",
            postcode="0170",
            city="Oslo",
            email="kari@example.no",
            peppol="0192:910524267",
        )
    )
    xml = valid_ehf(ehf_xml(document(MIXED_LINES[:1], buyer=kari)))
    assert one(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/text()") == "910524267"
    assert one(xml, "//cac:AccountingCustomerParty//cbc:ElectronicMail/text()") == "kari@example.no"
    assert text(xml, "//cac:AccountingCustomerParty//cac:PartyLegalEntity/cbc:CompanyID") == []


def test_ehf_command_json_and_unknown_invoice(customer: int, run: Run) -> None:
    create(run, customer, "text=Arbeid;price=100")
    Path("ut").mkdir()  # -o never creates a folder (SPEC §12)
    out = run("invoice", "ehf", "1", "-o", "ut/f.xml", "--json").json()
    assert out == {"number": 1, "file": "ut/f.xml", "format": "ehf"}
    assert Path("ut/f.xml").is_file()
    assert run("invoice", "ehf", "7", code=1).stderr.startswith(
        "faktura: error: there is no invoice 7"
    )


def test_company_in_liquidation_says_so_in_its_legal_name(
    customer: int, run: Run, valid_ehf
) -> None:
    run("company", "set", "--status", "liquidation")
    create(run, customer, "text=Arbeid;price=100")
    run("invoice", "ehf", "1")
    xml = valid_ehf(Path("faktura-1.xml"))
    assert one(xml, "//cac:AccountingSupplierParty//cbc:RegistrationName/text()") == (
        "Fjellbekk Design AS under avvikling"
    )


# ------------------------------------------------------------------ built as Document records


def test_mixed_document_with_discounts_is_valid(valid_ehf) -> None:
    doc = document(MIXED_LINES)
    xml = valid_ehf(ehf_xml(doc))
    assert (
        one(xml, "//cbc:LineExtensionAmount[parent::cac:LegalMonetaryTotal]/text()") == "13961.99"
    )
    lunch = "//cac:InvoiceLine[cbc:ID='2']"
    # 3 × 185.33 = 555.99; 12.5 % off is 69.50 (rounded once, on the line net 486.49)
    assert one(xml, f"{lunch}/cbc:LineExtensionAmount/text()") == "486.49"
    assert one(xml, f"{lunch}/cac:AllowanceCharge/cbc:BaseAmount/text()") == "555.99"
    assert one(xml, f"{lunch}/cac:AllowanceCharge/cbc:Amount/text()") == "69.50"
    assert one(xml, f"{lunch}/cac:AllowanceCharge/cbc:MultiplierFactorNumeric/text()") == "12.5"
    assert one(xml, "//cac:InvoiceLine[cbc:ID='4']/cbc:InvoicedQuantity/@unitCode") == "EA"


def test_awkward_quantities_prices_and_discounts_keep_the_sums_exact(valid_ehf) -> None:
    """Fractional quantities and discounts round once, on the line net; the allowance takes the
    rest, so BR-CO-10 holds exactly and PEPPOL-EN16931-R040/R120 within their 0.02 slack."""
    lines = [
        LineInput("Tredjedels time", Decimal("0.3333"), 10001, TREATMENTS["25"], Decimal(10)),
        LineInput("Skrue", Decimal("1.0001"), 1, TREATMENTS["25"], Decimal("33.33")),
        LineInput("Stort parti", Decimal(999_999), 999_999, TREATMENTS["15"], Decimal("99.99")),
        LineInput("Gratis prøve", Decimal(3), 0, TREATMENTS["25"]),
        LineInput("Gave", Decimal(2), 12345, TREATMENTS["12"], Decimal(100)),
    ]
    doc = document(lines)
    xml = valid_ehf(ehf_xml(doc))
    nets = [Decimal(v) for v in text(xml, "//cac:InvoiceLine/cbc:LineExtensionAmount/text()")]
    assert sum(nets) * 100 == doc.net_total
    assert one(xml, "//cac:InvoiceLine[cbc:ID='5']/cbc:LineExtensionAmount/text()") == "0.00"
    assert one(xml, "//cac:InvoiceLine[cbc:ID='5']/cac:AllowanceCharge/cbc:Amount/text()") == (
        "246.90"
    )


GOLDEN = Path(__file__).parent / "golden" / "ehf"


@pytest.mark.parametrize(
    ("name", "doc"),
    [
        ("invoice-mixed.xml", document(MIXED_LINES)),
        (
            "credit-note-full.xml",
            document(full_credit(MIXED_LINES), number=2, kind="credit_note", credits=1),
        ),
    ],
)
def test_golden_documents(name: str, doc: Document, valid_ehf) -> None:
    """The whole document, byte for byte. After a deliberate change, regenerate with
    FAKTURA_UPDATE_GOLDEN=1 and read the diff."""
    xml = ehf_xml(doc)
    valid_ehf(xml, name)
    golden = GOLDEN / name
    if os.environ.get("FAKTURA_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(xml)
    assert xml.decode() == golden.read_text(encoding="utf-8")


def test_period_lines_carry_their_invoice_period(valid_ehf) -> None:
    lines = [
        LineInput(
            "Driftsavtale 15.02.–28.02.",
            Decimal(1),
            60000,
            TREATMENTS["25"],
            unit="mnd",
            period_from=date(2026, 2, 15),
            period_to=date(2026, 2, 28),
        ),
        LineInput(
            "Driftsavtale mars",
            Decimal(1),
            120000,
            TREATMENTS["25"],
            unit="mnd",
            period_from=date(2026, 3, 1),
            period_to=date(2026, 3, 31),
        ),
        LineInput("Oppstart", Decimal(1), 50000, TREATMENTS["25"]),
    ]
    xml = valid_ehf(ehf_xml(document(lines)))
    assert text(xml, "//cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate/text()") == [
        "2026-02-15",
        "2026-03-01",
    ]
    assert text(xml, "//cac:InvoiceLine/cac:InvoicePeriod/cbc:EndDate/text()") == [
        "2026-02-28",
        "2026-03-31",
    ]
    assert text(xml, "//cac:InvoiceLine/cbc:InvoicedQuantity/@unitCode") == ["MON", "MON", "EA"]


def test_full_credit_note_is_a_positive_creditnote_referencing_the_invoice(valid_ehf) -> None:
    invoice = document(MIXED_LINES)
    credit = document(full_credit(MIXED_LINES), number=2, kind="credit_note", credits=1)
    assert credit.total == -invoice.total
    xml = valid_ehf(ehf_xml(credit))
    assert one(xml, "/cn:CreditNote/cbc:CreditNoteTypeCode/text()") == "381"
    assert (
        one(xml, "/cn:CreditNote/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID/text()")
        == "1"
    )
    assert one(xml, "/cn:CreditNote/cbc:Note/text()") == "Feil antall timer"
    assert text(xml, "/cn:CreditNote/cbc:DueDate") == []
    assert text(xml, "//cac:PaymentMeans") == []
    assert one(xml, "//cbc:PayableAmount/text()") == "16221.14" == f"{invoice.total / 100:.2f}"
    assert text(xml, "//cac:CreditNoteLine/cbc:CreditedQuantity/text()") == [
        "7.5",
        "3",
        "1",
        "2",
        "1",
    ]
    amounts = text(xml, "//*[@currencyID]/text()")
    assert amounts and not [a for a in amounts if a.startswith("-")], amounts


def test_partial_credit_note_split_over_the_rates(valid_ehf) -> None:
    invoice = document(MIXED_LINES)
    lines = partial_credit(invoice, 250000)
    credit = document(lines, number=2, kind="credit_note", credits=1)
    xml = valid_ehf(ehf_xml(credit))
    assert text(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == ["S", "S", "S", "Z", "E"]
    assert one(xml, "//cbc:TaxInclusiveAmount/text()") == f"{-credit.total / 100:.2f}"
    assert abs(credit.total + 250000) <= len(
        lines
    )  # net/VAT rounding per rate, at most an øre each
    assert one(xml, "//cac:BillingReference//cbc:ID/text()") == "1"


def test_credit_note_in_foreign_currency(valid_ehf) -> None:
    lines = [LineInput("Work", Decimal(10), 10000, TREATMENTS["25"])]
    credit = document(
        full_credit(lines),
        number=5,
        kind="credit_note",
        credits=4,
        currency="EUR",
        rate=Decimal("11.725"),
    )
    xml = valid_ehf(ehf_xml(credit))
    assert one(xml, "/cn:CreditNote/cbc:TaxCurrencyCode/text()") == "NOK"
    assert one(xml, "//cac:TaxTotal/cbc:TaxAmount[@currencyID='NOK']/text()") == "2931.25"


def test_credit_note_from_a_company_outside_the_vat_register(valid_ehf) -> None:
    seller = {**SELLER, "vat_registered": False, "vat_id": "923456783"}
    lines = [LineInput("Snekkerarbeid", Decimal(2), 65000, NOT_REGISTERED)]
    credit = document(full_credit(lines), number=2, kind="credit_note", credits=1, seller=seller)
    xml = valid_ehf(ehf_xml(credit))
    assert text(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == ["O"]


def test_sold_invoice_names_the_payee_and_its_account(valid_ehf) -> None:
    partner = Payee(name="Sandbox Factoring AS", orgnr="910524267", bank_account="15035061264")
    xml = valid_ehf(ehf_xml(document(MIXED_LINES), payee=partner))
    assert one(xml, "//cac:PayeeParty/cac:PartyName/cbc:Name/text()") == "Sandbox Factoring AS"
    assert one(xml, "//cac:PayeeParty/cac:PartyIdentification/cbc:ID/text()") == "910524267"
    assert one(xml, "//cac:PayeeParty/cac:PartyIdentification/cbc:ID/@schemeID") == "0192"
    assert one(xml, "//cac:PayeeParty/cac:PartyLegalEntity/cbc:CompanyID/text()") == "910524267"
    assert one(xml, "//cac:PayeeFinancialAccount/cbc:ID/text()") == "15035061264"
    assert one(xml, "//cac:PaymentMeans/cbc:PaymentID/text()") == kid(1)

    with_kid = Payee("Sandbox Factoring AS", "910524267", "15035061264", kid="99990000123")
    xml = valid_ehf(ehf_xml(document(MIXED_LINES), payee=with_kid), "with-kid.xml")
    assert one(xml, "//cac:PaymentMeans/cbc:PaymentID/text()") == "99990000123"


def test_buyer_without_an_electronic_address_is_refused() -> None:
    foreign = {**BUYER, "orgnr": None, "country": "DE", "peppol": None}
    with pytest.raises(RuleViolation, match="has no electronic address for EHF"):
        ehf_xml(document(MIXED_LINES, buyer=foreign))


@pytest.mark.parametrize(
    ("unit", "code"),
    [
        ("timer", "HUR"),
        ("Time", "HUR"),
        ("mnd", "MON"),
        ("dager", "DAY"),
        ("kg", "KGM"),
        ("stk", "EA"),
        ("tur", "EA"),
        (None, "EA"),
    ],
)
def test_units_map_to_un_ece_recommendation_20(unit: str | None, code: str) -> None:
    assert unit_code(unit) == code


# ------------------------------------------------------------------ the checks themselves


def test_the_validator_catches_a_broken_document(validator: EhfValidator, tmp_path: Path) -> None:
    """If this fails, the other tests prove nothing: a wrong total must be reported (BR-CO-16)."""
    xml = ehf_xml(document(MIXED_LINES))
    tree = etree.fromstring(xml)
    payable = tree.find(".//cbc:PayableAmount", NS)
    assert payable is not None and payable.text == "16221.14"
    payable.text = "16221.00"
    broken = tmp_path / "broken.xml"
    broken.write_bytes(etree.tostring(tree))
    verdict = validator.verdict(broken)
    assert not verdict.valid
    assert "BR-CO-16" in {rule for _, rule, _ in verdict.fatal}

    type_code = b"<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"
    unknown = tmp_path / "unknown-element.xml"
    unknown.write_bytes(xml.replace(type_code, type_code + b"<cbc:Bogus>1</cbc:Bogus>"))
    assert unknown.read_bytes() != xml
    assert not validator.verdict(unknown).valid
    assert validator.verdict(unknown).xsd_errors


def test_lxml_is_not_loaded_at_cli_start_up() -> None:
    code = (
        "import sys; from faktura_cli.cli.app import build_app; build_app('invoice'); "
        "import faktura_cli.services.documents; "
        "assert 'lxml' not in sys.modules, 'lxml imported at start-up'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_invoice_sold_through_the_cli_is_valid_ehf_with_the_partner(
    customer: int, run: Run, valid_ehf, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FAKTURA_NOW", "2026-02-27T10:15:00+01:00")
    run("factoring", "apply", "--consent")
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-02T10:15:00+01:00")
    number = run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=Arbeid;qty=1;price=8000",
        "--due-date",
        "2026-03-16",
        "--immediate-payment",
        "--json",
    ).json()["offer"]["invoice"]
    sale = run("factoring", "accept", str(number), "--json").json()
    run("invoice", "ehf", str(number), "-o", str(tmp_path / "sold.xml"))
    xml = valid_ehf(tmp_path / "sold.xml")
    assert one(xml, "//cac:PayeeFinancialAccount/cbc:ID/text()") == sale["bank_account"]
    assert one(xml, "//cac:PaymentMeans/cbc:PaymentID/text()") == sale["kid"]
