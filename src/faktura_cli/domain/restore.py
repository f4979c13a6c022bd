"""What a restore must tell the owner before it replaces the books (SPEC §12 "Restore")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from faktura_cli.domain.records import Company

# Where documents and notices go: a backup that changes these redirects the company's mail.
WATCHED_SETTINGS = (
    "smtp_host",
    "smtp_port",
    "smtp_user",
    "smtp_starttls",
    "smtp_security",
    "notify_email",
    "email",
    "access_point",
    "outbox_dir",
)


@dataclass(frozen=True)
class SettingChange:
    name: str
    current: object
    restored: object


def differing_settings(current: Company, restored: Company) -> list[SettingChange]:
    """The delivery settings the backup would change, in WATCHED_SETTINGS order."""
    return [
        SettingChange(name, getattr(current, name, None), getattr(restored, name, None))
        for name in WATCHED_SETTINGS
        if getattr(current, name, None) != getattr(restored, name, None)
    ]


def replaced_name(name: str, now: datetime) -> str:
    """The name the replaced books are kept under: NAME.replaced-YYYYMMDDTHHMMSS."""
    return f"{name}.replaced-{now:%Y%m%dT%H%M%S}"
