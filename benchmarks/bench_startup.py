"""Start-up: `faktura --help`, a command's help, and a command with nothing to do, median of 20.

Targets (SPEC section 10): --help under 200 ms (the program's and a command's); an idle command
under 150 ms. `python -c pass` is measured in the same run, to show what the machine itself
costs.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 20


def median_ms(cmd: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    faktura = shutil.which("faktura", path=str(Path(sys.executable).parent)) or "faktura"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FAKTURA_DB": str(Path(tmp) / "bench.db")}
        subprocess.run(
            [
                faktura,
                "init",
                "--name",
                "Bench AS",
                "--orgnr",
                "923456783",
                "--legal-form",
                "AS",
                "--account",
                "86011117947",
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        rows = [
            ("python -c pass", median_ms([sys.executable, "-c", "pass"], env), None),
            ("faktura --help", median_ms([faktura, "--help"], env), 200.0),
            (
                "faktura invoice create --help",
                median_ms([faktura, "invoice", "create", "--help"], env),
                200.0,
            ),
            # For comparison only: the spec's idle target (150 ms) is for run-due, in bench_run_due.py.
            ("faktura product list (empty)", median_ms([faktura, "product", "list"], env), None),
        ]
    failed = False
    for name, ms, target in rows:
        verdict = "" if target is None else ("ok" if ms < target else "MISSED")
        failed |= verdict == "MISSED"
        print(
            f"{name:32s} {ms:7.1f} ms  {f'target < {target:.0f} ms' if target else '':18s} {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
