"""Invoice and credit note documents: Jinja2 HTML through WeasyPrint.

The fields are those bokføringsforskriften § 5-1-1 requires of a sales document. Both jinja2 and
weasyprint are imported here only, so commands that do not render stay fast.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from faktura_cli.domain.identifiers import format_kontonummer
from faktura_cli.domain.invoice import Document
from faktura_cli.domain.money import decimal_text, to_display
from faktura_cli.domain.records import Payee
from faktura_cli.domain.reminders import NOTICE, Reminder
from faktura_cli.domain.sales import pay_to
from faktura_cli.domain.vat import VatTreatment
from faktura_cli.resources import resource_dir

LABELS: dict[str, dict[str, str]] = {
    "no": {
        "invoice": "FAKTURA",
        "credit_note": "KREDITNOTA",
        "order": "ORDRE",
        "orgnr": "Org.nr",
        "phone": "Tlf.",
        "buyer": "Kunde",
        "number": "Fakturanummer",
        "date": "Fakturadato",
        "credit_note_number": "Kreditnotanummer",
        "credit_note_date": "Kreditnotadato",
        "delivery_date": "Leveringsdato",
        "due_date": "Forfallsdato",
        "customer_number": "Kundenummer",
        "buyer_ref": "Deres ref.",
        "order_ref": "Bestillingsnr.",
        "account": "Kontonummer",
        "credits": "Krediterer faktura",
        "delivery_place": "Leveringssted",
        "reason": "Årsak",
        "description": "Beskrivelse",
        "qty": "Antall",
        "unit_price": "Enhetspris",
        "discount": "Rabatt",
        "vat": "MVA",
        "amount": "Beløp",
        "period": "Periode",
        "net_total": "Sum eks. mva",
        "of": "av",
        "to_pay": "Å betale",
        "total": "Sum",
        "vat_in_nok": "Merverdiavgift i NOK",
        "rate": "kurs",
        "total_in_nok": "Sum i NOK",
        "pay_to": "Betales til konto",
        "in_liquidation": "under avvikling",
        "not_vat_registered": "Selger er ikke registrert i Merverdiavgiftsregisteret.",
        "credit_note_text": "Kreditnota for faktura {n}. Beløpet avregnes mot fakturaen.",
        "vat_exempt": "unntatt mva",
        "vat_zero": "fritatt",
        "vat_none": "ingen mva",
        "page": "Side",
        "draft": "UTKAST",
        "draft_note": "Utkast: ikke sendt og ikke bokført. Nummer, KID og datoer kan endre seg.",
    },
    "en": {
        "invoice": "INVOICE",
        "credit_note": "CREDIT NOTE",
        "order": "ORDER",
        "orgnr": "Org. no.",
        "phone": "Phone",
        "buyer": "Customer",
        "number": "Invoice number",
        "date": "Invoice date",
        "credit_note_number": "Credit note number",
        "credit_note_date": "Credit note date",
        "delivery_date": "Delivery date",
        "due_date": "Due date",
        "customer_number": "Customer number",
        "buyer_ref": "Your ref.",
        "order_ref": "Order number",
        "account": "Bank account",
        "credits": "Credits invoice",
        "delivery_place": "Place of delivery",
        "reason": "Reason",
        "description": "Description",
        "qty": "Qty",
        "unit_price": "Unit price",
        "discount": "Discount",
        "vat": "VAT",
        "amount": "Amount",
        "period": "Period",
        "net_total": "Total excl. VAT",
        "of": "of",
        "to_pay": "Amount due",
        "total": "Total",
        "vat_in_nok": "VAT in NOK",
        "rate": "rate",
        "total_in_nok": "Total in NOK",
        "pay_to": "Pay to account",
        "in_liquidation": "in liquidation (under avvikling)",
        "not_vat_registered": "The seller is not registered for VAT.",
        "credit_note_text": "Credit note for invoice {n}, to be set off against it.",
        "vat_exempt": "VAT exempt",
        "vat_zero": "zero-rated",
        "vat_none": "no VAT",
        "page": "Page",
        "draft": "DRAFT",
        "draft_note": "Draft: not sent and not posted. Number, KID and dates may change.",
    },
}


def _vat_label(vat: VatTreatment, t: dict[str, str]) -> str:
    if vat.code == "exempt":
        return t["vat_exempt"]
    if vat.code == "none":
        return t["vat_none"]
    if vat.code == "0":
        return f"0 % ({t['vat_zero']})"
    return f"{vat.percent_text} %"


def _qty(value: Decimal) -> str:
    return decimal_text(value).replace(".", ",")


def _rate(value: Decimal, lang: str = "no") -> str:
    """An exchange or interest rate as the document's language writes decimals: 'kurs 11,72'."""
    text = format(value, "f")
    return text.replace(".", ",") if lang == "no" else text


