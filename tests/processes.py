"""The real `faktura` as separate processes, as a shell or cron starts it, and what sound books are.

Shared by the crash, concurrency and bad-file tests.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

COMMAND = [sys.executable, "-m", "faktura_cli"]
COMPANY = (
    "init",
    "--name",
    "Prosess AS",
    "--orgnr",
    "923456783",
    "--legal-form",
    "AS",
    "--account",
    "86011117947",
    "--email",
    "post@prosess.example",
)
CUSTOMER = ("customer", "add", "--name", "Kunde AS", "--orgnr", "910524267",
            "--postcode", "5003", "--city", "Bergen")  # fmt: skip


def environment(db: Path, now: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "FAKTURA_DB": str(db), "FAKTURA_NOW": now, **extra}
    env.pop("FAKTURA_DEBUG", None)
    return env


def faktura(
    *args: str,
    env: dict[str, str],
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=preexec_fn,
        timeout=timeout,
    )


def spawn(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def refused_in_one_line(done: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """The user's view of a refusal: the exit code, one line on stderr, no traceback."""
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert done.stderr.startswith("faktura: error: "), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stderr


# ---------------------------------------------------------------- file permissions, also as root

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def as_ordinary_user() -> None:
    """preexec_fn: a process that obeys file modes like any user's, even when the tests run as root.

    Root ignores file modes through two capabilities; dropped from the bounding set before the
    exec, they are gone from the new program, while it still runs as the owner of the files.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def file_modes_are_enforced(tmp: Path) -> bool:
    """Whether a chmod 000 file is really unreadable to a process started as_ordinary_user."""
    probe = tmp / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        done = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}).read()"],
            capture_output=True,
            preexec_fn=as_ordinary_user,
        )
    except subprocess.SubprocessError:  # no right to drop capabilities here
        return False
    finally:
        probe.unlink()
    return done.returncode != 0


# ---------------------------------------------------------------- what sound books are


def assert_sound(db: Path, env: dict[str, str]) -> sqlite3.Connection:
    """Numbers without gaps, every voucher balanced, and `faktura check` clean (exit 0)."""
    conn = sqlite3.connect(db)
    documents = [n for (n,) in conn.execute("SELECT number FROM documents ORDER BY number")]
    assert documents == list(range(1, len(documents) + 1)), f"a gap in {documents}"
    vouchers = [n for (n,) in conn.execute("SELECT number FROM vouchers ORDER BY number")]
    assert vouchers == list(range(1, len(vouchers) + 1)), f"a gap in {vouchers}"
    unbalanced = conn.execute(
        "SELECT voucher, SUM(amount) FROM postings GROUP BY voucher HAVING SUM(amount) != 0"
    ).fetchall()
    assert unbalanced == []
    empty = conn.execute(
        "SELECT number FROM vouchers WHERE number NOT IN (SELECT voucher FROM postings)"
    ).fetchall()
    assert empty == [], "a voucher without postings"
    check = faktura("check", env=env)
    assert check.returncode == 0 and check.stdout.startswith("ok:"), check.stdout + check.stderr
    return conn
