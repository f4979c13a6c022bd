"""EHF Billing 3.0: a UBL 2.1 Invoice (380) or CreditNote (381) following PEPPOL BIS Billing 3.0.

EHF 3.0 is PEPPOL BIS Billing 3.0 with no extra Norwegian schema: the Norwegian rules (NO-R-001,
NO-R-002) live inside the PEPPOL Schematron. Rule ids in the comments (BR-*, PEPPOL-EN16931-*)
are those of the official validation artefacts, which the tests run on every document made here.

Credit notes are stored with negative quantities and amounts; a UBL CreditNote states them
positive (its type code already says "credit"), so every amount is multiplied by `sign`.
lxml is imported inside `ehf_xml` only, so commands that do not render EHF do not load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from faktura_cli.domain.invoice import Document, Line, VatLine
from faktura_cli.domain.money import round_ore, to_json
from faktura_cli.domain.records import Payee
from faktura_cli.domain.sales import pay_to
from faktura_cli.domain.text import printable
from faktura_cli.domain.vat import VatTreatment
from faktura_cli.errors import RuleViolation

if TYPE_CHECKING:
    from lxml.etree import _Element

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NORWEGIAN_ORGNR = "0192"  # ISO 6523 ICD / PEPPOL EAS for the organisasjonsnummer

NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}

# Units as Norwegians type them -> UN/ECE Recommendation 20 (BR-CL-23). Anything else is "EA".
UNIT_CODES = {
    "time": "HUR",
    "timer": "HUR",
    "h": "HUR",
    "min": "MIN",
    "minutt": "MIN",
    "minutter": "MIN",
    "dag": "DAY",
    "dager": "DAY",
    "døgn": "DAY",
    "uke": "WEE",
    "uker": "WEE",
    "mnd": "MON",
    "måned": "MON",
    "måneder": "MON",
    "år": "ANN",
    "kg": "KGM",
    "g": "GRM",
    "l": "LTR",
    "liter": "LTR",
    "m": "MTR",
    "meter": "MTR",
    "km": "KMT",
    "m2": "MTK",
    "m²": "MTK",
    "m3": "MTQ",
    "m³": "MTQ",
}
EACH = "EA"

# BR-E-10 / BR-O-10 want an exemption reason. The VATEX codes the 2026.5 rules accept for E
# (VATEX-EU-132…, -143…, -D/-F/-I/-J) cite articles of the EU VAT directive, which do not apply
# to Norwegian sales outside the VAT act, so E carries the reason as text only. O has its own
# code, VATEX-EU-O, which PEPPOL-EN16931-P0105 ties to category O.
EXEMPTION_REASON_TEXT = {
    "E": "Unntatt merverdiavgiftsloven",
    "O": "Not subject to VAT",
    "G": "Utførsel av varer og tjenester",
}
EXEMPTION_REASON_CODE = {"O": "VATEX-EU-O", "G": "VATEX-EU-G"}
DISCOUNT_REASON_CODE = "95"  # UNCL 5189 "Discount" (BR-CL-19)


@dataclass(frozen=True)
class _Context:
    doc: Document
    sign: int  # 1 for invoices, -1 for credit notes (stored negative, written positive)

    @property
    def is_credit_note(self) -> bool:
        return self.doc.kind == "credit_note"


def ehf_xml(doc: Document, *, payee: Payee | None = None) -> bytes:
    """The document as EHF / PEPPOL BIS Billing 3.0 XML (UTF-8, with declaration)."""
    from lxml import etree

    if doc.kind not in ("invoice", "credit_note"):
        raise RuleViolation(f"document {doc.number} is a {doc.kind}, which EHF cannot carry")
    ctx = _Context(doc, -1 if doc.kind == "credit_note" else 1)
    root_name = "CreditNote" if ctx.is_credit_note else "Invoice"
    root = etree.Element(
        f"{{{NS[root_name]}}}{root_name}",
        nsmap={None: NS[root_name], "cac": NS["cac"], "cbc": NS["cbc"]},
    )
    _header(root, ctx)
    _seller(_add(_add(root, "cac:AccountingSupplierParty"), "cac:Party"), doc.seller)
    _buyer(_add(_add(root, "cac:AccountingCustomerParty"), "cac:Party"), doc)
    if payee is not None:
        _payee(root, payee)
    _delivery(root, doc)
    if not ctx.is_credit_note:
        _payment_means(root, doc, payee)
    _add(_add(root, "cac:PaymentTerms"), "cbc:Note", _payment_terms_note(doc))
    _tax_totals(root, ctx)
    _monetary_total(root, ctx)
    for number, line in enumerate(doc.lines, start=1):
        _line(root, ctx, number, line)
    body = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + bytes(body)


# ------------------------------------------------------------------ building blocks


def _add(parent: _Element, tag: str, text: str | None = None, **attrs: str) -> _Element:
    prefix, name = tag.split(":")
    child = parent.makeelement(f"{{{NS[prefix]}}}{name}", attrs)
    parent.append(child)
    if text is not None:
        child.text = printable(text)  # books from before the text rule (SPEC §12)
    return child


def _add_if(parent: _Element, tag: str, value: object) -> None:
    """Optional fields are left out when empty: PEPPOL-EN16931-R008 forbids empty elements."""
    if value not in (None, ""):
        _add(parent, tag, str(value))


def _add_money(parent: _Element, tag: str, ctx: _Context, ore: int) -> _Element:
    """An amount in the document currency, two decimals (BR-DEC-*), positive on credit notes."""
    return _add(parent, tag, to_json(ctx.sign * ore), currencyID=ctx.doc.currency)


def _day(value: date) -> str:
    return value.isoformat()


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


# ------------------------------------------------------------------ header


def _header(root: _Element, ctx: _Context) -> None:
    doc = ctx.doc
    _add(root, "cbc:CustomizationID", CUSTOMIZATION_ID)
    _add(root, "cbc:ProfileID", PROFILE_ID)
    _add(root, "cbc:ID", str(doc.number))
    _add(root, "cbc:IssueDate", _day(doc.date))
    if ctx.is_credit_note:
        # UBL's CreditNote has no DueDate; nothing is to be paid on a credit note.
        _add(root, "cbc:CreditNoteTypeCode", "381")
        _add_if(root, "cbc:Note", doc.reason)
    else:
        _add(root, "cbc:DueDate", _day(doc.due_date))
        _add(root, "cbc:InvoiceTypeCode", "380")
    _add(root, "cbc:DocumentCurrencyCode", doc.currency)
    if doc.currency != "NOK":
        # Norwegian VAT is accounted in NOK: BT-6, with the VAT total in NOK below (BR-53).
        _add(root, "cbc:TaxCurrencyCode", "NOK")
    # PEPPOL-EN16931-R003 wants a buyer reference or an order reference. Public buyers route
    # on their own reference (SPEC 13); only without one does our customer number stand in.
    _add(
        root,
        "cbc:BuyerReference",
        str(doc.buyer.get("buyer_ref") or doc.buyer.get("reference") or doc.customer),
    )
    if doc.buyer.get("order_ref"):
        _add(_add(root, "cac:OrderReference"), "cbc:ID", str(doc.buyer["order_ref"]))
    if ctx.is_credit_note and doc.credits is not None:
        # Norwegian rules require a credit note to name the invoice it corrects (BG-3, BR-55).
        billing = _add(root, "cac:BillingReference")
        reference = _add(billing, "cac:InvoiceDocumentReference")
        _add(reference, "cbc:ID", str(doc.credits))
        if doc.credits_date is not None:
            _add(reference, "cbc:IssueDate", doc.credits_date.isoformat())


# ------------------------------------------------------------------ parties


def _address(parent: _Element, tag: str, party: dict[str, object]) -> None:
    address = _add(parent, tag)
    _add_if(address, "cbc:StreetName", party.get("address"))
    _add_if(address, "cbc:CityName", party.get("city"))
    _add_if(address, "cbc:PostalZone", party.get("postcode"))
    _add(_add(address, "cac:Country"), "cbc:IdentificationCode", str(party.get("country") or "NO"))


def _tax_scheme(party: _Element, company_id: str, scheme: str) -> None:
    tax = _add(party, "cac:PartyTaxScheme")
    _add(tax, "cbc:CompanyID", company_id)
    _add(_add(tax, "cac:TaxScheme"), "cbc:ID", scheme)


def _seller(party: _Element, seller: dict[str, object]) -> None:
    orgnr = str(seller["orgnr"])
    _add(party, "cbc:EndpointID", orgnr, schemeID=NORWEGIAN_ORGNR)
    _add(_add(party, "cac:PartyName"), "cbc:Name", str(seller["name"]))
    _address(party, "cac:PostalAddress", seller)
    if seller.get("vat_registered"):
        # NO-R-001: NO + orgnr + MVA. A seller outside the VAT register must not state a VAT
        # identifier at all (BR-O-02).
        _tax_scheme(party, f"NO{orgnr}MVA", "VAT")
    if seller.get("foretaksregisteret"):
        # NO-R-002, foretaksregisterloven § 10-2: AS and ASA state "Foretaksregisteret".
        _tax_scheme(party, "Foretaksregisteret", "TAX")
    legal = _add(party, "cac:PartyLegalEntity")
    name = str(seller["name"])
    if seller.get("status") == "liquidation":
        # A company being wound up adds "under avvikling" to its name (aksjeloven § 16-5).
        name = f"{name} under avvikling"
    _add(legal, "cbc:RegistrationName", name)
    _add(legal, "cbc:CompanyID", orgnr, schemeID=NORWEGIAN_ORGNR)
    if seller.get("email") or seller.get("phone"):
        contact = _add(party, "cac:Contact")
        _add_if(contact, "cbc:Telephone", seller.get("phone"))
        _add_if(contact, "cbc:ElectronicMail", seller.get("email"))


def buyer_endpoint(buyer: dict[str, object], *, customer: int) -> tuple[str, str]:
    """The buyer's electronic address (BT-49), which PEPPOL requires (PEPPOL-EN16931-R010).

    Its PEPPOL id when it has one; else a Norwegian business's organisasjonsnummer (0192).
    An e-mail address (scheme EM) is no way out: EN 16931 lists EM, but PEPPOL's code list
    does not (PEPPOL-EN16931-CL008, fatal), so a buyer without either cannot get an EHF.
    """
    peppol = buyer.get("peppol")
    if peppol:
        scheme, _, identifier = str(peppol).partition(":")
        return scheme, identifier
    if buyer.get("orgnr") and not buyer.get("is_private") and buyer.get("country") == "NO":
        return NORWEGIAN_ORGNR, str(buyer["orgnr"])
    raise RuleViolation(
        f"customer {customer} {buyer.get('name')} has no electronic address for EHF",
        hint=(
            "EHF goes over PEPPOL and needs the buyer's PEPPOL id (an e-mail address is not "
            f"accepted there): `faktura customer edit {customer} --peppol SCHEME:ID`, "
            "or send the invoice as PDF"
        ),
    )


def _buyer(party: _Element, doc: Document) -> None:
    buyer = doc.buyer
    scheme, identifier = buyer_endpoint(buyer, customer=doc.customer)
    _add(party, "cbc:EndpointID", identifier, schemeID=scheme)
    _add(_add(party, "cac:PartyName"), "cbc:Name", str(buyer["name"]))
    _address(party, "cac:PostalAddress", buyer)
    legal = _add(party, "cac:PartyLegalEntity")
    _add(legal, "cbc:RegistrationName", str(buyer["name"]))
    if buyer.get("orgnr"):
        if buyer.get("country") == "NO":
            _add(legal, "cbc:CompanyID", str(buyer["orgnr"]), schemeID=NORWEGIAN_ORGNR)
        else:
            _add(legal, "cbc:CompanyID", str(buyer["orgnr"]))
    if buyer.get("email") or buyer.get("phone"):
        contact = _add(party, "cac:Contact")
        _add_if(contact, "cbc:Telephone", buyer.get("phone"))
        _add_if(contact, "cbc:ElectronicMail", buyer.get("email"))


def _payee(root: _Element, payee: Payee) -> None:
    """BG-10: the party to be paid, when not the seller (BR-17 wants its name)."""
    party = _add(root, "cac:PayeeParty")
    _add(_add(party, "cac:PartyIdentification"), "cbc:ID", payee.orgnr, schemeID=NORWEGIAN_ORGNR)
    _add(_add(party, "cac:PartyName"), "cbc:Name", payee.name)
    legal = _add(party, "cac:PartyLegalEntity")
    _add(legal, "cbc:CompanyID", payee.orgnr, schemeID=NORWEGIAN_ORGNR)


# ------------------------------------------------------------------ delivery and payment


def _delivery(root: _Element, doc: Document) -> None:
    """Leveringsdato and leveringssted (bokføringsforskriften § 5-1-1): the buyer's address."""
    delivery = _add(root, "cac:Delivery")
    _add(delivery, "cbc:ActualDeliveryDate", _day(doc.delivery_date))
    _address(_add(delivery, "cac:DeliveryLocation"), "cac:Address", doc.buyer)


