"""The outbox: deliveries queued with their document, carried out after the books are committed.

Each delivery is claimed (queued -> sending) in a transaction, carried out outside it, then
marked sent or failed. File channels write atomically to a name fixed by the document, so a
delivery that a crash left in 'sending' is simply carried out again by the next flush: it
lands once. E-mail over SMTP cannot be taken back, so a 'sending' SMTP delivery is left for a
person to check instead of being sent twice.

A flush of many documents has their PDFs rendered ahead in worker processes (render.parallel),
one per core; the workers only turn documents into bytes. This process alone writes the files,
sends, and records each outcome, one delivery after the other, as with a single document.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from faktura_cli.domain.identifiers import format_kontonummer
from faktura_cli.domain.invoice import Document, pay_to
from faktura_cli.domain.money import to_display, to_json
from faktura_cli.domain.records import Company, Payee
from faktura_cli.domain.reminders import Reminder
from faktura_cli.errors import FakturaError
from faktura_cli.storage import recurring as store
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import database_file, transaction
from faktura_cli.storage.files import write_file


class DeliveryFailed(FakturaError):
    """A channel could not deliver the document."""


@dataclass(frozen=True)
class DeliveryOutcome:
    id: int
    number: int | None  # the invoice or credit note
    order: int | None
    channel: str
    status: str  # sent | failed
    error: str | None
    target: str | None


def outbox_dir(conn: sqlite3.Connection, company: Company) -> Path:
    """`outbox/` beside the database file unless the company configured another place."""
    if company.outbox_dir:
        return Path(company.outbox_dir).expanduser()
    return database_file(conn).parent / "outbox"


def _write_atomically(path: Path, data: bytes) -> Path:
    """Outbox files: owner-only, atomic, the outbox folders made 0700 (storage.files)."""
    return write_file(path, data, create_folder=True)


def _pdf(job: Job) -> bytes:
    """The PDF a worker rendered ahead, else rendered here."""
    if job.pdf is not None:
        return job.pdf
    if job.reminder is not None:
        from faktura_cli.render.pdf import reminder_pdf

        return reminder_pdf(
            job.reminder,
            invoice_date=job.doc.date,
            invoice_due=job.doc.due_date,
            account=job.doc.bank_account,
        )
    from faktura_cli.render.pdf import invoice_pdf

    return invoice_pdf(job.doc, payee=job.payee)


def _stem(doc: Document, reminder: Reminder | None = None) -> str:
    if reminder is not None:
        return f"purring-{reminder.number}"
    return {"invoice": "faktura", "credit_note": "kreditnota", "order": "ordre"}[
        doc.kind
    ] + f"-{doc.number}"


@dataclass(frozen=True)
class Job:
    """Everything a channel needs, read from the books before the delivery is carried out."""

    doc: Document
    company: Company
    customer_email: str | None
    customer_phone: str | None
    outbox: Path
    payee: Payee | None = None  # the factoring partner of a sold invoice
    pdf: bytes | None = None  # rendered ahead by a worker; None: rendered when needed
    reminder: Reminder | None = None  # a reminder of `doc` (the invoice) is delivered


def deliver_print(job: Job) -> str:
    return str(
        _write_atomically(
            job.outbox / "print" / f"{_stem(job.doc, job.reminder)}.pdf", _pdf(job)
        )
    )


def deliver_vipps(job: Job) -> str:
    """A request file for the Vipps eFaktura hand-off, with the PDF beside it."""
    doc = job.doc
    if not job.customer_phone:
        raise DeliveryFailed(f"customer {doc.customer} has no mobile number for Vipps")
    folder = job.outbox / "vipps"
    pdf = _write_atomically(folder / f"{_stem(doc)}.pdf", _pdf(job))
    request = {
        "invoice": doc.number,
        "kind": doc.kind,
        "mobile": job.customer_phone,
        "issuer": {"name": job.company.name, "orgnr": job.company.orgnr},
        "amount": to_json(doc.total),
        "currency": doc.currency,
        "due_date": doc.due_date.isoformat(),
        "kid": pay_to(doc, job.payee).kid,
        "account": pay_to(doc, job.payee).account,
        "pdf": pdf.name,
    }
    body = json.dumps(request, ensure_ascii=False, indent=2).encode()
    return str(_write_atomically(folder / f"{_stem(doc)}.json", body))


def email_message(job: Job):  # type: ignore[no-untyped-def]
    """An RFC 5322 message from the company's address with the PDF attached, in Norwegian."""
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    doc, company = job.doc, job.company
    if not company.email:
        raise DeliveryFailed(
            "the company has no e-mail address to send from; set it with `faktura company set --email`"
        )
    if not job.customer_email:
        raise DeliveryFailed(f"customer {doc.customer} has no e-mail address")
    title = {"invoice": "Faktura", "credit_note": "Kreditnota", "order": "Ordre"}[doc.kind]
    if job.reminder is not None:
        title = f"Purring {job.reminder.number} på faktura"
    msg = EmailMessage()
    msg["From"] = f"{company.name} <{company.email}>"
    msg["To"] = job.customer_email
    msg["Subject"] = f"{title} {doc.number} fra {company.name}"
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=company.email.split("@")[1])
    if job.reminder is not None:
        r = job.reminder
        body = (
            f"Hei,\n\nvi kan ikke se å ha mottatt betaling for faktura {doc.number}, som forfalt"
            f" {doc.due_date:%d.%m.%Y}. Vedlagt følger purring {r.number}.\n\n"
            f"Å betale: NOK {to_display(r.total, thousands=' ')}\n"
            f"Ny betalingsfrist: {r.due_date:%d.%m.%Y}\n"
            f"KID: {r.kid}\n"
            f"Kontonummer: {format_kontonummer(doc.bank_account)}\n\n"
            f"Har du allerede betalt, kan du se bort fra denne purringen.\n\n"
            f"Med vennlig hilsen\n{company.name}\n"
        )
    elif doc.kind == "invoice":
        body = (
            f"Hei,\n\nvedlagt følger faktura {doc.number} fra {company.name}.\n\n"
            f"Beløp: {doc.currency} {to_display(doc.total, thousands=' ')}\n"
            f"Forfallsdato: {doc.due_date:%d.%m.%Y}\n"
            f"KID: {pay_to(doc, job.payee).kid}\n"
            f"Kontonummer: {format_kontonummer(pay_to(doc, job.payee).account)}\n\n"
            f"Med vennlig hilsen\n{company.name}\n"
        )
    else:
        body = f"Hei,\n\nvedlagt følger {title.lower()} {doc.number} fra {company.name}.\n\nMed vennlig hilsen\n{company.name}\n"
    msg.set_content(body)
    msg.add_attachment(
        _pdf(job),
        maintype="application",
        subtype="pdf",
        filename=f"{_stem(doc, job.reminder)}.pdf",
    )
    return msg


