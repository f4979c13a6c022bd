"""The spec's contract, as an acceptance test reads it: names, JSON shapes and exit codes
(SPEC §3 and Part two, §11-§17), through the real command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot


def refused(run: Run, *args: str) -> dict[str, str]:
    """A refused command in JSON mode: exit 1, one `faktura: error:` line, one JSON error."""
    out = run(*args, "--json", code=1)
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("faktura: error: "), out
    document = json.loads(out.stdout)
    assert set(document) == {"error"} and set(document["error"]) >= {"code", "message"}, out
    assert document["error"]["message"] == lines[0].removeprefix("faktura: error: ")
    return document["error"]


@pytest.mark.parametrize(
    "args",
    [
        ("invoice", "create", "--customer", "10001", "--line", "text=x;price=1.2.3"),
        ("invoice", "create", "--customer", "10001", "--line", "bogus=1"),
        ("invoice", "create", "--customer", "10001", "--line", "text=x", "--date", "30.02.2026"),
        ("invoice", "pay", "1", "--amount", "abc"),
        ("lock", "--to", "2026-01-01"),
    ],
)
def test_input_refused_while_parsing_options_is_a_json_error_too(
    customer: int, run: Run, isolated: Path, args: tuple[str, ...]
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    run("lock", "--to", "2026-02-01")
    before = snapshot(isolated)
    error = refused(run, *args)
    assert error["code"] in ("invalid_input", "rule_violation")
    assert snapshot(isolated) == before


def test_check_lists_a_failed_delivery_as_a_finding_and_exits_1(company: Run) -> None:
    """SPEC 9: `check` prints findings, exit 1 on any; SPEC 11: failed deliveries are findings."""
    run = company
    number = run(
        "customer", "add", "--name", "Ingen Kanal AS", "--orgnr", "974760673",
        "--address", "Gata 1", "--postcode", "0150", "--city", "Oslo",
    ).stdout.strip()  # fmt: skip
    run("invoice", "create", "--customer", number, "--line", "text=A;price=100", code=3)
    out = run("check", code=1)
    assert "delivery_failed" in out.stdout
    assert out.stderr.startswith("faktura: error: ") and out.stderr.count("\n") == 1
    report = run("check", "--json", code=1).json()
    assert [f["check"] for f in report["findings"]] == ["delivery_failed"]


def test_mva_melding_json_amounts_are_strings_with_two_decimals(customer: int, run: Run) -> None:
    """SPEC 3: in JSON amounts are strings with two decimals; SPEC 15: whole kroner."""
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=1000,40")
    out = run("export", "mva-melding", "--term", "2026-2", "-o", "mva.xml", "--json").json()
    assert out["lines"] == [{"code": "3", "base": "1000.00", "rate": "25", "vat": "250.00"}]
    assert out["to_pay"] == "250.00"


def test_bill_list_bank_unmatched_and_outbox_list_filter_like_invoice_list(
    customer: int, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC 16: `invoice list [--status] [--from] [--to]`; `bill list`, `bank unmatched`,
    `outbox list` likewise."""
    from tests.bankfiles import Tx, camt054

    def bills(*args: str) -> list[int]:
        return [b["number"] for b in run("bill", "list", *args, "--json").json()["bills"]]

    for day, due in (("2026-01-10", "2026-01-20"), ("2026-02-10", "2026-03-20")):
        run(
            "bill", "add", "--supplier", "Kontorland AS", "--date", day, "--due-date", due,
            "--line", "account=6800;amount=1250;vat=1",
        )  # fmt: skip
    run("bill", "pay", "1", "--date", "2026-02-01", "--amount", "100")
    assert bills("--status", "open") == [1, 2]
    assert bills("--status", "overdue") == [1]
    assert bills("--status", "paid") == []
    assert bills("--from", "01.02.2026") == [2] and bills("--to", "2026-01-31") == [1]
    assert refused(run, "bill", "list", "--status", "bogus")["code"] == "invalid_input"
    assert refused(run, "bill", "list", "--from", "2026-02-01", "--to", "2026-01-01")

    monkeypatch.setenv("FAKTURA_NOW", "2026-03-25T10:00:00+01:00")
    statement = tmp_path / "camt.xml"
    statement.write_bytes(
        camt054(
            [
                [Tx("10.00", kid="12345", day=date(2026, 3, 20), ref="A")],
                [Tx("20.00", kid="12345", day=date(2026, 3, 23), ref="B")],
            ]
        )
    )
    run("bank", "import", str(statement))

    def unmatched(*args: str) -> list[str]:
        rows = run("bank", "unmatched", *args, "--json").json()["entries"]
        return [e["amount"] for e in rows]

    assert unmatched() == ["10.00", "20.00"]
    assert unmatched("--from", "2026-03-21") == ["20.00"]
    assert unmatched("--to", "2026-03-21") == ["10.00"]

    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")

    def outbox(*args: str) -> list[int]:
        return [d["document"] for d in run("outbox", "list", *args, "--json").json()["deliveries"]]

    assert outbox("--from", "2026-03-25") == [1] and outbox("--to", "2026-03-24") == []
    assert outbox("--status", "sent", "--from", "2026-03-01", "--to", "2026-03-31") == [1]


