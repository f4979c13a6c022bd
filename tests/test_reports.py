"""The accountant's reports through the real command: customer ledger, VAT term, postings."""

from datetime import date

import pytest

from faktura_cli.domain.reports import ageing_bucket, vat_term
from faktura_cli.errors import InvalidInput

from .conftest import Run

# ---------------------------------------------------------------- ageing and terms, pure


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        ("2026-03-10", "not_due"),
        ("2026-03-02", "not_due"),  # due today: the customer may still pay today
        ("2026-03-01", "days_0_30"),  # 1 day past due
        ("2026-01-31", "days_0_30"),  # 30
        ("2026-01-30", "days_31_60"),  # 31
        ("2026-01-01", "days_31_60"),  # 60
        ("2025-12-31", "days_61_90"),  # 61
        ("2025-12-02", "days_61_90"),  # 90
        ("2025-12-01", "over_90"),  # 91
    ],
)
def test_ageing_buckets_by_days_past_due(due: str, bucket: str) -> None:
    assert ageing_bucket(date.fromisoformat(due), date(2026, 3, 2)) == bucket


@pytest.mark.parametrize(
    ("term", "start", "end"),
    [
        ("2026-1", "2026-01-01", "2026-02-28"),
        ("2028-1", "2028-01-01", "2028-02-29"),
        ("2026-2", "2026-03-01", "2026-04-30"),
        ("2026-03", "2026-05-01", "2026-06-30"),
        ("2026-6", "2026-11-01", "2026-12-31"),
    ],
)
def test_vat_terms_are_two_months(term: str, start: str, end: str) -> None:
    period = vat_term(term)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("term", ["2026-0", "2026-7", "2026", "26-1", "2026-1-1", "abc", ""])
def test_bad_vat_terms_are_refused(term: str) -> None:
    with pytest.raises(InvalidInput):
        vat_term(term)


# ---------------------------------------------------------------- the customer ledger


def invoice(run: Run, customer: int | str, price: str, day: str, due: str, vat: str = "25") -> int:
    return int(
        run(
            "invoice",
            "create",
            "--customer",
            str(customer),
            "--line",
            f"text=Arbeid;price={price};vat={vat}",
            "--date",
            day,
            "--due-date",
            due,
            "--no-send",  # Kari has no delivery channel; these books are about the ledger
        ).stdout
    )


@pytest.fixture
def ledger_books(customer: int, run: Run) -> dict[str, int]:
    """Kunde AS owes in every ageing bucket on 2 March 2026; Kari has paid too much.

    | invoice | customer | date       | due        | total   | paid                  |
    |---------|----------|------------|------------|---------|-----------------------|
    | 1       | Kunde AS | 2025-11-01 | 2025-12-01 | 1000.00 |                       |
    | 2       | Kunde AS | 2025-12-01 | 2025-12-31 |  500.00 | 200.00 on 2026-01-10  |
    | 3       | Kunde AS | 2025-12-15 | 2026-01-01 |  250.00 |                       |
    | 4       | Kunde AS | 2026-01-20 | 2026-02-03 |  125.00 |                       |
    | 5       | Kunde AS | 2026-02-16 | 2026-03-02 |  100.00 |                       |
    | 6       | Kari     | 2026-02-01 | 2026-02-15 |   50.00 | 60.00 on 2026-02-20   |
    | 7       | Kunde AS | 2026-02-20 | 2026-03-06 | 1250.00 | 1250.00 on 2026-03-01 |
    """
    kari = int(run("customer", "add", "--name", "Kari Nordmann", "--private").stdout)
    invoice(run, customer, "800", "2025-11-01", "2025-12-01")
    invoice(run, customer, "400", "2025-12-01", "2025-12-31")
    invoice(run, customer, "200", "2025-12-15", "2026-01-01")
    invoice(run, customer, "100", "2026-01-20", "2026-02-03")
    invoice(run, customer, "80", "2026-02-16", "2026-03-02")
    invoice(run, kari, "50", "2026-02-01", "2026-02-15", vat="exempt")
    invoice(run, customer, "1000", "2026-02-20", "2026-03-06")
    run("invoice", "pay", "2", "--amount", "200", "--date", "2026-01-10")
    run("invoice", "pay", "6", "--amount", "60", "--date", "2026-02-20", "--overpay")
    run("invoice", "pay", "7", "--amount", "1250", "--date", "2026-03-01")
    return {"kunde": customer, "kari": kari}