def smtp_settings(company: Company) -> dict[str, object] | None:
    """SMTP from the company's settings, overridden by the environment; the password only from it."""
    host = os.environ.get("FAKTURA_SMTP_HOST") or company.smtp_host
    if not host:
        return None
    return {
        "host": host,
        "port": int(os.environ.get("FAKTURA_SMTP_PORT") or company.smtp_port or 587),
        "user": os.environ.get("FAKTURA_SMTP_USER") or company.smtp_user,
        "password": os.environ.get("FAKTURA_SMTP_PASSWORD"),
        "starttls": company.smtp_starttls,
    }


def deliver_email(job: Job) -> str:
    msg = email_message(job)
    settings = smtp_settings(job.company)
    if settings is None:
        return str(
            _write_atomically(
                job.outbox / "email" / f"{_stem(job.doc, job.reminder)}.eml", bytes(msg)
            )
        )
    _smtp_send(msg, settings)
    return f"smtp:{msg['To']}"


def _smtp_send(msg, settings: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    import smtplib

    try:
        with smtplib.SMTP(str(settings["host"]), int(settings["port"]), timeout=30) as smtp:  # type: ignore[call-overload]
            if settings["starttls"] and smtp.has_extn("starttls"):
                smtp.starttls()
            if settings["user"] and settings["password"]:
                smtp.login(str(settings["user"]), str(settings["password"]))
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryFailed(f"SMTP {settings['host']}:{settings['port']}: {exc}") from None


def notify_owner(
    conn: sqlite3.Connection, failures: list[tuple[object, str, str | None]], *, today: str
) -> str | None:
    """One e-mail to the owner listing failed deliveries, when --notify-email and SMTP are set.

    Returns where it went, or None when the company has not asked for it. A failure to notify
    is reported, never raised: the books and the other deliveries stand.
    """
    from email.message import EmailMessage

    company = repo.load_company(conn)
    settings = smtp_settings(company)
    if not failures or not company.notify_email or settings is None:
        return None
    msg = EmailMessage()
    msg["From"] = f"faktura <{company.email or company.notify_email}>"
    msg["To"] = company.notify_email
    msg["Subject"] = f"faktura: {len(failures)} utsending(er) feilet {today}"
    lines = [f"- {number} ({channel}): {error}" for number, channel, error in failures]
    msg.set_content(
        f"Disse dokumentene ble laget og bokført {today}, men kunne ikke sendes:\n\n"
        + "\n".join(lines)
        + "\n\nSend på nytt med `faktura invoice send N [--channel print]`.\n"
    )
    _smtp_send(msg, settings)
    return company.notify_email


def deliver_ehf(job: Job) -> str:
    """The UBL file, handed to the access point command when one is configured
    ($FAKTURA_ACCESS_POINT, run with the file's path), else left in outbox/ehf/."""
    from faktura_cli.render.ehf import ehf_xml

    if job.doc.kind == "order":
        raise DeliveryFailed("order confirmations are not sent by EHF")
    path = _write_atomically(
        job.outbox / "ehf" / f"{_stem(job.doc)}.xml", ehf_xml(job.doc, payee=job.payee)
    )
    command = os.environ.get("FAKTURA_ACCESS_POINT")
    if not command:
        return str(path)
    import shlex
    import subprocess

    done = subprocess.run(
        [*shlex.split(command), str(path)], capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise DeliveryFailed(
            f"the access point refused {path.name} (exit {done.returncode}): {done.stderr.strip()[:200]}"
        )
    return f"access point: {done.stdout.strip()[:200] or path.name}"


def deliver_partner(job: Job) -> str:
    """A document of a sold invoice handed to the factoring partner: its PDF and a request file
    in outbox/partner/ (the sandbox partner's interface)."""
    from faktura_cli.services.factoring import PARTNER

    doc = job.doc
    folder = job.outbox / "partner"
    pdf = _write_atomically(folder / f"{_stem(doc)}.pdf", _pdf(job))
    request = {
        "partner": PARTNER.name,
        "document": doc.number,
        "kind": doc.kind,
        "credits": doc.credits,
        "seller": {"name": job.company.name, "orgnr": job.company.orgnr},
        "amount": to_json(doc.total),
        "currency": doc.currency,
        "date": doc.date.isoformat(),
        "reason": doc.reason,
        "pdf": pdf.name,
    }
    body = json.dumps(request, ensure_ascii=False, indent=2).encode()
    return str(_write_atomically(folder / f"{_stem(doc)}.json", body))


CHANNELS: dict[str, Callable[[Job], str]] = {
    "partner": deliver_partner,
    "print": deliver_print,
    "vipps": deliver_vipps,
    "email": deliver_email,
    "ehf": deliver_ehf,
}


# The channels that carry the document's PDF: theirs are rendered ahead in a batch.
PDF_CHANNELS = frozenset({"partner", "print", "vipps", "email"})


def _idempotent_channels(company: Company) -> tuple[str, ...]:
    """Channels whose repetition is harmless: those that only write a file of fixed name."""
    channels: tuple[str, ...] = ("print", "vipps", "partner")
    if not os.environ.get("FAKTURA_ACCESS_POINT"):
        channels += ("ehf",)
    return channels if smtp_settings(company) else (*channels, "email")


def _job(conn: sqlite3.Connection, row: sqlite3.Row, company: Company, outbox: Path) -> Job:
    from faktura_cli.services.orders import order_document

    if row["document"] is not None:
        doc = repo.get_document(conn, row["document"])
    else:
        doc = order_document(conn, row["order_id"])
    customer = repo.get_customer(conn, doc.customer)
    if row["reminder"] is not None:
        from faktura_cli.storage.reminders import get_reminder

        reminder = get_reminder(conn, row["reminder"])
        return Job(doc, company, customer.email, customer.phone, outbox, reminder=reminder)
    payee = None
    if doc.kind == "invoice" and row["document"] is not None:
        from faktura_cli.services.factoring import payee_for

        payee = payee_for(conn, doc.number)
    return Job(doc, company, customer.email, customer.phone, outbox, payee)


def flush(
    conn: sqlite3.Connection, *, now: datetime, ids: list[int] | None = None
) -> list[DeliveryOutcome]:
    """Carry out queued deliveries (all, or just `ids`), each at most once."""
    with transaction(conn):
        company = repo.load_company(conn)
        claimed = store.claim_deliveries(conn, ids=ids, reclaim=_idempotent_channels(company))
        outbox = outbox_dir(conn, company)
        jobs = [(row, _job(conn, row, company, outbox)) for row in claimed]
    from faktura_cli.render.parallel import pdfs

    outcomes = []
    ahead = pdfs(
        [
            (j.doc, j.payee) if r["channel"] in PDF_CHANNELS and j.reminder is None else None
            for r, j in jobs
        ]
    )
    with closing(ahead):
        for (row, job), pdf in zip(jobs, ahead, strict=True):
            outcomes.append(_carry_out(conn, row, replace(job, pdf=pdf), now=now))
    return outcomes


def _carry_out(
    conn: sqlite3.Connection, row: sqlite3.Row, job: Job, *, now: datetime
) -> DeliveryOutcome:
    """One claimed delivery: carried out, then marked sent or failed in its own transaction."""
    try:
        target, error = CHANNELS[row["channel"]](job), None
    except FakturaError as exc:  # DeliveryFailed, or a renderer's refusal (no EHF address)
        target, error = None, exc.message
    except Exception as exc:  # a channel's own failure must not lose the others' results
        target, error = None, f"{type(exc).__name__}: {exc}"
    with transaction(conn):
        store.finish_delivery(
            conn, row["id"], ok=error is None, now=now, target=target, error=error
        )
    return DeliveryOutcome(
        row["id"],
        row["document"],
        row["order_id"],
        row["channel"],
        "sent" if error is None else "failed",
        error,
        target,
    )


def deliver_latest(
    conn: sqlite3.Connection, number: int, *, now: datetime
) -> DeliveryOutcome | None:
    """Carry out the document's latest delivery if it is still queued; report how it ended."""
    row = store.latest_delivery(conn, number)
    if row is None:
        return None
    error = row["error"]
    if row["status"] in ("queued", "sending"):
        carried = flush(conn, now=now, ids=[row["id"]])
        if carried:
            return carried[0]
        # Another process (run-due or outbox flush from cron) claimed it first: wait for it.
        row = _when_carried_out(conn, number)
        if row["status"] == "sending":
            error = "another faktura process is still delivering it; see `faktura outbox list`"
    return DeliveryOutcome(
        row["id"],
        row["document"],
        row["order_id"],
        row["channel"],
        row["status"],
        error,
        row["target"],
    )


def _when_carried_out(
    conn: sqlite3.Connection, number: int, *, patience: float = 30.0
) -> sqlite3.Row:
    """The document's latest delivery once no other process is sending it (or patience ends)."""
    waited = 0.0
    while True:
        row = store.latest_delivery(conn, number)
        if row["status"] != "sending" or waited >= patience:
            return row
        time.sleep(0.05)
        waited += 0.05


def deliver_pending(
    conn: sqlite3.Connection, number: int, *, now: datetime
) -> list[DeliveryOutcome]:
    """Carry out every delivery of the document still queued (the partner's copy, say)."""
    ids = [
        r["id"] for r in store.list_deliveries(conn, pending_only=True) if r["document"] == number
    ]
    return flush(conn, now=now, ids=ids) if ids else []
