"""The real `faktura` command, through the Typer app."""

from pathlib import Path

import pytest

from .conftest import Run, snapshot

INVOICE_KEYS = {
    "number",
    "kind",
    "customer",
    "date",
    "due_date",
    "delivery_date",
    "currency",
    "kid",
    "bank_account",
    "lines",
    "net_total",
    "vat_total",
    "total",
    "status",
    "credits",
}
LINE_KEYS = {"text", "qty", "unit_price", "vat_rate", "net", "vat", "period_from", "period_to"}


def test_init_and_company_show(company: Run) -> None:
    shown = company("company", "show", "--json").json()
    assert shown["name"] == "Fjellbekk Design AS"
    assert shown["orgnr"] == "923456783"
    assert shown["bank_account"] == "86011117947"
    assert shown["vat_id"] == "NO923456783MVA"
    assert shown["payment_terms"] == 14
    assert shown["status"] == "active"
    assert "Fjellbekk Design AS" in company("company", "show").stdout


def test_init_twice_is_refused(company: Run, isolated: Path) -> None:
    before = snapshot(isolated)
    result = company(
        "init",
        "--name",
        "X",
        "--orgnr",
        "910524267",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
        code=1,
    )
    assert result.stderr.startswith(
        "faktura: error: these books already belong to Fjellbekk Design AS"
    )
    assert snapshot(isolated) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--orgnr", "923456784"], "organisasjonsnummer '923456784' is not valid"),
        (["--account", "8601.11.17948"], "kontonummer '8601.11.17948' is not valid"),
        (["--legal-form", "LLC"], "legal form 'LLC' is not known"),
        (["--postcode", "12345"], "postcode '12345' is not four digits"),
        (["--email", "nope"], "e-mail address 'nope' is not valid"),
    ],
)
def test_init_refuses_bad_details_and_creates_nothing_usable(
    run: Run, args: list[str], message: str, isolated: Path
) -> None:
    base = {
        "--name": "Test AS",
        "--orgnr": "923456783",
        "--legal-form": "AS",
        "--account": "86011117947",
    }
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = run("init", *[x for kv in base.items() for x in kv], code=1)
    assert (
        result.stderr
        == f"faktura: error: {message}" + result.stderr[len(f"faktura: error: {message}") :]
    )
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert run("company", "show", code=1).stderr.startswith("faktura: error:")


def test_company_set_status_and_notify(company: Run) -> None:
    changed = company(
        "company",
        "set",
        "--status",
        "liquidation",
        "--notify-email",
        "eier@fjellbekk.example",
        "--json",
    ).json()
    assert changed["status"] == "liquidation"
    assert changed["notify_email"] == "eier@fjellbekk.example"
    assert company("company", "set", "--status", "sleeping", code=1).stderr.startswith(
        "faktura: error: status 'sleeping' is not known"
    )
    assert company("company", "set", code=1).stderr.startswith("faktura: error: nothing to change")


def test_commands_before_init_say_what_to_do(run: Run, isolated: Path) -> None:
    result = run("customer", "list", code=1)
    assert "there are no books at" in result.stderr and "faktura init" in result.stderr
    assert not isolated.exists()