def test_customer_ledger_ages_open_items_as_of_today(
    ledger_books: dict[str, int], run: Run
) -> None:
    report = run("ledger", "customers", "--json").json()
    assert report["date"] == "2026-03-02"
    kunde, kari = report["customers"]
    assert (kunde["customer"], kunde["name"]) == (ledger_books["kunde"], "Kunde AS")
    assert [(i["invoice"], i["due_date"], i["open"]) for i in kunde["items"]] == [
        (1, "2025-12-01", "1000.00"),
        (2, "2025-12-31", "300.00"),
        (3, "2026-01-01", "250.00"),
        (4, "2026-02-03", "125.00"),
        (5, "2026-03-02", "100.00"),
    ]  # invoice 7 is paid: not an open item
    assert {k: kunde[k] for k in kunde if k not in ("customer", "name", "items")} == {
        "open": "1775.00",
        "not_due": "100.00",  # due today
        "days_0_30": "125.00",  # 27 days
        "days_31_60": "250.00",  # 60 days
        "days_61_90": "300.00",  # 61 days
        "over_90": "1000.00",  # 91 days
    }
    # An overpayment is an open item too, in the customer's favour.
    assert kari["name"] == "Kari Nordmann" and kari["open"] == "-10.00"
    assert kari["items"] == [
        {
            "invoice": 6,
            "date": "2026-02-01",
            "due_date": "2026-02-15",
            "days_past_due": 15,
            "bucket": "days_0_30",
            "open": "-10.00",
        }
    ]
    assert report["total"] == "1765.00"
    for c in report["customers"]:
        buckets = ("not_due", "days_0_30", "days_31_60", "days_61_90", "over_90")
        assert sum(float(c[b]) for b in buckets) == pytest.approx(float(c["open"]))


def test_customer_ledger_as_of_a_date_counts_only_postings_until_then(
    ledger_books: dict[str, int], run: Run
) -> None:
    """Invoice 2 was paid in part on 10 January and invoice 7 in full on 1 March: on 5 January
    invoice 2 is still whole, on 28 February invoice 7 is still open and not yet due."""
    early = run("ledger", "customers", "--date", "05.01.2026", "--json").json()
    assert early["date"] == "2026-01-05"
    assert [(i["invoice"], i["open"]) for c in early["customers"] for i in c["items"]] == [
        (1, "1000.00"),
        (2, "500.00"),
        (3, "250.00"),
    ]
    late = run("ledger", "customers", "--date", "2026-02-28", "--json").json()
    kunde = late["customers"][0]
    assert [i["invoice"] for i in kunde["items"]] == [1, 2, 3, 4, 5, 7]
    assert kunde["not_due"] == "1350.00"  # invoices 5 and 7
    assert late["total"] == "3015.00"
    before_everything = run("ledger", "customers", "--date", "2025-10-31", "--json").json()
    assert before_everything["customers"] == [] and before_everything["total"] == "0.00"


def test_customer_ledger_open_items_add_up_to_account_1500(
    ledger_books: dict[str, int], run: Run
) -> None:
    total = run("ledger", "customers", "--json").json()["total"]
    balance = {r["account"]: r["closing"] for r in run("ledger", "balance", "--json").json()}
    assert balance["1500"] == total


def test_customer_ledger_table_for_people(ledger_books: dict[str, int], run: Run) -> None:
    table = run("ledger", "customers").stdout
    assert "Customer ledger (open items) as of 2026-03-02" in table
    assert "Kunde AS" in table and "Kari Nordmann" in table
    assert "1 775,00" in table and "1 765,00" in table and "-10,00" in table
    for header in ("ikke forfalt", "0–30", "31–60", "61–90", ">90", "Open"):
        assert header in table


def test_customer_ledger_refuses_a_bad_date(ledger_books: dict[str, int], run: Run) -> None:
    assert run("ledger", "customers", "--date", "31.02.2026", code=1).stderr == (
        "faktura: error: --date '31.02.2026' is not a real date\n"
    )


# ---------------------------------------------------------------- postings by customer


def test_postings_of_one_customer_in_every_format(ledger_books: dict[str, int], run: Run) -> None:
    kari = str(ledger_books["kari"])
    rows = run("ledger", "postings", "--customer", kari, "--json").json()
    assert [(p["voucher"], p["account"], p["amount"], p["invoice"]) for p in rows] == [
        (6, "1500", "50.00", 6),
        (9, "1500", "-60.00", 6),
    ]
    assert run("ledger", "postings", "--customer", kari, "--format", "json").json() == rows
    csv = run("ledger", "postings", "--customer", kari, "--format", "csv").stdout.splitlines()
    assert csv == [
        "voucher,date,account,amount,text,invoice,customer",
        f"6,2026-02-01,1500,50.00,Faktura 6,6,{kari}",
        f"9,2026-02-20,1500,-60.00,Innbetaling faktura 6,6,{kari}",
    ]
    table = run("ledger", "postings", "--customer", kari).stdout
    assert "Faktura 6" in table and "Innbetaling faktura 6" in table and "60,00" in table
    assert "Faktura 1" not in table
    assert run("ledger", "postings", "--customer", "99999", "--json").json() == []


# ---------------------------------------------------------------- the VAT term


