"""The PDF carries every field bokføringsforskriften § 5-1-1 asks for."""

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import Run

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_invoice_pdf_has_the_required_fields(customer: int, run: Run, tmp_path: Path) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--delivery-date",
        "2026-02-27",
        "--line",
        "text=Konsulenttimer mars;qty=6.4;price=1250",
        "--line",
        "text=Bok;price=449;vat=0",
    )
    out = tmp_path / "f1.pdf"
    assert run("invoice", "pdf", "1", "-o", str(out)).stdout.strip() == str(out)
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for expected in [
        "FAKTURA",
        "Fjellbekk Design AS",
        "Org.nr 923 456 783 MVA",
        "Foretaksregisteret",
        "Storgata 1",
        "0155 Oslo",
        "Kunde AS",
        "Kundeveien 2",
        "5003 Bergen",
        "Org.nr 910 524 267",
        "Fakturanummer",
        "Fakturadato",
        "02.03.2026",
        "Leveringsdato",
        "27.02.2026",
        "Forfallsdato",
        "16.03.2026",
        "LEVERINGSSTED",
        "KID",
        "00000018",
        "8601.11.17947",
        "Konsulenttimer mars",
        "6,4",
        "1 250,00",
        "8 000,00",
        "MVA 25 % av 8 000,00",
        "2 000,00",
        "0 % (fritatt)",
        "Å betale NOK",
        "10 449,00",
    ]:
        assert expected in text.replace("\u00a0", " "), expected


def test_english_pdf_and_liquidation_notice(customer: int, run: Run, tmp_path: Path) -> None:
    run("company", "set", "--status", "liquidation")
    run("invoice", "create", "--customer", str(customer), "--line", "text=Work;price=100")
    out = tmp_path / "en.pdf"
    run("invoice", "pdf", "1", "-o", str(out), "--lang", "en")
    text = pdf_text(out)
    assert "INVOICE" in text and "Due date" in text and "in liquidation" in text
    assert run("invoice", "pdf", "1", "--lang", "de", code=1).stderr.startswith(
        "faktura: error: language 'de' is not available"
    )


def test_foreign_currency_pdf_shows_vat_in_nok(customer: int, run: Run, tmp_path: Path) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--currency",
        "EUR",
        "--rate",
        "11.725",
        "--line",
        "text=Work;qty=10;price=100",
    )
    out = tmp_path / "eur.pdf"
    run("invoice", "pdf", "1", "-o", str(out))
    text = pdf_text(out).replace("\u00a0", " ")
    assert "Å betale EUR" in text and "Merverdiavgift i NOK" in text and "NOK 2 931,25" in text