def test_customers(company: Run) -> None:
    number = company(
        "customer",
        "add",
        "--name",
        "Fjordtech AS",
        "--orgnr",
        "910 524 267",
        "--postcode",
        "5013",
        "--city",
        "Bergen",
        "--peppol",
        "0192:910524267",
        "--payment-terms",
        "30",
    ).stdout.strip()
    assert number == "10001"
    private = company(
        "customer",
        "add",
        "--name",
        "Kari Nordmann",
        "--private",
        "--phone",
        "+47 912 34 567",
        "--json",
    ).json()
    assert (
        private["number"] == 10002 and private["private"] is True and private["phone"] == "91234567"
    )
    foreign = company(
        "customer",
        "add",
        "--name",
        "Göta AB",
        "--country",
        "se",
        "--orgnr",
        "556677-8899",
        "--json",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    ).json()
    assert foreign["country"] == "SE" and foreign["orgnr"] == "556677-8899"
    listed = company("customer", "list", "--json").json()["customers"]
    assert [c["number"] for c in listed] == [10001, 10002, 10003]
    shown = company("customer", "show", "10001", "--json").json()
    assert {"number", "name", "orgnr", "private", "country", "email", "peppol"} <= shown.keys()
    assert shown["payment_terms"] == 30
    edited = company(
        "customer", "edit", "10001", "--email", "ap@fjordtech.example", "--related", "--json"
    ).json()
    assert edited["email"] == "ap@fjordtech.example" and edited["related"] is True
    cleared = company("customer", "edit", "10001", "--email", "", "--json").json()
    assert cleared["email"] is None
    assert "Fjordtech AS" in company("customer", "list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "X", "--orgnr", "123456789"], "organisasjonsnummer '123456789' is not valid"),
        (
            ["--name", "X", "--private", "--orgnr", "923456783"],
            "a private customer has no organisasjonsnummer",
        ),
        (["--name", "X", "--postcode", "501"], "postcode '501' is not four digits"),
        (["--name", "X", "--phone", "12345"], "phone number '12345' is not eight digits"),
        (["--name", "X", "--email", "a@b"], "e-mail address 'a@b' is not valid"),
        (["--name", "X", "--peppol", "abc"], "PEPPOL id 'abc' is not SCHEME:ID"),
        (["--name", "  "], "the customer's name cannot be empty"),
        (["--name", "X", "--payment-terms", "400"], "payment terms must be between 0 and 365"),
        (
            ["--name", "X AS", "--city", "Oslo"],
            "a business customer needs an address: X AS has no postcode",
        ),
        (["--name", "X AS"], "a business customer needs an address: X AS has no postcode and city"),
    ],
)
def test_bad_customers_are_refused(
    company: Run, isolated: Path, args: list[str], message: str
) -> None:
    before = snapshot(isolated)
    result = company("customer", "add", *args, code=1)
    assert result.stderr.startswith(f"faktura: error: {message}")
    assert snapshot(isolated) == before


def test_unknown_customer(company: Run) -> None:
    assert company("customer", "show", "99", code=1).stderr == (
        "faktura: error: there is no customer 99; `faktura customer list` shows them\n"
    )


def test_products(company: Run) -> None:
    assert (
        company(
            "product",
            "add",
            "--number",
            "4",
            "--name",
            "Fagbok",
            "--price",
            "449",
            "--vat",
            "0",
            "--unit",
            "stk",
        ).stdout.strip()
        == "4"
    )
    shown = company("product", "show", "4", "--json").json()
    assert shown == {"number": "4", "name": "Fagbok", "price": "449.00", "vat": "0", "unit": "stk"}
    assert company("product", "set-price", "4", "499,50", "--json").json()["price"] == "499.50"
    assert company("product", "list", "--json").json()["products"][0]["price"] == "499.50"
    assert company(
        "product", "add", "--number", "4", "--name", "Dup", "--price", "1", code=1
    ).stderr.startswith("faktura: error: product 4 exists already")
    assert company(
        "product", "add", "--number", "5", "--name", "N", "--price", "-1", code=1
    ).stderr.startswith("faktura: error: price '-1' cannot be negative")
    assert company(
        "product", "add", "--number", "5", "--name", "N", "--price", "1", "--vat", "8", code=1
    ).stderr.startswith("faktura: error: VAT '8' is not a Norwegian VAT rate")