@pytest.fixture
def vat_books(customer: int, run: Run) -> None:
    """Every VAT treatment in term 2026-1 (January–February), and more sales in March."""
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--date",
        "2026-01-15",
        "--line",
        "text=Rådgivning;qty=2;price=1250;vat=25",
        "--line",
        "text=Lunsj;qty=3;price=185;vat=15",
        "--line",
        "text=Taxi;price=320;vat=12",
        "--line",
        "text=Bok;price=449;vat=0",
        "--line",
        "text=Kurs;price=3500;vat=exempt",
    )
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--date",
        "2026-02-28",
        "--line",
        "text=Drift;price=100.40;vat=25",
    )
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--date",
        "2026-03-01",
        "--line",
        "text=Mars;price=1000;vat=25",
    )
    run("invoice", "pay", "1", "--amount", "500", "--date", "2026-02-01")


def test_vat_report_for_a_term_per_treatment_and_tax_code(vat_books: None, run: Run) -> None:
    report = run("report", "vat", "--term", "2026-1", "--json").json()
    assert (report["term"], report["from"], report["to"]) == ("2026-1", "2026-01-01", "2026-02-28")
    assert [
        (line["vat_code"], line["saft_code"], line["rate"], line["base"], line["vat"])
        for line in report["lines"]
    ] == [
        ("25", "3", "25", "2600.40", "650.10"),  # 2500.00 + 100.40; 625.00 + 25.10
        ("15", "31", "15", "555.00", "83.25"),
        ("12", "33", "12", "320.00", "38.40"),
        ("0", "5", "0", "449.00", "0.00"),
        ("exempt", "6", "0", "3500.00", "0.00"),
    ]
    assert (report["base_total"], report["vat_total"]) == ("7424.40", "771.75")


def test_vat_report_matches_the_postings_exactly(vat_books: None, run: Run) -> None:
    """Base = what the revenue accounts were credited, VAT = what 27xx was credited."""
    from faktura_cli.domain.vat import TREATMENTS

    for args, start, end in (
        (["--term", "2026-1"], "2026-01-01", "2026-02-28"),
        (["--term", "2026-2"], "2026-03-01", "2026-04-30"),
        (["--year", "2026"], "2026-01-01", "2026-12-31"),
    ):
        report = run("report", "vat", *args, "--json").json()
        postings = run("ledger", "postings", "--from", start, "--to", end, "--json").json()

        def credited(account: str, postings: list[dict] = postings) -> int:
            return -sum(
                round(float(p["amount"]) * 100) for p in postings if p["account"] == account
            )

        for line in report["lines"]:
            treatment = TREATMENTS[line["vat_code"]]
            assert round(float(line["base"]) * 100) == credited(treatment.revenue_account)
            vat_account = treatment.vat_account
            assert round(float(line["vat"]) * 100) == (credited(vat_account) if vat_account else 0)
        revenue = {t.revenue_account for t in TREATMENTS.values()}
        assert round(float(report["base_total"]) * 100) == sum(credited(a) for a in revenue)


def test_vat_report_for_the_year_and_an_empty_term(vat_books: None, run: Run) -> None:
    year = run("report", "vat", "--year", "2026", "--json").json()
    assert (year["term"], year["from"], year["to"]) == ("2026", "2026-01-01", "2026-12-31")
    assert year["lines"][0]["base"] == "3600.40" and year["vat_total"] == "1021.75"
    empty = run("report", "vat", "--term", "2026-4", "--json").json()
    assert empty["lines"] == [] and empty["vat_total"] == "0.00"
    table = run("report", "vat", "--term", "2026-1").stdout
    assert "VAT 2026-1 (2026-01-01 – 2026-02-28)" in table
    assert "2 600,40" in table and "771,75" in table and "unntatt" in table


def test_vat_report_of_a_company_outside_the_vat_register(run: Run) -> None:
    run(
        "init",
        "--name",
        "Enkel Snekker",
        "--orgnr",
        "910524267",
        "--legal-form",
        "ENK",
        "--account",
        "86011117947",
        "--no-vat",
    )
    c = run(
        "customer", "add", "--name", "Per", "--postcode", "0150", "--city", "Oslo"
    ).stdout.strip()
    run("invoice", "create", "--customer", c, "--line", "text=Snekring;qty=3;price=500", "--no-send")
    lines = run("report", "vat", "--term", "2026-2", "--json").json()["lines"]
    assert [(x["vat_code"], x["saft_code"], x["base"], x["vat"]) for x in lines] == [
        ("none", "7", "1500.00", "0.00")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--term", "2026-7"], "VAT term '2026-7' does not exist: a year has terms 1 to 6"),
        (["--term", "2026-0"], "VAT term '2026-0' does not exist"),
        (["--term", "2026"], "VAT term '2026' is not YYYY-N"),
        (["--term", "1-2026"], "VAT term '1-2026' is not YYYY-N"),
        (["--year", "26"], "year '26' is not a year"),
        (["--term", "2026-1", "--year", "2026"], "give --term or --year, not both"),
    ],
)
def test_bad_vat_terms_are_refused_clearly(
    vat_books: None, run: Run, args: list[str], message: str
) -> None:
    result = run("report", "vat", *args, code=1)
    assert result.stderr.startswith(f"faktura: error: {message}")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
