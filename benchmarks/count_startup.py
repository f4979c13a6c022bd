"""The start-up commands of bench_startup.py as instructions executed (valgrind's callgrind),
each as a ratio to `python -c pass`: a figure the machine's load does not disturb, for comparing
two versions on a shared machine. Not a target (the targets are wall-time ratios, SPEC §17): an
instruction of the dynamic loader costs more time than one of Python's, so these ratios run
~1.2-1.5× the wall-time ones (2026-11-30). Run on demand: `.venv/bin/python benchmarks/count_startup.py`
(~3 minutes); without valgrind it says so and exits 0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _books import compile_faktura
from bench_run_due import make_books


def instructions(cmd: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        env=env,
        capture_output=True,
        text=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"{' '.join(cmd)}: {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing counted")
        return 0
    compile_faktura()
    faktura = shutil.which("faktura", path=str(Path(sys.executable).parent)) or "faktura"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "FAKTURA_DB": str(Path(tmp) / "demo.db"),
            "FAKTURA_NOW": "2026-03-02T10:15:00+01:00",
        }
        subprocess.run([faktura, "demo"], check=True, env=env, stdout=subprocess.DEVNULL)
        idle = {**env, "FAKTURA_DB": str(Path(tmp) / "idle.db")}
        make_books(Path(idle["FAKTURA_DB"]), schedules=50, next_date="2026-04-01")
        base = instructions([sys.executable, "-c", "pass"], env)
        print(f"python -c pass: {base / 1e6:.1f} M instructions")
        for argv, cmd_env in (
            (["--help"], env),
            (["invoice", "create", "--help"], env),
            (["run-due"], idle),
            (["invoice", "list"], env),
            (["invoice", "show", "3"], env),
            (["customer", "list"], env),
            (["ledger", "balance"], env),
            (["ledger", "customers"], env),
        ):
            n = instructions([faktura, *argv], cmd_env)
            print(f"faktura {' '.join(argv):28s} {n / 1e6:7.1f} M  {n / base:5.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