def test_invoice_create_json_has_the_spec_shape_and_the_worked_example(
    customer: int, run: Run
) -> None:
    inv = run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=Konsulenttimer mars;qty=6.4;price=1250;vat=25",
        "--date",
        "02.03.2026",
        "--json",
    ).json()
    assert inv.keys() >= INVOICE_KEYS
    assert inv["lines"][0].keys() >= LINE_KEYS
    assert inv["number"] == 1 and inv["kind"] == "invoice" and inv["credits"] is None
    assert (inv["net_total"], inv["vat_total"], inv["total"]) == ("8000.00", "2000.00", "10000.00")
    assert (inv["date"], inv["delivery_date"], inv["due_date"]) == (
        "2026-03-02",
        "2026-03-02",
        "2026-03-16",
    )
    assert inv["kid"] == "00000018"
    assert inv["bank_account"] == "86011117947"
    assert inv["status"] == "open"
    assert inv["lines"][0] == {
        "text": "Konsulenttimer mars",
        "product": None,
        "qty": "6.4",
        "unit": None,
        "unit_price": "1250.00",
        "discount": "0",
        "vat_rate": "25",
        "vat_code": "25",
        "net": "8000.00",
        "vat": "2000.00",
        "period_from": None,
        "period_to": None,
    }
    postings = run("ledger", "postings", "--json").json()
    assert [(p["voucher"], p["account"], p["amount"], p["invoice"]) for p in postings] == [
        (1, "1500", "10000.00", 1),
        (1, "3000", "-8000.00", 1),
        (1, "2700", "-2000.00", 1),
    ]
    assert "10 000,00" in run("ledger", "postings").stdout


def test_invoice_number_is_printed_plain(customer: int, run: Run) -> None:
    assert (
        run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=10").stdout
        == "1\n"
    )
    assert (
        run("invoice", "create", "--customer", str(customer), "--line", "text=B;price=10").stdout
        == "2\n"
    )


def test_due_date_from_customer_terms_then_company_then_option(company: Run) -> None:
    slow = company(
        "customer",
        "add",
        "--name",
        "Kommune",
        "--payment-terms",
        "30",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    ).stdout.strip()
    plain = company(
        "customer", "add", "--name", "Vanlig", "--postcode", "0150", "--city", "Oslo"
    ).stdout.strip()
    line = ["--line", "text=A;price=10", "--no-send"]  # neither customer has a channel
    assert (
        company("invoice", "create", "--customer", slow, *line, "--json").json()["due_date"]
        == "2026-04-01"
    )
    assert (
        company("invoice", "create", "--customer", plain, *line, "--json").json()["due_date"]
        == "2026-03-16"
    )
    assert (
        company("invoice", "create", "--customer", plain, *line, "--terms", "0", "--json").json()[
            "due_date"
        ]
        == "2026-03-02"
    )
    assert (
        company(
            "invoice", "create", "--customer", plain, *line, "--due-date", "10.04.2026", "--json"
        ).json()["due_date"]
        == "2026-04-10"
    )


def test_mixed_vat_invoice_with_products_and_discount(customer: int, run: Run) -> None:
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
    run("product", "add", "--number", "3", "--name", "Kurs", "--price", "3500", "--vat", "exempt")
    run("product", "add", "--number", "5", "--name", "Lunsj", "--price", "185", "--vat", "15")
    inv = run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "product=1;qty=2;discount=10",
        "--line",
        "product=3",
        "--line",
        "product=5;qty=3",
        "--line",
        "text=Bok;price=449;vat=0",
        "--line",
        "text=Taxi;price=320;vat=12",
        "--json",
    ).json()
    assert [v["vat_rate"] for v in inv["vat"]] == ["25", "15", "12", "0", "exempt"]
    assert inv["lines"][0]["net"] == "2250.00"
    assert inv["net_total"] == "7074.00"  # 2250 + 3500 + 555 + 449 + 320
    assert inv["vat_total"] == "684.15"  # 562.50 + 83.25 + 38.40
    balance = {r["account"]: r["closing"] for r in run("ledger", "balance", "--json").json()}
    assert balance == {
        "1500": "7758.15",
        "2700": "-562.50",
        "2701": "-83.25",
        "2703": "-38.40",
        "3000": "-2250.00",
        "3030": "-555.00",
        "3050": "-320.00",
        "3100": "-449.00",
        "3200": "-3500.00",
    }


