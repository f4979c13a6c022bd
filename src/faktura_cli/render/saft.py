"""SAF-T Financial 1.30 (Norway): the year's books as one XML file for Skatteetaten.

Element order and cardinality follow Norwegian_SAF-T_Financial_Schema_v_1.30.xsd; the file must
pass standards/validate_saft.py. lxml is imported only here, when a file is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from faktura_cli.domain.ledger import BANK, PAYABLES, RECEIVABLES, PostedVoucher
from faktura_cli.domain.money import to_json
from faktura_cli.domain.records import Company, Customer
from faktura_cli.domain.reports import LineTax, line_taxes
from faktura_cli.domain.text import printable
from faktura_cli.domain.vat import PURCHASE_VAT, TREATMENTS

NS = "urn:StandardAuditFile-Taxation-Financial:NO"
AUDIT_FILE_VERSION = "1.30"  # mandatory for periods from 2025-01-01
SOFTWARE_COMPANY = "faktura"
SOFTWARE_ID = "faktura-cli"
CURRENCY = "NOK"
# Text types of the XSD, by maximum length.
SHORT, MIDDLE1, MIDDLE2, LONG = 18, 35, 70, 256


@dataclass(frozen=True)
class AccountBalance:
    number: str
    name: str
    grouping_category: str
    grouping_code: str
    opening: int  # øre, debit positive
    closing: int


@dataclass(frozen=True)
class CustomerBalance:
    """A customer with its balance on 1500 (kundereskontro) at the start and end of the year."""

    customer: Customer
    opening: int
    closing: int


@dataclass(frozen=True)
class SupplierBalance:
    """A supplier with its balance on 2400 (leverandørreskontro) at the start and end of the year."""

    supplier_id: str
    name: str
    orgnr: str | None
    opening: int
    closing: int


@dataclass(frozen=True)
class SaftFile:
    """Everything one SAF-T file holds, gathered by services.exports."""

    company: Company
    year: int
    created: date
    software_version: str
    accounts: tuple[AccountBalance, ...]
    customers: tuple[CustomerBalance, ...]
    vouchers: tuple[PostedVoucher, ...]
    document_kinds: dict[int, str]  # document number -> "invoice" | "credit_note"
    anchor: str | None = None  # the hash chain's N:HASH when exported (SPEC §12)
    suppliers: tuple[SupplierBalance, ...] = ()
    supplier_of: dict[int, str] = field(default_factory=dict)  # voucher -> SupplierID on 2400

    @property
    def total_debit(self) -> int:
        return sum(p.amount for v in self.vouchers for p in v.postings if p.amount > 0)

    @property
    def total_credit(self) -> int:
        return -sum(p.amount for v in self.vouchers for p in v.postings if p.amount < 0)


def _text(value: object, limit: int) -> str:
    """Text cut to the XSD's maximum length, on one line."""
    return " ".join(str(value).split())[:limit]


def _amount(ore: int) -> str:
    return to_json(abs(ore))


def voucher_type(voucher: PostedVoucher, kinds: dict[int, str]) -> str:
    """Bilagsart: Skatteetaten wants one on every transaction."""
    kind = kinds.get(voucher.document) if voucher.document is not None else None
    accounts = {p.account for p in voucher.postings}
    if kind == "credit_note":
        return "Kreditnota"
    if kind == "invoice" and any(p.vat_code is not None for p in voucher.postings):
        return "Utgående faktura"
    if BANK in accounts:
        return "Bank"
    return "Memorial"


