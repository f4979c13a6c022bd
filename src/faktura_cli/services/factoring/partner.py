"""The factoring partner behind one interface: the deterministic sandbox (SPEC §7)."""

from __future__ import annotations

import json

from faktura_cli.domain import factoring as rules
from faktura_cli.domain import identifiers
from faktura_cli.domain.records import Company, Payee
from faktura_cli.resources import resource_dir


class SandboxPartner:
    """The deterministic sandbox partner (SPEC section 7)."""

    name = rules.PARTNER_NAME
    orgnr = rules.PARTNER_ORGNR
    account = rules.PARTNER_ACCOUNT

    def registry_reasons(self, company: Company) -> list[str]:
        path = resource_dir("sample_data") / "sandbox_partner_registry.json"
        listed = json.loads(path.read_text(encoding="utf-8"))["companies"]
        return [rules.REGISTRY_REASONS[code] for code in listed.get(company.orgnr, [])]

    def kid(self, invoice: int) -> str:
        return identifiers.kid(9_000_000 + invoice)

    def payee(self, kid: str | None) -> Payee:
        return Payee(self.name, self.orgnr, self.account, kid)


PARTNER = SandboxPartner()