def test_foreign_currency_invoice(customer: int, run: Run) -> None:
    inv = run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--currency",
        "eur",
        "--rate",
        "11,7250",
        "--line",
        "text=Consulting;qty=10;price=100",
        "--json",
    ).json()
    assert inv["currency"] == "EUR" and inv["total"] == "1250.00"
    assert inv["total_nok"] == "14656.25" and inv["vat_total_nok"] == "2931.25"
    assert run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--currency",
        "EUR",
        "--line",
        "text=A;price=1",
        code=1,
    ).stderr.startswith("faktura: error: an invoice in EUR needs --rate")


def test_company_outside_vat_register(run: Run) -> None:
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
    inv = run(
        "invoice",
        "create",
        "--customer",
        c,
        "--line",
        "text=Snekring;qty=3;price=500",
        "--json",
        code=3,  # Per has no delivery channel: committed, not delivered
    ).json()
    assert inv["vat_total"] == "0.00" and inv["lines"][0]["vat_rate"] == "0"
    assert inv["lines"][0]["vat_code"] == "none"
    accounts = {p["account"] for p in run("ledger", "postings", "--json").json()}
    assert accounts == {"1500", "3200"}
    assert run(
        "invoice", "create", "--customer", c, "--line", "text=X;price=1;vat=25", code=1
    ).stderr.startswith(
        "faktura: error: line 'X' has 25 % VAT, but the company is not registered for VAT"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("text=A", "line 'A' needs price"),
        ("product=99", "there is no product 99"),
        ("text=A;price=1;colour=red", "unknown key 'colour'"),
        ("text=A;price=1;qty=0", "qty must be more than 0"),
        ("text=A;price=1;qty=abc", "qty 'abc' is not a number"),
        ("text=A;price=1,234", "more than two decimals"),
        ("text=A;price=NaN", "price 'NaN' is not an amount"),
        ("text=A;price=1;discount=120", "discount must be at most 100"),
        ("text=A;price=1;vat=7", "VAT '7' is not a Norwegian VAT rate"),
        ("text=A;price=0", "an invoice's total must be more than 0"),
        ("text;price=1", "is not key=value"),
    ],
)
def test_bad_lines_are_refused_without_using_a_number(
    customer: int, run: Run, isolated: Path, line: str, message: str
) -> None:
    before = snapshot(isolated)
    result = run("invoice", "create", "--customer", str(customer), "--line", line, code=1)
    assert message in result.stderr and result.stderr.startswith("faktura: error:")
    assert snapshot(isolated) == before
    assert (
        run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=1").stdout
        == "1\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "31.02.2026"], "invoice date '31.02.2026' is not a real date"),
        (
            ["--due-date", "2026-03-01"],
            "the due date 2026-03-01 is before the invoice date 2026-03-02",
        ),
        (["--due-date", "2026-04-01", "--terms", "10"], "give --due-date or --terms, not both"),
        (["--currency", "kroner"], "currency 'kroner' is not an ISO 4217 currency code"),
        (["--customer", "4711"], "there is no customer 4711"),
    ],
)
def test_bad_invoice_options(customer: int, run: Run, args: list[str], message: str) -> None:
    base = ["invoice", "create", "--line", "text=A;price=1"]
    if "--customer" not in args:
        base += ["--customer", str(customer)]
    assert message in run(*base, *args, code=1).stderr


def test_usage_errors_exit_2(company: Run) -> None:
    assert company("invoice", "create", "--line", "text=A;price=1", code=2).exit_code == 2
    assert company("invoice", "show", "abc", code=2).exit_code == 2
    assert company("nonsense", code=2).exit_code == 2


