"""SPEC §12 "Limits on work": a document of 1 000 lines (the most allowed) renders to PDF in
under 10 s and 300 MB. Measured in a real process: its CPU time (the machine is shared, so
wall time says more about the neighbours than about faktura) and its peak memory."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .conftest import NOW, Run
from .processes import COMMAND, environment

pytestmark = pytest.mark.slow


def test_a_1000_line_invoice_renders_in_under_10_s_and_300_mb(
    customer: int, run: Run, isolated: Path, tmp_path: Path
) -> None:
    lines = [
        a
        for k in range(1, 1001)
        for a in ("--line", f"text=Konsulenttime {k}, prosjekt Fjellbekk;price={k},50;qty=2")
    ]
    run("invoice", "create", "--customer", str(customer), *lines, "--no-send")
    pdf = tmp_path / "big.pdf"
    # This command's own usage (os.wait4), not RUSAGE_CHILDREN: that holds the largest child
    # this test process ever waited for, such as a browser another test started.
    proc = subprocess.Popen(
        [*COMMAND, "invoice", "pdf", "1", "-o", str(pdf)],
        env=environment(isolated, NOW),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0
    cpu = usage.ru_utime + usage.ru_stime
    assert cpu < 10, f"{cpu:.1f} s of CPU"
    assert usage.ru_maxrss < 300 * 1024, f"{usage.ru_maxrss // 1024} MB"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Konsulenttime 1000" in text
