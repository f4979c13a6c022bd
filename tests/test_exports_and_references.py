"""SPEC 13: exports (3105, SAF-T code 52, EHF G), credit notes with the seller as on their date
and the original's number and date, NUF in Foretaksregisteret, the buyer's references."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run
from .test_ehf import NS, one
from .test_ehf import valid_ehf as valid_ehf
from .test_ehf import validator as validator
from .test_pdf import pdf_text

GERMAN = ("--name", "Berlin GmbH", "--country", "DE", "--address", "Hauptstr. 1",
          "--postcode", "10115", "--city", "Berlin", "--peppol", "9930:DE123456789")  # fmt: skip


def accounts_of(run: Run, voucher: int) -> dict[str, tuple[str, str | None]]:
    return {
        r["account"]: r["amount"]
        for r in run("ledger", "postings", "--voucher", str(voucher), "--json").json()
    }


def test_a_zero_rated_sale_abroad_is_an_export_unless_the_line_says_no(
    company: Run, run: Run
) -> None:
    number = run("customer", "add", *GERMAN)
    invoice = run("invoice", "create", "--customer", number.stdout.strip(), "--currency", "EUR",
                  "--rate", "11.72", "--line", "text=Design;price=1000;vat=0",
                  "--line", "text=Kurs i Norge;price=100;vat=0;export=no",
                  "--no-send", "--json").json()  # fmt: skip
    assert [line["vat_rate"] for line in invoice["lines"]] == ["0", "0"]  # as typed (SPEC 3)
    assert [line["vat_code"] for line in invoice["lines"]] == ["export", "0"]
    assert accounts_of(run, 1) == {"1500": "12892.00", "3105": "-11720.00", "3100": "-1172.00"}
    report = run("report", "vat", "--term", "2026-2", "--json").json()
    assert [(x["saft_code"], x["base"]) for x in report["lines"]] == [
        ("5", "1172.00"),
        ("52", "11720.00"),
    ]
    refused = run("invoice", "create", "--customer", number.stdout.strip(),
                  "--line", "text=x;price=1;vat=25;export=yes", code=1)  # fmt: skip
    assert "is an export, but has 25 % (høy sats) VAT" in refused.stderr


def test_a_domestic_zero_rated_sale_stays_on_3100_code_5(customer: int, run: Run) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=Bok;price=300;vat=0",
        "--no-send")  # fmt: skip
    assert accounts_of(run, 1) == {"1500": "300.00", "3100": "-300.00"}


@pytest.mark.slow
def test_export_ehf_and_saft_pass_the_validators(
    company: Run,
    run: Run,
    valid_ehf,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from .test_saft import validate

    number = run("customer", "add", *GERMAN).stdout.strip()
    run("invoice", "create", "--customer", number, "--line", "text=Design;price=1000;vat=0",
        "--line", "text=Kurs;price=100;vat=0;export=no", "--no-send")  # fmt: skip
    run("invoice", "ehf", "1", "-o", str(tmp_path / "1.xml"))
    tree = valid_ehf(tmp_path / "1.xml")
    assert sorted(tree.xpath("//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()",
                             namespaces=NS)) == ["G", "Z"]  # fmt: skip
    run("export", "saft", "--year", "2026", "-o", str(tmp_path / "saft.xml"))
    checked = validate(tmp_path / "saft.xml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "<StandardTaxCode>52</StandardTaxCode>" in (tmp_path / "saft.xml").read_text()


@pytest.mark.slow
def test_references_nuf_and_a_credit_note_with_todays_seller(
    run: Run,
    valid_ehf,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    run("init", "--name", "Fjellbekk Design NUF", "--orgnr", "923456783", "--legal-form", "NUF",
        "--account", "86011117947", "--address", "Storgata 1", "--postcode", "0155",
        "--city", "Oslo")  # fmt: skip
    number = run("customer", "add", "--name", "Malvik kommune", "--orgnr", "910524267",
                 "--address", "Torget 1", "--postcode", "7560", "--city", "Vikhammer",
                 "--peppol", "0192:910524267", "--buyer-ref", "ANSV-123").stdout.strip()  # fmt: skip
    assert run("customer", "show", number, "--json").json()["buyer_ref"] == "ANSV-123"
    run("invoice", "create", "--customer", number, "--line", "text=x;price=100",
        "--order-ref", "PO-77", "--no-send", "--date", "2026-02-20")  # fmt: skip
    run("invoice", "create", "--customer", number, "--line", "text=x;price=100",
        "--buyer-ref", "EGEN", "--no-send")  # fmt: skip
    run("company", "set", "--address", "Nygata 5", "--status", "liquidation")
    run("invoice", "credit", "1", "--reason", "Feil", "--no-send")

    for n in (1, 2, 3):
        run("invoice", "ehf", str(n), "-o", str(tmp_path / f"{n}.xml"))
    first, second, credit = (valid_ehf(tmp_path / f"{n}.xml") for n in (1, 2, 3))
    assert one(first, "/*/cbc:BuyerReference/text()") == "ANSV-123"
    assert one(first, "/*/cac:OrderReference/cbc:ID/text()") == "PO-77"
    assert one(second, "/*/cbc:BuyerReference/text()") == "EGEN"
    assert not second.xpath("/*/cac:OrderReference", namespaces=NS)
    # NUF is in Foretaksregisteret (NO-R-002).
    assert "Foretaksregisteret" in first.xpath(
        "//cac:AccountingSupplierParty//cac:PartyTaxScheme/cbc:CompanyID/text()", namespaces=NS
    )
    # The credit note: the seller as it is now, the original's number and date.
    ref = "/*/cac:BillingReference/cac:InvoiceDocumentReference"
    assert one(credit, f"{ref}/cbc:ID/text()") == "1"
    assert one(credit, f"{ref}/cbc:IssueDate/text()") == "2026-02-20"
    assert one(credit, "//cac:AccountingSupplierParty//cbc:StreetName/text()") == "Nygata 5"
    assert one(first, "//cac:AccountingSupplierParty//cbc:StreetName/text()") == "Storgata 1"
    shown = run("invoice", "show", "3", "--json").json()
    assert (shown["credits"], shown["credits_date"]) == (1, "2026-02-20")
    assert shown["seller_address"] == "Nygata 5"

    run("invoice", "pdf", "1", "-o", str(tmp_path / "1.pdf"))
    run("invoice", "pdf", "3", "-o", str(tmp_path / "3.pdf"))
    invoice_text, credit_text = pdf_text(tmp_path / "1.pdf"), pdf_text(tmp_path / "3.pdf")
    assert "Deres ref." in invoice_text and "ANSV-123" in invoice_text
    assert "Bestillingsnr." in invoice_text and "PO-77" in invoice_text
    assert "Foretaksregisteret" in invoice_text
    assert "under avvikling" in credit_text and "Nygata 5" in credit_text
    assert "20.02.2026" in credit_text


def test_schedule_references_reach_its_invoices(customer: int, run: Run) -> None:
    run("customer", "edit", str(customer), "--buyer-ref", "KUNDE-REF")
    made = run("recurring", "create", "--customer", str(customer), "--next-date", "2026-03-02",
               "--line", "text=Drift;price=500", "--order-ref", "AVTALE-9", "--json").json()  # fmt: skip
    assert made["order_ref"] == "AVTALE-9" and made["buyer_ref"] is None
    edited = run("recurring", "edit", str(made["id"]), "--buyer-ref", "EGEN", "--json").json()
    assert edited["buyer_ref"] == "EGEN" and edited["order_ref"] == "AVTALE-9"
    edited = run("recurring", "edit", str(made["id"]), "--buyer-ref", "", "--json").json()
    assert edited["buyer_ref"] is None  # '' returns to the customer's reference
    run("run-due", "--no-deliver")
    shown = run("invoice", "show", "1", "--json").json()
    assert (shown["buyer_ref"], shown["order_ref"]) == ("KUNDE-REF", "AVTALE-9")