def _payment_means(root: _Element, doc: Document, payee: Payee | None) -> None:
    """Credit transfer (UNCL 4461 code 30) to the seller's account with KID as payment id.

    A sold invoice is paid to the payee's account instead (BR-61 wants an account for code 30).
    """
    means = _add(root, "cac:PaymentMeans")
    _add(means, "cbc:PaymentMeansCode", "30")
    to = pay_to(doc, payee)
    _add(means, "cbc:PaymentID", to.kid)
    _add(_add(means, "cac:PayeeFinancialAccount"), "cbc:ID", to.account)


def _payment_terms_note(doc: Document) -> str:
    if doc.kind == "credit_note":
        return f"Kreditnota for faktura {doc.credits}. Beløpet avregnes mot fakturaen."
    days = (doc.due_date - doc.date).days
    return f"Betalingsfrist {days} dager, forfall {doc.due_date:%d.%m.%Y}. Merk betalingen med KID."


# ------------------------------------------------------------------ VAT and totals


def _tax_category(parent: _Element, tag: str, vat: VatTreatment, *, reason: bool) -> None:
    category = _add(parent, tag)
    _add(category, "cbc:ID", vat.ehf_category)
    if vat.ehf_category != "O":  # BR-O-05: "not subject to VAT" has no rate at all
        _add(category, "cbc:Percent", _decimal(vat.rate))
    if reason:
        _add_if(category, "cbc:TaxExemptionReasonCode", EXEMPTION_REASON_CODE.get(vat.ehf_category))
        _add_if(category, "cbc:TaxExemptionReason", EXEMPTION_REASON_TEXT.get(vat.ehf_category))
    _add(_add(category, "cac:TaxScheme"), "cbc:ID", "VAT")