def _orgnr(value: str) -> str:
    return f"{value[:3]} {value[3:6]} {value[6:]}" if value and len(value) == 9 else value


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resource_dir("templates")),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        money=to_display,
        day=lambda d: d.strftime("%d.%m.%Y"),
        qty=_qty,
        konto=format_kontonummer,
        orgnr=_orgnr,
        rate=_rate,
        vatlabel=_vat_label,
        vatline=lambda v, t: f"{t['vat']} {_vat_label(v, t)}",
    )
    return env


def invoice_html(
    doc: Document,
    *,
    lang: str = "no",
    payee: Payee | None = None,
    inline_css: bool = True,
    draft: bool = False,
) -> str:
    """The invoice as HTML; a sold invoice names the partner (`payee`) with a notice of assignment.

    `draft` marks a preview ("UTKAST" across every page): a document not issued.

    `inline_css=False` leaves the stylesheet out, for `invoice_pdf`, which applies it parsed once.
    """
    labels = LABELS[lang]
    t = {**labels, "title": labels[doc.kind]}
    if doc.kind == "credit_note":
        t.update(number=labels["credit_note_number"], date=labels["credit_note_date"])
    buyer = doc.buyer
    place = ", ".join(
        str(p)
        for p in (
            buyer.get("address"),
            " ".join(str(x) for x in (buyer.get("postcode"), buyer.get("city")) if x),
            buyer.get("country") if buyer.get("country") != "NO" else None,
        )
        if p
    ) or str(buyer["name"])
    context: dict[str, Any] = {
        "doc": doc,
        "seller": doc.seller,
        "buyer": buyer,
        "t": t,
        "lang": lang,
        "delivery_place": place,
        "payee": payee,
        "pay_account": pay_to(doc, payee).account,
        "pay_kid": pay_to(doc, payee).kid,
        "css": _stylesheet_text() if inline_css else None,
        "draft": draft,
    }
    return _environment().get_template("invoice.html").render(context)


def _stylesheet_text() -> str:
    return (resource_dir("templates") / "invoice.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def engine():
    """WeasyPrint's font configuration and the parsed stylesheet, made once per process.

    A fresh FontConfiguration per document (WeasyPrint's default) loses Pango's font and
    line-break caches; reusing one and the parsed CSS takes ~25 ms off every PDF. The output
    is byte-for-byte the same.
    """
    from weasyprint import CSS  # ~600 ms to import: only here
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return fonts, CSS(string=_stylesheet_text(), font_config=fonts)


def invoice_pdf(
    doc: Document, *, lang: str = "no", payee: Payee | None = None, draft: bool = False
) -> bytes:
    """The invoice as PDF. A pure function of its arguments: `render.parallel` runs it in
    worker processes."""
    from weasyprint import HTML

    fonts, stylesheet = engine()
    html = invoice_html(doc, lang=lang, payee=payee, inline_css=False, draft=draft)
    return HTML(string=html, base_url=str(resource_dir("templates"))).write_pdf(
        stylesheets=[stylesheet], font_config=fonts
    )


def _pdf_of(html: str) -> bytes:
    from weasyprint import HTML

    fonts, stylesheet = engine()
    return HTML(string=html, base_url=str(resource_dir("templates"))).write_pdf(
        stylesheets=[stylesheet], font_config=fonts
    )


def reminder_html(
    reminder: Reminder, *, invoice_date: date, invoice_due: date, account: str, inline_css: bool = True
) -> str:
    """A reminder (purring) with the § 9 notice: what is open, interest, fee, the new deadline."""
    return _environment().get_template("reminder.html").render(
        r=reminder,
        seller=reminder.seller,
        buyer=reminder.buyer,
        invoice_date=invoice_date,
        invoice_due=invoice_due,
        account=account,
        notice=NOTICE,
        css=_stylesheet_text() if inline_css else None,
    )


def reminder_pdf(
    reminder: Reminder, *, invoice_date: date, invoice_due: date, account: str
) -> bytes:
    return _pdf_of(
        reminder_html(
            reminder,
            invoice_date=invoice_date,
            invoice_due=invoice_due,
            account=account,
            inline_css=False,
        )
    )


STATEMENT_KINDS = {
    "invoice": "Faktura",
    "credit_note": "Kreditnota",
    "reminder": "Purring",
    "payment": "Innbetaling",
    "sale": "Solgt til factoring",
    "refund": "Tilbakebetaling",
    "other": "Annet",
}
STATEMENT_BUCKETS = {
    "not_due": "Ikke forfalt",
    "days_0_30": "0–30 dager",
    "days_31_60": "31–60",
    "days_61_90": "61–90",
    "over_90": "Over 90",
}


def statement_html(statement: Any, *, inline_css: bool = True) -> str:
    """A customer's kontoutskrift: opening balance, movements, closing balance, ageing."""
    return _environment().get_template("statement.html").render(
        s=statement,
        company=statement.company,
        customer=statement.customer,
        kinds=STATEMENT_KINDS,
        buckets=list(STATEMENT_BUCKETS),
        labels=STATEMENT_BUCKETS,
        css=_stylesheet_text() if inline_css else None,
    )


def statement_pdf(statement: Any) -> bytes:
    return _pdf_of(statement_html(statement, inline_css=False))
