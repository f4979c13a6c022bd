"""SAF-T Financial 1.30: the export passes Skatteetaten's schema and content checks.

The official artefacts live in `shared/standards/` beside the repository (or $FAKTURA_STANDARDS);
the validator is `standards/validate_saft.py` (XSD 1.30 + content checks, exit 0 = valid).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from faktura_cli.domain.ledger import CHART


def standards_dir() -> Path:
    """`<repo>/../shared/standards`, or $FAKTURA_STANDARDS. CI has it: missing is a failure."""
    configured = os.environ.get("FAKTURA_STANDARDS")
    path = (
        Path(configured)
        if configured
        else Path(__file__).resolve().parents[2] / "shared" / "standards"
    )
    if not (path / "validate_saft.py").is_file():
        pytest.fail(f"the SAF-T validation artefacts are missing: no {path / 'validate_saft.py'}")
    return path


def test_every_account_maps_to_a_grouping_code_in_skatteetatens_list() -> None:
    """SAF-T 1.30 accepts only (GroupingCategory, GroupingCode) pairs from the næringsspesifikasjon."""
    listed = standards_dir() / "saft" / "grouping-category-codes" / "naeringsspesifikasjon.csv"
    with listed.open(encoding="utf-8-sig", newline="") as f:
        pairs = {
            (row["GroupingCategory"], row["GroupingCode"])
            for row in csv.DictReader(f, delimiter=";")
        }
    for number, (_name, category, code) in CHART.items():
        assert (category, code) in pairs, f"account {number}: {category}/{code} is not in the list"
