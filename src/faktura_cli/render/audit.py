"""`faktura check`, `faktura backup` and `faktura restore` as people and programs see them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from faktura_cli.render import words
from faktura_cli.render.view import View, view


def anchor(head: Any) -> View:
    """`check --anchor`: the hash chain's N:HASH, to keep outside the file."""
    return view({"anchor": str(head), "length": head.length, "head": head.head}, str(head))


def check(report: Any) -> View:
    """services.audit's report: "ok: ..." or one line per finding (its code, then what)."""
    data = {
        "ok": report.ok,
        "vouchers": report.vouchers,
        "documents": report.documents,
        "postings": report.postings,
        "anchor": str(report.anchor),
        "findings": [
            {
                "check": f.check,
                "message": f.message,
                "voucher": f.voucher,
                "document": f.document,
            }
            for f in report.findings
        ],
    }
    if not report.findings:
        return view(data, f"ok: {report.vouchers} vouchers, {report.documents} documents checked")
    # The finding's code as --json names it (what to look up), its message with Norwegian amounts.
    return view(data, *(f"{f.check}: {words.amounts(f.message)}" for f in report.findings))


def backup(result: Any) -> View:
    """services.backup's result: the copy written and the anchor it holds."""
    return view(
        {
            "file": str(result.file),
            "vouchers": result.vouchers,
            "documents": result.documents,
            "anchor": result.anchor,
        },
        f"Backed up to {result.file} ({result.vouchers} vouchers, {result.documents} documents)",
        f"anchor {result.anchor}",
    )


def restored(result: Any, file: Path) -> View:
    """services.backup's restore result: the books now in place and what they replaced."""
    report = result.report
    return view(
        {
            "file": str(file),
            "vouchers": report.vouchers,
            "documents": report.documents,
            "anchor": str(report.anchor),
            "replaced": str(result.replaced) if result.replaced else None,
            "changed_settings": [
                {"setting": c.name, "current": c.current, "restored": c.restored}
                for c in result.changes
            ],
        },
        f"Restored from {file} ({report.vouchers} vouchers, {report.documents} documents, "
        "audit ok)",
        *([f"The books it replaced are kept as {result.replaced}"] if result.replaced else []),
        f"anchor {report.anchor}",
    )


def setting_changed(change: Any) -> str:
    """Before a restore replaces the books: a delivery setting the backup brings (stderr)."""
    return (
        f"the backup changes {change.name.replace('_', ' ')}: "
        f"{_shown(change.current)} -> {_shown(change.restored)}"
    )


def _shown(value: object) -> str:
    return "(none)" if value is None else str(value)
