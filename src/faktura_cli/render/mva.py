"""The VAT return as Skatteetaten's mvamelding v1.0 XML (must pass standards/validate_mva.py)."""

from __future__ import annotations

from typing import Any

from faktura_cli.domain.vat_return import VatReturn

NS = "no:skatteetaten:fastsetting:avgift:mva:skattemeldingformerverdiavgift:v1.0"
SYSTEM = "faktura"


def render(vat_return: VatReturn, *, version: str, reference: str) -> bytes:
    from lxml import etree

    def el(parent: Any, tag: str, text: object = None) -> Any:
        node = etree.SubElement(parent, f"{{{NS}}}{tag}")
        if text is not None:
            node.text = str(text)
        return node

    root = etree.Element(f"{{{NS}}}mvaMeldingDto", nsmap={None: NS})
    sending = el(root, "innsending")
    el(sending, "regnskapssystemsreferanse", reference)
    system = el(sending, "regnskapssystem")
    el(system, "systemnavn", SYSTEM)
    el(system, "systemversjon", version)
    body = el(root, "skattegrunnlagOgBeregnetSkatt")
    period = el(body, "skattleggingsperiode")
    el(el(period, "periode"), "skattleggingsperiodeToMaaneder", vat_return.period_name)
    el(period, "aar", vat_return.year)
    el(body, "fastsattMerverdiavgift", vat_return.to_pay)
    for line in vat_return.lines:
        node = el(body, "mvaSpesifikasjonslinje")
        el(node, "mvaKode", line.code)
        el(node, "mvaKodeRegnskapsystem", line.label)
        if line.base is not None:
            el(node, "grunnlag", line.base)
        if line.rate is not None:
            el(node, "sats", line.rate)
        el(node, "merverdiavgift", line.vat)
        if line.note:
            el(el(node, "merknad"), "beskrivelse", line.note)
    el(root, "betalingsinformasjon")
    el(el(root, "skattepliktig"), "organisasjonsnummer", vat_return.orgnr)
    el(root, "meldingskategori", "alminnelig")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
