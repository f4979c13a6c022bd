"""`faktura report overview` (SPEC 16): the numbers equal the postings, the terminal dashboard
fits 80 columns, and the HTML page is self-contained and renders in a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import html as lxml_html

from faktura_cli.domain.overview import Attention

from .conftest import Run

TODAY = "2026-11-30"
NOW = f"{TODAY}T10:00:00+01:00"


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("overview") / "demo.db"
    done = subprocess.run(
        [sys.executable, "-m", "faktura_cli", "--db", str(path), "demo"],
        capture_output=True,
        text=True,
        env={**os.environ, "FAKTURA_NOW": NOW},
    )
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def books(demo_books: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("FAKTURA_NOW", NOW)

    def on_demo(*args: str, **kwargs: object) -> object:
        return run("--db", str(demo_books), *args, **kwargs)  # type: ignore[arg-type]

    return on_demo  # type: ignore[return-value]


def ore(text: str) -> int:
    return int(Decimal(text) * 100)


def test_overview_json_equals_the_postings(books: Run) -> None:
    ov = books("report", "overview", "--json").json()
    postings = books("ledger", "postings", "--format", "json").json()
    postings = postings["postings"] if isinstance(postings, dict) else postings
    revenue: dict[str, int] = defaultdict(int)
    receivable = 0
    for p in postings:
        if "3000" <= p["account"] <= "3999" and p["date"].startswith("2026"):
            revenue[p["date"][:7]] -= ore(p["amount"])
        if p["account"] == "1500" and p["date"] <= TODAY:
            receivable += ore(p["amount"])
    months = {m["month"]: ore(m["amount"]) for m in ov["revenue"]["months"]}
    assert len(months) == 12 and months == {m: revenue.get(m, 0) for m in months}
    assert ore(ov["revenue"]["total"]) == sum(revenue.values()) > 0
    assert ore(ov["open"]["total"]) == receivable
    ledger = books("ledger", "customers", "--json").json()
    assert ov["open"]["total"] == ledger["total"]

    # Recurring income: what run-due would produce, schedule by schedule and date by date.
    until = (date.fromisoformat(TODAY) + timedelta(days=30)).isoformat()
    assert ov["recurring"]["to"] == until
    produced = {
        (c["schedule"], c["date"]): c["total"]
        for c in books("run-due", "--dry-run", "--today", until, "--json").json()["created"]
    }
    items = ov["recurring"]["items"]
    assert items and all(TODAY <= i["date"] <= until for i in items)
    assert {(i["schedule"], i["date"]): i["total"] for i in items}.items() <= produced.items()
    assert ore(ov["recurring"]["total"]) == sum(ore(i["total"]) for i in items)

    kinds = {a["kind"]: a for a in ov["attention"]}
    assert kinds["overdue_invoices"]["command"] == "faktura invoice list --status overdue"
    overdue = books("invoice", "list", "--status", "overdue", "--json").json()["invoices"]
    assert kinds["overdue_invoices"]["count"] == len(overdue)


def test_a_failed_delivery_waits_for_the_owner(customer: int, run: Run) -> None:
    run("customer", "add", "--name", "Uten Kanal AS", "--orgnr", "974760673", "--address",
        "Gata 1", "--postcode", "5003", "--city", "Bergen")  # fmt: skip
    run("invoice", "create", "--customer", "10002", "--line", "text=A;price=100", code=3)
    ov = run("report", "overview", "--json").json()
    failed = [a for a in ov["attention"] if a["kind"] == "failed_deliveries"]
    assert failed and failed[0]["count"] == 1 and failed[0]["text"] == "1 leveranse feilet"
    assert failed[0]["command"] == "faktura outbox list --status failed"
    run("invoice", "send", "1", "--channel", "print")
    ov = run("report", "overview", "--json").json()
    assert not [a for a in ov["attention"] if a["kind"] == "failed_deliveries"]


def test_dashboard_at_80_columns(books: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = books("report", "overview").stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    ov = books("report", "overview", "--json").json()
    for month in ov["revenue"]["months"]:
        shown = f"{ore(month['amount']) // 100:,}".replace(",", " ") + month["amount"][-3:].replace(
            ".", ","
        )
        assert shown in text
    assert "█" in text and "Venter på deg" in text and "…" not in text
    # Norwegian on a Norwegian dashboard: the attention texts too, in singular or plural.
    kinds = {a["kind"]: a for a in ov["attention"]}
    overdue = kinds["overdue_invoices"]
    word = "forfalt faktura" if overdue["count"] == 1 else "forfalte fakturaer"
    assert overdue["text"] == f"{overdue['count']} {word}" and overdue["text"] in text
    for english in ("Waiting", "Revenue", "Recurring", "invoice(s)", "past due", "entry(ies)"):
        assert english not in text


def write_page(books: Run, tmp_path: Path) -> Path:
    page = tmp_path / "oversikt.html"
    assert books("report", "overview", "--html", str(page)).stdout.strip() == str(page)
    return page


def test_html_is_self_contained(books: Run, tmp_path: Path) -> None:
    page = write_page(books, tmp_path)
    source = page.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(source)
    assert not tree.xpath("//script") and not tree.xpath("//link") and not tree.xpath("//img")
    assert "http://" not in source and "https://" not in source
    revenue = tree.xpath("//section[@id='revenue']//svg")[0]
    assert len(revenue.xpath(".//rect")) == 12
    assert len(tree.xpath("//section[@id='open']//svg//rect")) == 5
    assert "379 725,00" in source or "Inntekter" in source
    assert tree.xpath("//section[@id='attention']//li")


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("chromium"), reason="no chromium to render the page in")
def test_html_renders_in_headless_chromium(books: Run, tmp_path: Path) -> None:
    from PIL import Image

    page = write_page(books, tmp_path)
    shot = tmp_path / "oversikt.png"
    subprocess.run(
        [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1100",
            f"--screenshot={shot}", page.as_uri(),
        ],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 1100)
    colours = image.getcolors(maxcolors=1 << 20) or []
    green = sum(n for n, (r, g, b) in colours if g > 100 and r < 80 and b < 120)  # revenue bars
    navy = sum(n for n, (r, g, b) in colours if (r, g, b) == (29, 59, 90))  # the header
    assert green > 10_000 and navy > 10_000


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 ubehandlet bankpost"), (2, "2 ubehandlede bankposter"), (0, "0 ubehandlede bankposter")],
)
def test_attention_says_one_or_many_in_norwegian(count: int, text: str) -> None:
    found = Attention(
        "unmatched_bank_entries", count, "ubehandlet bankpost", "ubehandlede bankposter",
        "faktura bank unmatched",
    )  # fmt: skip
    assert found.text == text
