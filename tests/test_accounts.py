"""The chart of accounts: the whole NS 4102 chart, each account with its SAF-T grouping (SPEC 15)."""

from __future__ import annotations

import csv

import pytest

from faktura_cli.domain.chart import CLASSES, GROUPING, STANDARD_CHART

from .conftest import Run, snapshot
from .test_saft import standards_dir


def skatteetatens_pairs() -> set[tuple[str, str]]:
    listed = standards_dir() / "saft" / "grouping-category-codes" / "naeringsspesifikasjon.csv"
    with listed.open(encoding="utf-8-sig", newline="") as f:
        return {
            (r["GroupingCategory"], r["GroupingCode"]) for r in csv.DictReader(f, delimiter=";")
        }


def test_every_grouping_code_the_product_knows_is_in_skatteetatens_list() -> None:
    pairs = skatteetatens_pairs()
    assert {(category, code) for code, category in GROUPING.items()} <= pairs


def test_the_standard_chart_is_complete_and_each_account_sits_in_its_class() -> None:
    assert len(STANDARD_CHART) > 250
    for needed in (
        "1500",
        "1579",
        "1920",
        "2050",
        "2400",
        "2700",
        "2701",
        "2703",
        "2710",
        "2711",
        "2713",
        "2740",
        "3000",
        "3100",
        "3105",
        "3200",
        "3900",
        "6300",
        "7770",
        "8055",
        "8060",
        "8160",
        "8800",
    ):
        assert needed in STANDARD_CHART, needed
    for number, account in STANDARD_CHART.items():
        assert len(number) == 4 and number.isdigit()
        assert account.grouping_category in CLASSES[number[0]][1], number
    assert STANDARD_CHART["2050"].grouping_code == "2050"
    assert STANDARD_CHART["8800"].grouping_category == "resultatDisponeringForSAF-T"
    assert STANDARD_CHART["3105"].grouping_code == "3100"
    assert STANDARD_CHART["2710"].grouping_code == "2740"


def test_account_list_shows_the_whole_chart(company: Run) -> None:
    accounts = company("account", "list", "--json").json()["accounts"]
    numbers = [a["number"] for a in accounts]
    assert numbers == sorted(STANDARD_CHART)
    rent = next(a for a in accounts if a["number"] == "6300")
    assert rent == {
        "number": "6300",
        "name": "Leie lokaler",
        "grouping_category": "annenDriftskostnad",
        "grouping_code": "6300",
        "vat_code": None,
        "standard": True,
    }
    assert "Leie lokaler" in company("account", "list").stdout


def test_account_add_an_own_account_inside_its_class(company: Run) -> None:
    out = company(
        "account",
        "add",
        "6301",
        "--name",
        "Leie kontor Bergen",
        "--grouping",
        "6300",
        "--vat-code",
        "1",
    )
    assert out.stdout.strip() == "6301"
    own = company("account", "list", "--own", "--json").json()["accounts"]
    assert own == [
        {
            "number": "6301",
            "name": "Leie kontor Bergen",
            "grouping_category": "annenDriftskostnad",
            "grouping_code": "6300",
            "vat_code": "1",
            "standard": False,
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("630", "--name", "X", "--grouping", "6300"), "is not an NS 4102 account"),
        (("9300", "--name", "X", "--grouping", "6300"), "is not an NS 4102 account"),
        (("6300", "--name", "X", "--grouping", "6300"), "account 6300 exists already"),
        (("6301", "--name", "X", "--grouping", "6301"), "not in Skatteetaten's"),
        (("6301", "--name", "X", "--grouping", "3000"), "does not belong in class 6"),
        (("1999", "--name", "X", "--grouping", "2400"), "does not belong in class 1"),
        (("6301", "--name", "X", "--grouping", "6300", "--vat-code", "25"), "not an input VAT"),
        (("6301", "--name", " ", "--grouping", "6300"), "name cannot be empty"),
    ],
)
def test_account_add_refuses_what_does_not_fit(company: Run, isolated, args, message) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(isolated)
    out = company("account", "add", *args, code=1)
    assert message in out.stderr
    assert out.stderr.startswith("faktura: error: ")
    assert snapshot(isolated) == before