def render(saft: SaftFile) -> bytes:
    from lxml import etree

    def el(parent: Any, tag: str, text: object = None) -> Any:
        node = etree.SubElement(parent, f"{{{NS}}}{tag}")
        if text is not None:
            node.text = printable(str(text))  # books from before the text rule (SPEC §12)
        return node

    def balance(parent: Any, which: str, ore: int) -> None:
        el(parent, f"{which}{'Debit' if ore >= 0 else 'Credit'}Balance", _amount(ore))

    def address(
        parent: Any, street: str | None, postcode: str | None, city: str | None, country: str | None
    ) -> None:
        if not (street or postcode or city):
            return
        node = el(parent, "Address")
        if street:
            el(node, "StreetName", _text(street, LONG))
        if city:
            el(node, "City", _text(city, LONG))
        if postcode:
            el(node, "PostalCode", _text(postcode, MIDDLE2))
        if country:
            el(node, "Country", country)

    root = etree.Element(f"{{{NS}}}AuditFile", nsmap={None: NS})
    _header(saft, root, el, address)

    master = el(root, "MasterFiles")
    ledger_accounts = el(master, "GeneralLedgerAccounts")
    for acc in saft.accounts:
        node = el(ledger_accounts, "Account")
        el(node, "AccountID", acc.number)
        el(node, "AccountDescription", _text(acc.name, LONG))
        el(node, "GroupingCategory", acc.grouping_category)
        el(node, "GroupingCode", acc.grouping_code)
        el(node, "AccountType", "GL")
        balance(node, "Opening", acc.opening)
        balance(node, "Closing", acc.closing)
    if saft.customers:
        customers = el(master, "Customers")
        for cb in saft.customers:
            c = cb.customer
            node = el(customers, "Customer")
            if c.orgnr:
                el(node, "RegistrationNumber", _text(c.orgnr, MIDDLE1))
            el(node, "Name", _text(c.name, LONG))
            address(node, c.address, c.postcode, c.city, c.country)
            el(node, "CustomerID", c.number)
            account = el(node, "BalanceAccount")
            el(account, "AccountID", RECEIVABLES)
            balance(account, "Opening", cb.opening)
            balance(account, "Closing", cb.closing)
            party = el(node, "PartyInfo")
            if c.payment_terms is not None:
                el(el(party, "PaymentTerms"), "Days", c.payment_terms)
            el(party, "Type", "Private" if c.is_private else "Company")
    if saft.suppliers:
        suppliers = el(master, "Suppliers")
        for sb in saft.suppliers:
            node = el(suppliers, "Supplier")
            if sb.orgnr:
                el(node, "RegistrationNumber", _text(sb.orgnr, MIDDLE1))
            el(node, "Name", _text(sb.name, LONG))
            el(node, "SupplierID", sb.supplier_id)
            account = el(node, "BalanceAccount")
            el(account, "AccountID", PAYABLES)
            balance(account, "Opening", sb.opening)
            balance(account, "Closing", sb.closing)
    table = el(el(master, "TaxTable"), "TaxTableEntry")
    el(table, "TaxType", "MVA")
    el(table, "Description", "Merverdiavgift")
    for code in TAX_CODES:
        _tax_code(el(table, "TaxCodeDetails"), code, el)

    entries = el(root, "GeneralLedgerEntries")
    el(entries, "NumberOfEntries", len(saft.vouchers))
    el(entries, "TotalDebit", _amount(saft.total_debit))
    el(entries, "TotalCredit", _amount(saft.total_credit))
    if saft.vouchers:
        journal = el(entries, "Journal")
        el(journal, "JournalID", "GL")
        el(journal, "Description", "Hovedbok")
        el(journal, "Type", "GL")
        for voucher in saft.vouchers:
            _transaction(
                el(journal, "Transaction"),
                voucher,
                saft.document_kinds,
                el,
                saft.supplier_of.get(voucher.number),
            )

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _header(saft: SaftFile, root: Any, el: Any, address: Any) -> None:
    company = saft.company
    header = el(root, "Header")
    el(header, "AuditFileVersion", AUDIT_FILE_VERSION)
    el(header, "AuditFileCountry", "NO")
    el(header, "AuditFileDateCreated", saft.created.isoformat())
    el(header, "SoftwareCompanyName", SOFTWARE_COMPANY)
    el(header, "SoftwareID", SOFTWARE_ID)
    el(header, "SoftwareVersion", _text(saft.software_version, SHORT))
    node = el(header, "Company")
    el(node, "RegistrationNumber", company.orgnr)
    el(node, "Name", _text(company.name, LONG))
    address(node, company.address, company.postcode, company.city, company.country)
    # A contact is mandatory; the books hold no person, so the name goes unstructured
    # ("NotUsed" + full name in LastName, as the XSD documents for PersonNameStructure).
    contact = el(node, "Contact")
    person = el(contact, "ContactPerson")
    el(person, "FirstName", "NotUsed")
    el(person, "LastName", _text(company.name, MIDDLE2))
    if company.phone:
        el(contact, "Telephone", _text(company.phone, SHORT))
    if company.email:
        el(contact, "Email", _text(company.email, MIDDLE2))
    if company.vat_registered:
        registration = el(node, "TaxRegistration")
        el(registration, "TaxRegistrationNumber", f"{company.orgnr}MVA")
        el(registration, "TaxType", "MVA")
        el(registration, "TaxAuthority", "Skatteetaten")
    el(el(node, "BankAccount"), "BankAccountNumber", company.bank_account)
    el(header, "DefaultCurrencyCode", CURRENCY)
    criteria = el(header, "SelectionCriteria")
    el(criteria, "PeriodStart", 1)
    el(criteria, "PeriodStartYear", saft.year)
    el(criteria, "PeriodEnd", 12)
    el(criteria, "PeriodEndYear", saft.year)
    if saft.anchor:
        # `faktura check --expect` takes it as it stands after "anchor ".
        el(header, "HeaderComment", f"faktura anchor {saft.anchor}")
    el(header, "TaxAccountingBasis", "A")


