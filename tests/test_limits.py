"""SPEC §12 "Limits on work": a document of 1 000 lines (the most allowed) renders to PDF in
under 10 s and 300 MB. Measured in a real process: its CPU time (the machine is shared, so
wall time says more about the neighbours than about faktura) and its peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import NOW, Run
from .processes import COMMAND, environment

pytestmark = pytest.mark.slow

# Runs `python -m MODULE ARGS...` in this process and writes its peak resident size (VmHWM, in
# kB) to the file named first, whichever way it exits.
PEAK_REPORTING = """
import atexit, runpy, sys
from pathlib import Path
out = Path(sys.argv[1])
def peak():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            out.write_text(line.split()[1])
atexit.register(peak)
module, args = sys.argv[3], sys.argv[4:]
sys.argv = [module, *args]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


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
    # CPU: this command's own usage (os.wait4), not RUSAGE_CHILDREN, which holds the largest
    # child this test process ever waited for. Memory: the command's own peak (VmHWM), read by
    # the command's process as it exits; ru_maxrss would not do, because Linux carries the
    # forking pytest's resident size (hundreds of MB late in a full run) into the child's.
    peak = tmp_path / "peak"
    proc = subprocess.Popen(
        [sys.executable, "-c", PEAK_REPORTING, str(peak), *COMMAND[1:], "invoice", "pdf", "1",
         "-o", str(pdf)],
        env=environment(isolated, NOW),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    cpu = usage.ru_utime + usage.ru_stime
    assert cpu < 10, f"{cpu:.1f} s of CPU"
    peak_kb = int(peak.read_text())
    assert peak_kb < 300 * 1024, f"{peak_kb // 1024} MB"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Konsulenttime 1000" in text