def _tax_subtotal(tax_total: _Element, ctx: _Context, vat_line: VatLine) -> None:
    subtotal = _add(tax_total, "cac:TaxSubtotal")
    _add_money(subtotal, "cbc:TaxableAmount", ctx, vat_line.base)
    _add_money(subtotal, "cbc:TaxAmount", ctx, vat_line.amount)
    _tax_category(subtotal, "cac:TaxCategory", vat_line.vat, reason=True)


def _tax_totals(root: _Element, ctx: _Context) -> None:
    doc = ctx.doc
    tax_total = _add(root, "cac:TaxTotal")
    _add_money(tax_total, "cbc:TaxAmount", ctx, doc.vat_total)
    for vat_line in doc.vat_lines:  # one breakdown per treatment and rate (BR-S-08, BR-CO-18)
        _tax_subtotal(tax_total, ctx, vat_line)
    if doc.currency != "NOK":
        # BR-53 / PEPPOL-EN16931-R054: the VAT total in the tax currency, without breakdown.
        in_nok = _add(root, "cac:TaxTotal")
        _add(in_nok, "cbc:TaxAmount", to_json(ctx.sign * doc.vat_total_nok), currencyID="NOK")


def _monetary_total(root: _Element, ctx: _Context) -> None:
    """BR-CO-10/13/15/16: the line nets add up to the net total; no allowances, nothing prepaid."""
    doc = ctx.doc
    totals = _add(root, "cac:LegalMonetaryTotal")
    line_total = sum(line.net for line in doc.lines)
    _add_money(totals, "cbc:LineExtensionAmount", ctx, line_total)
    _add_money(totals, "cbc:TaxExclusiveAmount", ctx, doc.net_total)
    _add_money(totals, "cbc:TaxInclusiveAmount", ctx, doc.total)
    _add_money(totals, "cbc:PayableAmount", ctx, doc.total)


