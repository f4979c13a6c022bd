from decimal import Decimal
from pathlib import Path

from .conftest import Run


def test_demo_builds_balanced_books_with_a_year_of_activity(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    summary = run("demo", "--db", str(path), "--json").json()
    assert summary["customers"] == 7 and summary["products"] == 6
    assert summary["invoices"] > 30 and summary["payments"] > 20
    for key in ("opening", "movement", "closing"):
        assert sum(Decimal(r[key]) for r in summary["balance"]) == 0
    accounts = {r["account"] for r in summary["balance"]}
    assert {
        "1500",
        "1920",
        "2700",
        "2701",
        "2703",
        "3000",
        "3030",
        "3050",
        "3100",
        "3200",
    } <= accounts
    # Complete books: an opening balance, expenses at each input VAT code, bills paid.
    assert summary["expenses"] > 50
    assert {"2050", "2400", "2705", "2710", "2711", "2713", "6300", "6705"} <= accounts
    assert run("--db", str(path), "bill", "list", "--json").json()["bills"]
    invoices = run("--db", str(path), "invoice", "list", "--json").json()["invoices"]
    statuses = {i["status"] for i in invoices}
    assert {"paid", "overdue", "open"} <= statuses
    receivable = next(r for r in summary["balance"] if r["account"] == "1500")["closing"]
    assert receivable == summary["receivables"]
    assert abs(sum(float(i["open_amount"]) for i in invoices) - float(receivable)) < 0.005
    # The main job on the demo: the schedules due today are produced and delivered.
    ran = run("--db", str(path), "run-due", "--json").json()
    assert summary["schedules"] == 5
    assert sorted(c["kind"] for c in ran["created"]) == ["invoice"] * 3 + ["order"]
    assert sorted(d["channel"] for d in ran["deliveries"]) == ["ehf", "email", "vipps"]
    # A real business's year (SPEC 16): the schedule that takes over Nordvik Eiendom's monthly
    # invoice starts at the next one, so nobody is billed twice for it in a month.
    nordvik = run("--db", str(path), "invoice", "list", "--customer", "10007", "--json").json()
    months = [i["date"][:7] for i in nordvik["invoices"]]
    assert len(months) == len(set(months)) >= 11, months
    assert all(d["status"] == "sent" for d in ran["deliveries"])
    assert run("--db", str(path), "check").stdout.startswith("ok:")
    # A second demo into the same books is refused.
    assert run("demo", "--db", str(path), code=1).stderr.startswith(
        "faktura: error: these books are not empty"
    )


def test_demo_prints_a_trial_balance(run: Run, tmp_path: Path) -> None:
    out = run("demo", "--db", str(tmp_path / "d.db")).stdout
    assert "Nordvik Rådgivning AS" in out and "Trial balance" in out and "Kundefordringer" in out