def test_a_company_outside_the_vat_register_files_no_vat_term(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC 13/15: `vat file` settles and locks a VAT term; a company that is not registered
    for VAT has none to file (as `export mva-melding` already says), and nothing is locked."""
    run(
        "init", "--name", "Liten ENK", "--orgnr", "923456783", "--legal-form", "ENK",
        "--account", "86011117947", "--no-vat", "--address", "Storgata 1",
        "--postcode", "0155", "--city", "Oslo",
    )  # fmt: skip
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-10T10:00:00+01:00")
    before = snapshot(isolated)
    error = refused(run, "vat", "file", "--term", "2026-1")
    assert error["code"] == "rule_violation" and "not registered for VAT" in error["message"]
    assert snapshot(isolated) == before
    assert run("lock", "show", "--json").json()["locked_to"] is None


def test_a_lines_vat_rate_is_the_rate_as_typed_and_vat_code_its_treatment(
    company: Run, run: Run
) -> None:
    """SPEC 3: lines carry `vat_rate`; `vat=0` to a customer abroad is an export (SPEC 13) at
    0 %: the rate stays "0", the treatment (3105, SAF-T 52) is `vat_code` "export"."""
    number = run(
        "customer", "add", "--name", "Kunde GmbH", "--country", "DE", "--address", "Hauptstr. 1",
        "--postcode", "10115", "--city", "Berlin", "--email", "a@kunde.example",
    ).stdout.strip()  # fmt: skip
    invoice = run(
        "invoice", "create", "--customer", number, "--no-send", "--json",
        "--line", "text=Design;price=1000;vat=0", "--line", "text=Bok;price=100;vat=0;export=no",
    ).json()  # fmt: skip
    assert [line["vat_rate"] for line in invoice["lines"]] == ["0", "0"]
    assert [line["vat_code"] for line in invoice["lines"]] == ["export", "0"]
    assert [(v["vat_rate"], v["vat_code"]) for v in invoice["vat"]] == [("0", "0"), ("0", "export")]


def test_amounts_in_messages_are_written_the_norwegian_way(company: Run, run: Run) -> None:
    """SPEC 16: people see Norwegian number formats (`9 772,00`), also in a refusal."""
    run(
        "bill", "add", "--supplier", "Kontorland AS", "--date", "2026-02-10",
        "--due-date", "2026-02-24", "--line", "account=6800;amount=1250;vat=1",
    )  # fmt: skip
    error = refused(run, "bill", "pay", "1", "--date", "2026-02-28", "--amount", "1 250,01")
    assert "1 250,00 NOK open: 1 250,01 NOK cannot be paid" in error["message"]
    unbalanced = refused(
        run, "voucher", "add", "--date", "2026-02-10", "--text", "Husleie",
        "--line", "account=6300;amount=1500", "--line", "account=1920;amount=-100",
    )  # fmt: skip
    assert "by 1 400,00 NOK" in unbalanced["message"]


def test_account_add_takes_the_grouping_code_alone_or_as_saft_writes_the_pair(
    company: Run, run: Run
) -> None:
    """SPEC 15: `account add NUMBER --name --grouping CODE`; SPEC 9 writes groupings as
    CATEGORY/CODE (1579 -> balanseverdiForOmloepsmiddel/1570)."""
    plain = run("account", "add", "6301", "--name", "Leie lager", "--grouping", "6300", "--json")
    pair = run(
        "account", "add", "6302", "--name", "Leie garasje",
        "--grouping", "annenDriftskostnad/6300", "--json",
    ).json()  # fmt: skip
    assert plain.json()["grouping_code"] == pair["grouping_code"] == "6300"
    assert pair["grouping_category"] == "annenDriftskostnad"
    refused(run, "account", "add", "6303", "--name", "X", "--grouping", "salgsinntekt/6300")