# ------------------------------------------------------------------ lines


def unit_code(unit: str | None) -> str:
    return UNIT_CODES.get((unit or "").strip().lower().rstrip("."), EACH)


def _line(root: _Element, ctx: _Context, number: int, line: Line) -> None:
    """One InvoiceLine / CreditNoteLine.

    The price stays the unit price as invoiced; a discount becomes a line allowance of the
    difference between quantity × price and the line net, so the line net is exactly the one
    in our books (BR-CO-10) and quantity × price − allowance = net holds (PEPPOL-EN16931-R120).
    """
    doc = ctx.doc
    tag = "CreditNote" if ctx.is_credit_note else "Invoice"
    # Stored credit lines have a negative quantity; the price is never negative (BR-27).
    qty = ctx.sign * line.qty * (-1 if line.unit_price < 0 else 1)
    price = abs(line.unit_price)
    net = ctx.sign * line.net
    element = _add(root, f"cac:{tag}Line")
    _add(element, "cbc:ID", str(number))
    quantity_tag = "cbc:CreditedQuantity" if ctx.is_credit_note else "cbc:InvoicedQuantity"
    _add(element, quantity_tag, _decimal(qty), unitCode=unit_code(line.unit))
    _add(element, "cbc:LineExtensionAmount", to_json(net), currencyID=doc.currency)
    if line.period_from or line.period_to:
        period = _add(element, "cac:InvoicePeriod")
        _add_if(period, "cbc:StartDate", line.period_from and _day(line.period_from))
        _add_if(period, "cbc:EndDate", line.period_to and _day(line.period_to))
    gross = round_ore(qty * price)
    if line.discount and gross != net:
        _discount(element, doc.currency, line.discount, gross=gross, net=net)
    item = _add(element, "cac:Item")
    _add(item, "cbc:Name", line.text)
    if line.product:
        _add(_add(item, "cac:SellersItemIdentification"), "cbc:ID", line.product)
    _tax_category(item, "cac:ClassifiedTaxCategory", line.vat, reason=False)
    _add(_add(element, "cac:Price"), "cbc:PriceAmount", to_json(price), currencyID=doc.currency)


def _discount(line: _Element, currency: str, percent: Decimal, *, gross: int, net: int) -> None:
    """A line allowance (BG-27) with reason (BR-CO-23), percentage and base (PEPPOL-EN16931-R040-42)."""
    allowance = _add(line, "cac:AllowanceCharge")
    _add(allowance, "cbc:ChargeIndicator", "false")
    _add(allowance, "cbc:AllowanceChargeReasonCode", DISCOUNT_REASON_CODE)
    _add(allowance, "cbc:AllowanceChargeReason", "Rabatt")
    _add(allowance, "cbc:MultiplierFactorNumeric", _decimal(percent))
    _add(allowance, "cbc:Amount", to_json(gross - net), currencyID=currency)
    _add(allowance, "cbc:BaseAmount", to_json(gross), currencyID=currency)
