"""Start-up and everyday commands as ratios to `python -c pass`, measured in the same run.

Targets (SPEC §17): on a sole proprietor's books (the demo books) `invoice list`, `invoice show N`,
`customer list`, `ledger balance` and `ledger customers`, and `faktura --help`, a command's help
and an idle `run-due`, each at most 10× `python -c pass`.

The commands take turns, RUNS rounds, so another job on the machine slows them all alike; each
figure is the median wall time of its runs (and, to show what a loaded machine did, the least
CPU time). The verdict is on the ratio of medians to `python -c pass`'s median.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _books import compile_faktura
from bench_run_due import make_books

RUNS = 20
TARGET = 10.0


def main() -> int:
    compile_faktura()
    faktura = shutil.which("faktura", path=str(Path(sys.executable).parent)) or "faktura"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "FAKTURA_DB": str(Path(tmp) / "demo.db"),
            "FAKTURA_NOW": "2026-03-02T10:15:00+01:00",
        }
        subprocess.run([faktura, "demo"], check=True, env=env, stdout=subprocess.DEVNULL)
        idle_env = {**env, "FAKTURA_DB": str(Path(tmp) / "idle.db")}
        # Schedules not yet due and an empty outbox, as most mornings.
        make_books(Path(idle_env["FAKTURA_DB"]), schedules=50, next_date="2026-04-01")
        rows: list[tuple[str, list[str], dict[str, str], float | None]] = [
            ("python -c pass", [sys.executable, "-c", "pass"], env, None),
            ("faktura --help", [faktura, "--help"], env, TARGET),
            (
                "faktura invoice create --help",
                [faktura, "invoice", "create", "--help"],
                env,
                TARGET,
            ),
            ("faktura run-due (nothing due)", [faktura, "run-due"], idle_env, TARGET),
            ("faktura invoice list", [faktura, "invoice", "list"], env, TARGET),
            ("faktura invoice show 3", [faktura, "invoice", "show", "3"], env, TARGET),
            ("faktura customer list", [faktura, "customer", "list"], env, TARGET),
            ("faktura ledger balance", [faktura, "ledger", "balance"], env, TARGET),
            ("faktura ledger customers", [faktura, "ledger", "customers"], env, TARGET),
        ]
        wall: dict[str, list[float]] = {name: [] for name, *_ in rows}
        cpu: dict[str, list[float]] = {name: [] for name, *_ in rows}
        for _ in range(RUNS):
            for name, cmd, cmd_env, _target in rows:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run(cmd, env=cmd_env, capture_output=True)
                wall[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(
                    after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                )
                if done.returncode != 0:
                    sys.exit(f"{name} failed: {done.stderr.decode()}")
    base = statistics.median(wall["python -c pass"])
    base_cpu = min(cpu["python -c pass"])
    print(f"load average {os.getloadavg()[0]:.1f}; median wall of {RUNS} runs, taking turns")
    failed = False
    for name, _cmd, _env, target in rows:
        ms = statistics.median(wall[name]) * 1000
        ratio = ms / 1000 / base
        cpu_ratio = min(cpu[name]) / base_cpu
        verdict = "" if target is None else ("ok" if ratio <= target else "MISSED")
        failed |= verdict == "MISSED"
        aim = f"target ≤ {target:.0f}×" if target else ""
        print(
            f"{name:32s} {ms:7.1f} ms  {ratio:5.1f}× (cpu {cpu_ratio:4.1f}×)  {aim:12s} {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
