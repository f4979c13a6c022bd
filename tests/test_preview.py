"""Previews (SPEC 16): the PDF that would be sent, marked UTKAST, and nothing changed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import Run, snapshot

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_invoice_create_preview_changes_nothing(
    customer: int, run: Run, isolated: Path, tmp_path: Path
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=Først;price=100")
    before = snapshot(isolated)
    out = tmp_path / "utkast.pdf"
    args = (
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=Rådgivning;qty=3;price=1250",
    )
    shown = run(*args, "--preview", "-o", str(out), "--json").json()
    assert snapshot(isolated) == before, "a preview changes nothing in the books"
    assert shown["preview"] is True and shown["file"] == str(out)
    assert (shown["number"], shown["kid"], shown["total"]) == (2, "00000026", "4687.50")
    text = text_of(out)
    assert "UTKAST" in text and "Faktura 2 · UTKAST" in text and "Rådgivning" in text
    assert "4 687,50" in text and "00000026" in text
    assert not list((isolated.parent / "outbox").rglob("*.*")) or all(
        "-2" not in p.name for p in (isolated.parent / "outbox").rglob("*.*")
    ), "nothing was delivered"
    # The invoice made for real afterwards is the one previewed.
    assert run(*args, "--json").json()["total"] == "4687.50"
    assert run("invoice", "show", "2", "--json").json()["kid"] == "00000026"


def test_preview_refusals_are_the_real_ones(customer: int, run: Run, isolated: Path) -> None:
    before = snapshot(isolated)
    bad = run(
        "invoice", "create", "--customer", "99", "--line", "text=A;price=1", "--preview", code=1
    )
    assert "99" in bad.stderr
    assert run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=1",
               "-o", "x.pdf", code=1).stderr.startswith("faktura: error: -o is for --preview")  # fmt: skip
    assert snapshot(isolated) == before


def test_credit_preview(customer: int, run: Run, isolated: Path, tmp_path: Path) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=1000")
    before = snapshot(isolated)
    out = tmp_path / "k.pdf"
    shown = run(
        "invoice", "credit", "1", "--amount", "250", "--reason", "Prisavslag",
        "--preview", "-o", str(out), "--json",
    ).json()  # fmt: skip
    assert snapshot(isolated) == before
    assert (shown["kind"], shown["total"], shown["credits"]) == ("credit_note", "-250.00", 1)
    text = text_of(out)
    assert "KREDITNOTA" in text and "UTKAST" in text and "Prisavslag" in text
    assert run("invoice", "show", "1", "--json").json()["credited"] == "0.00"


def test_recurring_show_preview(customer: int, run: Run, isolated: Path, tmp_path: Path) -> None:
    run(
        "recurring", "create", "--customer", str(customer), "--next-date", "2026-03-31",
        "--line", "text=Abonnement;price=1200;factor=monthly",
    )  # fmt: skip
    before = snapshot(isolated)
    out = tmp_path / "r.pdf"
    shown = run("recurring", "show", "1", "--preview", "-o", str(out), "--json").json()
    assert snapshot(isolated) == before
    assert (shown["date"], shown["net_total"]) == ("2026-03-31", "1200.00")
    text = text_of(out)
    assert "UTKAST" in text and "Abonnement" in text and "31.03.2026" in text
    assert (
        run("run-due", "--dry-run", "--today", "2026-03-31", "--json").json()["created"][0][
            "number"
        ]
        == shown["number"]
    )