def test_payments_partial_and_over(customer: int, run: Run) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=A;price=800",
        "--date",
        "2026-02-01",
    )
    part = run("invoice", "pay", "1", "--amount", "400", "--date", "2026-02-10", "--json").json()
    assert (part["status"], part["open_amount"]) == ("overdue", "600.00")
    refused = run("invoice", "pay", "1", "--amount", "700", "--date", "2026-02-20", code=1)
    assert refused.stderr.startswith(
        "faktura: error: the payment of 700,00 NOK is more than the 600,00 NOK open on invoice 1"
    )
    paid = run(
        "invoice", "pay", "1", "--amount", "700", "--date", "2026-02-20", "--overpay", "--json"
    ).json()
    assert (paid["status"], paid["open_amount"]) == ("paid", "-100.00")
    bank = [p for p in run("ledger", "postings", "--account", "1920", "--json").json()]
    assert [p["amount"] for p in bank] == ["400.00", "700.00"]
    assert all(p["invoice"] == 1 for p in bank)
    assert run("invoice", "pay", "1", "--amount", "0", code=1).stderr.startswith(
        "faktura: error: amount must be more than 0"
    )
    assert run(
        "invoice", "pay", "1", "--amount", "10", "--date", "2026-01-01", code=1
    ).stderr.startswith(
        "faktura: error: the payment date 2026-01-01 is before the invoice date 2026-02-01"
    )
    assert run("invoice", "pay", "9", "--amount", "10", code=1).stderr.startswith(
        "faktura: error: there is no invoice 9"
    )


def test_invoice_list_and_show(customer: int, run: Run) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=Timer;qty=2;price=1000")
    run("invoice", "create", "--customer", str(customer), "--line", "text=Mer;price=50")
    listed = run("invoice", "list", "--json").json()["invoices"]
    assert [i["number"] for i in listed] == [1, 2]
    assert [i["total"] for i in listed] == ["2500.00", "62.50"]
    table = run("invoice", "list").stdout
    assert "2 500,00" in table and "Kunde AS" in table
    shown = run("invoice", "show", "1").stdout
    assert "Invoice 1" in shown and "00000018" in shown and "2 500,00" in shown


def test_ledger_filters_and_formats(customer: int, run: Run) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=A;price=100",
        "--date",
        "2026-01-15",
    )
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=B;price=200",
        "--date",
        "2026-02-15",
    )
    run("invoice", "pay", "1", "--amount", "125", "--date", "2026-02-01")
    assert {
        p["voucher"] for p in run("ledger", "postings", "--from", "2026-02-01", "--json").json()
    } == {2, 3}
    assert {
        p["voucher"] for p in run("ledger", "postings", "--to", "31.01.2026", "--json").json()
    } == {1}
    assert [p["amount"] for p in run("ledger", "postings", "--voucher", "3", "--json").json()] == [
        "125.00",
        "-125.00",
    ]
    csv = run("ledger", "postings", "--format", "csv").stdout.splitlines()
    assert csv[0] == "voucher,date,account,amount,text,invoice,customer"
    assert csv[1] == f"1,2026-01-15,1500,125.00,Faktura 1,1,{customer}"
    balance = run(
        "ledger", "balance", "--from", "2026-02-01", "--to", "2026-02-28", "--json"
    ).json()
    rows = {r["account"]: r for r in balance}
    assert rows["1500"] == {
        "account": "1500",
        "name": "Kundefordringer",
        "opening": "125.00",
        "movement": "125.00",
        "year_end": "0.00",
        "closing": "250.00",
    }
    for key in ("opening", "movement", "closing"):
        assert sum(float(r[key]) for r in balance) == 0
    assert run(
        "ledger", "balance", "--from", "2026-03-01", "--to", "2026-02-01", code=1
    ).stderr.startswith("faktura: error: --to 2026-02-01 is before --from 2026-03-01")


def test_every_change_is_in_the_event_log(customer: int, run: Run, db) -> None:  # type: ignore[no-untyped-def]
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    commands = [r["command"] for r in db().execute("SELECT command FROM events ORDER BY id")]
    assert commands == ["init", "customer add", "invoice create"]


def test_every_command_has_help(run: Run) -> None:
    import typer.main

    from faktura_cli.cli.app import build_app

    group = typer.main.get_command(build_app())

    def walk(cmd, path):  # type: ignore[no-untyped-def]
        assert cmd.help, f"{' '.join(path)} has no help"
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])
            assert run(*path[1:], name, "--help").exit_code == 0

    walk(group, ["faktura"])