@dataclass(frozen=True)
class TaxCode:
    """A TaxCodeDetails entry: the code the postings carry and its standard code."""

    code: str
    label: str
    percent: str
    standard: str


TAX_CODES: dict[str, TaxCode] = {
    **{t.code: TaxCode(t.code, t.label, t.percent_text, t.saft_code) for t in TREATMENTS.values()},
    **{v.code: TaxCode(v.code, v.label, v.percent_text, v.code) for v in PURCHASE_VAT.values()},
}


def _tax_code(node: Any, code: str, el: Any) -> None:
    tax = TAX_CODES[code]
    el(node, "TaxCode", tax.code)
    el(node, "Description", _text(tax.label, LONG))
    el(node, "TaxPercentage", tax.percent)
    el(node, "Country", "NO")
    el(node, "StandardTaxCode", tax.standard)
    el(node, "BaseRate", 100)


def _transaction(
    node: Any, voucher: PostedVoucher, kinds: dict[int, str], el: Any, supplier: str | None
) -> None:
    entered = voucher.entered_at.date().isoformat()
    el(node, "TransactionID", voucher.number)
    el(node, "Period", voucher.date.month)
    el(node, "PeriodYear", voucher.date.year)
    el(node, "TransactionDate", voucher.date.isoformat())
    kind = voucher_type(voucher, kinds)
    if supplier is not None and kind == "Memorial":
        kind = "Inngående faktura"
    el(node, "VoucherType", kind)
    el(node, "Description", _text(voucher.text, LONG))
    el(node, "SystemEntryDate", entered)
    el(node, "GLPostingDate", entered)
    for record, (posting, tax) in enumerate(
        zip(voucher.postings, line_taxes(voucher.postings), strict=True), start=1
    ):
        line = el(node, "Line")
        el(line, "RecordID", record)
        el(line, "AccountID", posting.account)
        if voucher.document is not None:
            el(line, "SourceDocumentID", voucher.document)
        if posting.account == RECEIVABLES and posting.customer is not None:
            el(line, "CustomerID", posting.customer)
        if posting.account == PAYABLES and supplier is not None:
            el(line, "SupplierID", supplier)
        el(line, "Description", _text(posting.text, LONG))
        side = "DebitAmount" if posting.amount >= 0 else "CreditAmount"
        el(el(line, side), "Amount", _amount(posting.amount))
        if tax is not None:
            _tax_information(el(line, "TaxInformation"), tax, el)
        if posting.open_item is not None:
            el(line, "ReferenceNumber", posting.open_item)


def _tax_information(node: Any, tax: LineTax, el: Any) -> None:
    code = TAX_CODES[tax.vat_code]
    el(node, "TaxType", "MVA")
    el(node, "TaxCode", code.code)
    el(node, "TaxPercentage", code.percent)
    el(node, "Country", "NO")
    el(node, "TaxBase", _amount(tax.base))
    # The VAT follows its base line: a sale (credit) carries credit VAT, a credit note debit VAT.
    side = "DebitTaxAmount" if tax.base > 0 else "CreditTaxAmount"
    el(el(node, side), "Amount", _amount(tax.vat))
