"""SPEC §12 "Files": every file faktura writes is 0600, written under a random O_EXCL name in the
target folder and renamed; folders it creates are 0700; `-o` into a missing folder is refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from faktura_cli.errors import InvalidInput
from faktura_cli.storage.files import write_file

from .conftest import Run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def invoiced(customer: int, run: Run) -> int:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    return 1


def test_exports_and_documents_are_owner_only(invoiced: int, run: Run, tmp_path: Path) -> None:
    os.umask(0o022)
    run("invoice", "pdf", "1", "-o", str(tmp_path / "f.pdf"))
    run("invoice", "ehf", "1", "-o", str(tmp_path / "f.xml"))
    run("export", "saft", "--year", "2026", "-o", str(tmp_path / "saft.xml"))
    run("export", "journal", "--format", "hledger", "-o", str(tmp_path / "books.journal"))
    run("backup", str(tmp_path / "copy.db"))
    for name in ("f.pdf", "f.xml", "saft.xml", "books.journal", "copy.db"):
        assert mode(tmp_path / name) == 0o600, name
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".part"))]


def test_outbox_folders_are_0700_and_files_0600(invoiced: int, run: Run, tmp_path: Path) -> None:
    os.umask(0o022)
    run("invoice", "send", "1", "--channel", "print")
    outbox = tmp_path / "outbox"
    assert mode(outbox) == 0o700 and mode(outbox / "print") == 0o700
    assert [mode(p) for p in (outbox / "print").iterdir()] == [0o600]


def test_a_planted_symlink_is_replaced_not_written_through(
    invoiced: int, run: Run, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for planted in ("out.pdf.part", ".out.pdf.part", "out.pdf"):
        (tmp_path / planted).symlink_to(victim)
    run("invoice", "pdf", "1", "-o", str(tmp_path / "out.pdf"))
    assert victim.read_text() == "precious"
    out = tmp_path / "out.pdf"
    assert not out.is_symlink() and out.read_bytes().startswith(b"%PDF")


def test_o_into_a_missing_folder_is_refused(invoiced: int, run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    for args in (
        ("invoice", "pdf", "1", "-o", str(missing / "x.pdf")),
        ("invoice", "ehf", "1", "-o", str(missing / "x.xml")),
        ("export", "saft", "--year", "2026", "-o", str(missing / "s.xml")),
        ("export", "journal", "--format", "hledger", "-o", str(missing / "j")),
        ("backup", str(missing / "b.db")),
    ):
        refused = run(*args, code=1)
        assert refused.stderr.startswith(f"faktura: error: the folder {missing} does not exist")
    assert not missing.exists()


def test_the_temporary_name_is_random_and_never_reused(tmp_path: Path) -> None:
    seen: list[str] = []
    real_open = os.open

    def spy(path, flags, *args):  # type: ignore[no-untyped-def]
        if str(path).endswith(".tmp"):
            seen.append(Path(path).name)
            assert flags & os.O_EXCL and flags & os.O_CREAT and flags & os.O_NOFOLLOW
        return real_open(path, flags, *args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "open", spy)
        write_file(tmp_path / "a.txt", b"1")
        write_file(tmp_path / "a.txt", b"2")
    assert len(set(seen)) == 2 and (tmp_path / "a.txt").read_bytes() == b"2"
    with pytest.raises(InvalidInput):
        write_file(tmp_path / "no" / "a.txt", b"x")
    write_file(tmp_path / "made" / "deep" / "a.txt", b"x", create_folder=True)
    assert mode(tmp_path / "made") == 0o700 and mode(tmp_path / "made" / "deep") == 0o700
