"""The outbox: deliveries queued with their document, carried out after the books are committed.

SPEC 11: every committed document reaches its channel exactly once, or the owner is told on
every run until a person has decided. A delivery is claimed (queued -> sending, with this
process's pid, start time and the machine's boot id) immediately before it is carried out,
after its PDF or XML is rendered, and its outcome (sent, failed, uncertain) is recorded right
after: a crash leaves at most one delivery per process in 'sending'. Such a stale claim is
recognised by its process being gone: a file written under a fixed name is simply written
again (queued), while what went to an SMTP server or an access point cannot be taken back and
becomes 'uncertain' for a person to resolve. A claim that sends to SMTP or an access point is
committed with an fsync, so the document is on disk before any byte of it leaves.

A flush of many documents has their PDFs rendered ahead in worker processes (render.parallel),
one per core; the workers only turn documents into bytes. This process alone claims, writes the
files, sends, and records each outcome, one delivery after the other.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from glob import escape as glob_escape
from pathlib import Path

from faktura_cli.domain import delivery as rules
from faktura_cli.domain.dates import check_span
from faktura_cli.domain.identifiers import format_kontonummer
from faktura_cli.domain.invoice import Document
from faktura_cli.domain.money import to_display, to_json
from faktura_cli.domain.records import Company, Payee
from faktura_cli.domain.reminders import Reminder
from faktura_cli.domain.sales import pay_to
from faktura_cli.errors import FakturaError, NotFound, RuleViolation
from faktura_cli.services.invoice_queries import payee_for
from faktura_cli.storage import company as company_db
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import outbox as outbox_db
from faktura_cli.storage.db import database_file, durable_transaction, snapshot, transaction
from faktura_cli.storage.files import write_file
from faktura_cli.storage.outbox import Claimant, Delivery


class DeliveryFailed(FakturaError):
    """A channel could not deliver the document."""


class DeliveryUncertain(FakturaError):
    """The document may have reached its channel: the server went silent after it was sent."""


@dataclass(frozen=True)
class DeliveryOutcome:
    id: int
    number: int | None  # the invoice or credit note
    order: int | None
    channel: str
    status: str  # sent | failed | uncertain (queued or sending: another process has it)
    error: str | None
    target: str | None
    kind: str | None = None  # the document's kind (invoice | credit_note); None for an order
    reminder: int | None = None  # a reminder (purring) of `number` was delivered

    @classmethod
    def of(cls, d: Delivery) -> DeliveryOutcome:
        return cls(
            d.id, d.document, d.order_id, d.channel, d.status, d.error, d.target, d.kind, d.reminder
        )


def outbox_dir(conn: sqlite3.Connection, company: Company) -> Path:
    """`outbox/` beside the database file unless the company configured another place."""
    if company.outbox_dir:
        return Path(company.outbox_dir).expanduser()
    return database_file(conn).parent / "outbox"


def _write_atomically(path: Path, data: bytes) -> Path:
    """Outbox files: owner-only, atomic, the outbox folders made 0700 (storage.files).

    A writer killed halfway leaves its hidden temporary file (`.NAME.HEX.tmp`) behind. Only
    the process holding the delivery's claim writes NAME, so any such file is a dead writer's
    and is removed before the file is written again.
    """
    if path.parent.is_dir():
        for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)
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


_KIND_STEM = {"invoice": "faktura", "credit_note": "kreditnota", "order": "ordre"}


def _name(doc: Document, reminder: Reminder | None) -> str:
    """faktura-45, kreditnota-46, ordre-3, purring-2."""
    if reminder is not None:
        return f"purring-{reminder.number}"
    return f"{_KIND_STEM[doc.kind]}-{doc.number}"


def _attachment_name(job: Job) -> str:
    """What the customer sees: faktura-45.pdf."""
    return f"{_name(job.doc, job.reminder)}.pdf"


def _stem(job: Job) -> str:
    """An outbox file's name starts with the seller's organisasjonsnummer (SPEC 17), so the
    books of several companies can share one outbox folder: 923456783-faktura-45."""
    return f"{job.company.orgnr}-{_name(job.doc, job.reminder)}"


@dataclass(frozen=True)
class Job:
    """Everything a channel needs, read from the books before the delivery is carried out."""

    doc: Document
    company: Company
    customer_email: str | None
    customer_phone: str | None
    outbox: Path
    now: datetime  # when it is sent, by faktura's clock: the e-mail's Date, as the books say
    payee: Payee | None = None  # the factoring partner of a sold invoice
    pdf: bytes | None = None  # rendered ahead by a worker; None: rendered when needed
    reminder: Reminder | None = None  # a reminder of `doc` (the invoice) is delivered


def deliver_print(job: Job) -> str:
    return str(_write_atomically(job.outbox / "print" / f"{_stem(job)}.pdf", _pdf(job)))


def deliver_vipps(job: Job) -> str:
    """A request file for the Vipps eFaktura hand-off, with the PDF beside it."""
    doc = job.doc
    if not job.customer_phone:
        raise DeliveryFailed(f"customer {doc.customer} has no mobile number for Vipps")
    folder = job.outbox / "vipps"
    pdf = _write_atomically(folder / f"{_stem(job)}.pdf", _pdf(job))
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
    return str(_write_atomically(folder / f"{_stem(job)}.json", body))


def _address(addr_spec: str, display_name: str = "") -> Address:
    """A header address built by the library, so a name with a comma is one quoted name."""
    try:
        return Address(display_name=display_name, addr_spec=addr_spec)
    except (ValueError, IndexError) as exc:
        raise DeliveryFailed(f"e-mail address {addr_spec!r} is not valid ({exc})") from None


def email_message(job: Job) -> EmailMessage:
    """An RFC 5322 message from the company's address with the PDF attached, in Norwegian."""
    doc, company = job.doc, job.company
    if not company.email:
        raise DeliveryFailed(
            "the company has no e-mail address to send from; set it with `faktura company set --email`"
        )
    if not job.customer_email:
        raise DeliveryFailed(f"customer {doc.customer} has no e-mail address")
    sender = _address(company.email, company.name)
    title = {"invoice": "Faktura", "credit_note": "Kreditnota", "order": "Ordre"}[doc.kind]
    if job.reminder is not None:
        title = f"Purring {job.reminder.number} på faktura"
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = _address(job.customer_email)
    msg["Subject"] = f"{title} {doc.number} fra {company.name}"
    msg["Date"] = format_datetime(job.now)
    msg["Message-ID"] = make_msgid(domain=sender.domain)
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
        _pdf(job), maintype="application", subtype="pdf", filename=_attachment_name(job)
    )
    return msg


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None  # only ever from $FAKTURA_SMTP_PASSWORD
    security: str  # starttls | tls | none
    cafile: str | None  # $FAKTURA_SMTP_CAFILE: a CA trusted besides the system's
    timeout: float

    @property
    def where(self) -> str:
        return f"SMTP {self.host}:{self.port}"


def smtp_settings(company: Company) -> SmtpSettings | None:
    """SMTP from the company's settings, overridden by the environment; the password only from it."""
    host = os.environ.get("FAKTURA_SMTP_HOST") or company.smtp_host
    if not host:
        return None
    port = int(os.environ.get("FAKTURA_SMTP_PORT") or company.smtp_port or 587)
    configured = os.environ.get("FAKTURA_SMTP_SECURITY") or company.smtp_security
    return SmtpSettings(
        host=host,
        port=port,
        user=os.environ.get("FAKTURA_SMTP_USER") or company.smtp_user,
        password=os.environ.get("FAKTURA_SMTP_PASSWORD"),
        security=rules.smtp_security(
            rules.parse_smtp_security(configured) if configured else None, port
        ),
        cafile=os.environ.get("FAKTURA_SMTP_CAFILE") or None,
        timeout=float(os.environ.get("FAKTURA_SMTP_TIMEOUT") or 30),
    )


def deliver_email(job: Job) -> str:
    msg = email_message(job)
    settings = smtp_settings(job.company)
    if settings is None:
        return str(_write_atomically(job.outbox / "email" / f"{_stem(job)}.eml", bytes(msg)))
    smtp_send(msg, settings)
    return f"smtp:{job.customer_email}"


def _wire_bytes(msg: EmailMessage) -> bytes:
    """The message as DATA carries it: CRLF line ends, leading dots doubled, ended by a dot."""
    from email import policy

    data = msg.as_bytes(policy=policy.SMTP)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


def smtp_send(msg: EmailMessage, settings: SmtpSettings) -> None:
    """Send one message: EHLO, STARTTLS with a verifying context, EHLO, AUTH, MAIL, RCPT, DATA.

    Anything that goes wrong before the message body is sent fails the delivery (nothing went
    out); silence or a dropped connection after it leaves the delivery uncertain (SPEC 11).
    """
    import smtplib
    import ssl

    where = settings.where
    refused = rules.credentials_refused(settings.security, settings.user)
    if refused:
        raise DeliveryFailed(f"{where}: {refused}")
    if settings.user and not settings.password:
        raise DeliveryFailed(
            f"{where}: no password for {settings.user}; set $FAKTURA_SMTP_PASSWORD"
        )
    context = None
    if settings.security != "none":
        context = ssl.create_default_context()
        if settings.cafile:
            try:
                context.load_verify_locations(cafile=settings.cafile)
            except (OSError, ssl.SSLError) as exc:
                raise DeliveryFailed(f"FAKTURA_SMTP_CAFILE {settings.cafile}: {exc}") from None
    sender = msg["From"].addresses[0].addr_spec
    recipients = [a.addr_spec for a in msg["To"].addresses]
    wire = _wire_bytes(msg)
    body_sent = False
    smtp: smtplib.SMTP | None = None
    try:
        if settings.security == "tls":
            smtp = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        smtp.ehlo()
        if settings.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise DeliveryFailed(
                    f"{where} does not offer STARTTLS; nothing was sent",
                    hint="use --smtp-security tls for a server on port 465",
                )
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.user and settings.password:
            smtp.login(settings.user, settings.password)
        options = ["BODY=8BITMIME"] if smtp.has_extn("8bitmime") else []
        code, reply = smtp.mail(sender, options)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        for recipient in recipients:
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        smtp.putcmd("data")
        code, reply = smtp.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        body_sent = True
        smtp.send(wire)
        code, reply = smtp.getreply()
        if code != 250:  # the server said no: it did not take the message
            raise smtplib.SMTPDataError(code, reply)
    except DeliveryFailed:
        raise
    except smtplib.SMTPResponseException as exc:
        text = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        raise DeliveryFailed(f"{where}: {exc.smtp_code} {text}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryFailed(f"{where}: recipient refused: {exc.recipients}") from None
    except Exception as exc:  # timeouts, dropped connections, TLS failures, ...
        if body_sent:
            raise DeliveryUncertain(
                f"{where}: the server did not confirm the message after it was sent ({exc}); "
                "it may have arrived"
            ) from None
        raise DeliveryFailed(f"{where}: {type(exc).__name__}: {exc}") from None
    finally:
        if smtp is not None:
            try:
                if body_sent:
                    smtp.quit()
            except Exception:  # the message is accepted; a rude goodbye changes nothing
                pass
            smtp.close()


def deliver_ehf(job: Job) -> str:
    """The UBL file, handed to the access point command when one is configured
    ($FAKTURA_ACCESS_POINT, run with the file's path), else left in outbox/ehf/."""
    from faktura_cli.render.ehf import ehf_xml

    if job.doc.kind == "order":
        raise DeliveryFailed("order confirmations are not sent by EHF")
    path = _write_atomically(
        job.outbox / "ehf" / f"{_stem(job)}.xml", ehf_xml(job.doc, payee=job.payee)
    )
    command = os.environ.get("FAKTURA_ACCESS_POINT")
    if not command:
        return str(path)
    import shlex
    import subprocess

    try:
        done = subprocess.run(
            [*shlex.split(command), str(path)], capture_output=True, text=True, timeout=120
        )
    except subprocess.TimeoutExpired:
        raise DeliveryUncertain(
            f"the access point did not answer within 120 s for {path.name}; it may have sent it"
        ) from None
    except OSError as exc:
        raise DeliveryFailed(f"the access point command could not be started: {exc}") from None
    if done.returncode < 0:
        raise DeliveryUncertain(
            f"the access point was stopped by signal {-done.returncode} while handling "
            f"{path.name}; it may have sent it"
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
    pdf = _write_atomically(folder / f"{_stem(job)}.pdf", _pdf(job))
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
    return str(_write_atomically(folder / f"{_stem(job)}.json", body))


CHANNELS: dict[str, Callable[[Job], str]] = {
    "partner": deliver_partner,
    "print": deliver_print,
    "vipps": deliver_vipps,
    "email": deliver_email,
    "ehf": deliver_ehf,
}


# The channels that carry the document's PDF: theirs are rendered ahead in a batch.
PDF_CHANNELS = frozenset({"partner", "print", "vipps", "email"})


def _via(channel: str, company: Company) -> str:
    """How a delivery on `channel` goes out with today's settings."""
    if channel == "email" and smtp_settings(company) is not None:
        return "smtp"
    if channel == "ehf" and os.environ.get("FAKTURA_ACCESS_POINT"):
        return "access point"
    return "file"


# ---------------------------------------------------------------- claims and stale claims


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _process_start(pid: int) -> tuple[int, str] | None:
    """(start time in clock ticks since boot, state) of a process, None when there is none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    return int(fields[19]), fields[0]


def claimant() -> Claimant:
    """This process, as a claim records it."""
    me = _process_start(os.getpid())
    return Claimant(os.getpid(), me[0] if me else None, _boot_id())


def _gone(d: Delivery) -> bool:
    """Whether the process that claimed the delivery has ended (or the machine restarted)."""
    if d.claimed_pid is None:
        return True  # claimed before claims were recorded
    boot = _boot_id()
    if boot is not None and d.claimed_boot is not None:
        if boot != d.claimed_boot:
            return True
        running = _process_start(d.claimed_pid)
        # A zombie has ended; a process started at another moment reuses the pid.
        return running is None or running[1] == "Z" or running[0] != d.claimed_start
    try:
        os.kill(d.claimed_pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_stale(conn: sqlite3.Connection, *, now: datetime) -> list[Delivery]:
    """Deliveries whose process ended while carrying them out: a file delivery is queued again,
    an SMTP or access-point one becomes uncertain. Returns them as they are now."""
    if not any(_gone(d) for d in outbox_db.sending(conn)):
        return []
    with transaction(conn):  # looked at again under the write lock: one process settles each
        company = company_db.load_company(conn)
        stale = [d for d in outbox_db.sending(conn) if _gone(d)]
        for d in stale:
            via = d.via or _via(d.channel, company)
            if rules.after_stale_claim(via) == "queued":
                outbox_db.requeue(conn, d.id)
            else:
                outbox_db.finish(
                    conn,
                    d.id,
                    status="uncertain",
                    now=now,
                    error=f"the process sending it by {via} (pid {d.claimed_pid}) ended "
                    "before the outcome was recorded; it may have gone out",
                )
        return [got for d in stale if (got := outbox_db.get(conn, d.id)) is not None]


def _claim(conn: sqlite3.Connection, d: Delivery, via: str, *, now: datetime) -> bool:
    if via in rules.IRREVOCABLE:
        # On disk before any byte leaves: the document's commit and this claim.
        with durable_transaction(conn):
            return outbox_db.claim(conn, d.id, via=via, by=claimant(), now=now)
    with transaction(conn):
        return outbox_db.claim(conn, d.id, via=via, by=claimant(), now=now)


# ---------------------------------------------------------------- carrying deliveries out


def _job(
    conn: sqlite3.Connection, d: Delivery, company: Company, outbox: Path, now: datetime
) -> Job:
    from faktura_cli.services.orders import order_document

    if d.document is not None:
        doc = documents_db.get_document(conn, d.document)
    else:
        doc = order_document(conn, int(d.order_id or 0))
    customer = customers_db.get_customer(conn, doc.customer)
    if d.reminder is not None:
        from faktura_cli.storage.reminders import get_reminder

        reminder = get_reminder(conn, d.reminder)
        return Job(doc, company, customer.email, customer.phone, outbox, now, reminder=reminder)
    payee = None
    if doc.kind == "invoice" and d.document is not None:
        payee = payee_for(conn, doc.number)
    return Job(doc, company, customer.email, customer.phone, outbox, now, payee)


def flush(
    conn: sqlite3.Connection, *, now: datetime, ids: list[int] | None = None
) -> list[DeliveryOutcome]:
    """Carry out queued deliveries (all, or just `ids`), each at most once.

    Stale claims are settled first. Each delivery is claimed only when its document is rendered
    and it is next; one another process claimed first is left to that process.
    """
    recover_stale(conn, now=now)
    with snapshot(conn):
        company = company_db.load_company(conn)
        outbox = outbox_dir(conn, company)
        jobs = [(d, _job(conn, d, company, outbox, now)) for d in outbox_db.queued(conn, ids)]
    from faktura_cli.render.parallel import pdfs

    outcomes = []
    ahead = pdfs(
        [
            (j.doc, j.payee) if d.channel in PDF_CHANNELS and j.reminder is None else None
            for d, j in jobs
        ]
    )
    with closing(ahead):
        for (d, job), pdf in zip(jobs, ahead, strict=True):
            via = _via(d.channel, company)
            if not _claim(conn, d, via, now=now):
                continue
            outcomes.append(_carry_out(conn, d, replace(job, pdf=pdf), via=via, now=now))
    return outcomes


def _carry_out(
    conn: sqlite3.Connection, d: Delivery, job: Job, *, via: str, now: datetime
) -> DeliveryOutcome:
    """One claimed delivery: carried out, then its outcome recorded in its own transaction."""
    target, error, status = None, None, "failed"
    try:
        target, status = CHANNELS[d.channel](job), "sent"
    except DeliveryUncertain as exc:
        error, status = exc.message, "uncertain"
    except FakturaError as exc:  # DeliveryFailed, or a renderer's refusal (no EHF address)
        error = exc.message
    except Exception as exc:  # a channel's own failure must not lose the others' results
        error = f"{type(exc).__name__}: {exc}"
    with transaction(conn):
        outbox_db.finish(conn, d.id, status=status, now=now, target=target, error=error)
    return replace(DeliveryOutcome.of(d), status=status, error=error, target=target)


def deliver_latest(
    conn: sqlite3.Connection, number: int, *, now: datetime
) -> DeliveryOutcome | None:
    """Carry out the document's latest delivery if it is still queued; report how it ended."""
    mine = outbox_db.of_document(conn, number)
    if not mine:
        return None
    return deliver_one(conn, mine[-1].id, now=now, carry_out=mine[-1].status == "queued")


def deliver_one(
    conn: sqlite3.Connection, delivery_id: int, *, now: datetime, carry_out: bool = True
) -> DeliveryOutcome:
    """Carry out one queued delivery and report how it ended; one another process is carrying
    out is waited for."""
    if carry_out:
        carried = flush(conn, now=now, ids=[delivery_id])
        if carried:
            return carried[0]
    # Another process (run-due or outbox flush from cron) claimed it first: wait for it.
    d = _when_carried_out(conn, delivery_id)
    outcome = DeliveryOutcome.of(d)
    if d.status == "sending":
        return replace(
            outcome,
            error="another faktura process is still delivering it; see `faktura outbox list`",
        )
    return outcome


def _when_carried_out(
    conn: sqlite3.Connection, delivery_id: int, *, patience: float = 30.0
) -> Delivery:
    """The delivery once no other process is sending it (or patience ends)."""
    waited = 0.0
    while True:
        d = outbox_db.get(conn, delivery_id)
        if d is None:
            raise NotFound(f"there is no delivery {delivery_id}")
        if d.status != "sending" or waited >= patience:
            return d
        time.sleep(0.05)
        waited += 0.05


def deliver_pending(
    conn: sqlite3.Connection, number: int, *, now: datetime
) -> list[DeliveryOutcome]:
    """Carry out every delivery of the document still queued (the partner's copy, say)."""
    ids = [d.id for d in outbox_db.of_document(conn, number) if d.status == "queued"]
    return flush(conn, now=now, ids=ids) if ids else []


# ---------------------------------------------------------------- what waits for a person


@dataclass(frozen=True)
class Outstanding:
    """Failed and uncertain deliveries nobody has decided on, reported on every run."""

    deliveries: tuple[Delivery, ...]
    notified: str | None = None  # where the owner was e-mailed about the new ones
    notify_error: str | None = None


def outstanding(conn: sqlite3.Connection, *, now: datetime, notify: bool = True) -> Outstanding:
    """The deliveries waiting for a decision; the owner is e-mailed once about each new one."""
    waiting = tuple(outbox_db.outstanding(conn))
    fresh = [d for d in waiting if d.notified_at is None]
    if not notify or not fresh:
        return Outstanding(waiting)
    try:
        where = notify_owner(conn, fresh, now=now)
    except (DeliveryFailed, DeliveryUncertain) as exc:
        return Outstanding(waiting, notify_error=exc.message)
    if where is None:
        return Outstanding(waiting)
    with transaction(conn):
        outbox_db.mark_notified(conn, [d.id for d in fresh], now=now)
    return Outstanding(waiting, notified=where)


def label(d: Delivery | DeliveryOutcome) -> str:
    """How a delivery's document is named in messages: its number, or `order N`."""
    if isinstance(d, Delivery):
        if d.reminder is not None:
            return f"reminder {d.reminder} of {d.document}"
        return str(d.document) if d.document is not None else f"order {d.order_id}"
    return str(d.number) if d.number is not None else f"order {d.order}"


def notify_owner(
    conn: sqlite3.Connection, failures: list[Delivery], *, now: datetime
) -> str | None:
    """One e-mail to the owner listing failed and uncertain deliveries, when --notify-email and
    SMTP are set. Returns where it went, or None when the company has not asked for it."""
    company = company_db.load_company(conn)
    settings = smtp_settings(company)
    if not failures or not company.notify_email or settings is None:
        return None
    msg = EmailMessage()
    msg["From"] = _address(company.email or company.notify_email, "faktura")
    msg["To"] = _address(company.notify_email)
    msg["Subject"] = f"faktura: {len(failures)} utsending(er) feilet {now.date().isoformat()}"
    msg["Date"] = format_datetime(now)
    from faktura_cli.render.outbox import named
    from faktura_cli.render.words import via

    lines = [
        f"- {named(d)} ({via(d.channel)}){' usikker' if d.status == 'uncertain' else ''}:"
        f" {d.error}"
        for d in failures
    ]
    msg.set_content(
        "Disse dokumentene er bokført, men ble ikke sendt (eller det er usikkert om de kom "
        "fram):\n\n"
        + "\n".join(lines)
        + "\n\nSe `faktura outbox list`; send på nytt med `faktura outbox retry ID`, eller "
        "avgjør en usikker med `faktura outbox resolve ID --sent|--resend`.\n"
    )
    smtp_send(msg, settings)
    return company.notify_email


def retry(conn: sqlite3.Connection, delivery_id: int, *, now: datetime) -> Delivery:
    """`outbox retry ID`: a failed delivery goes back to the queue."""
    with transaction(conn):
        d = _undecided(conn, delivery_id)
        if d.status == "uncertain":
            raise RuleViolation(
                f"delivery {d.id} may have gone out; it is not retried on its own",
                hint=f"ask the customer, then `faktura outbox resolve {d.id} --sent` or `--resend`",
            )
        if d.channel == "none":
            raise RuleViolation(
                f"delivery {d.id} had no channel to go out on",
                hint=f"give the customer one (`faktura customer edit`), then "
                f"`faktura invoice send {label(d)}`, or send it by `--channel print`",
            )
        outbox_db.requeue(conn, d.id)
        events_db.log_event(conn, "outbox retry", f"delivery {d.id} of {label(d)}", now=now)
        return _get(conn, d.id)


def resolve(conn: sqlite3.Connection, delivery_id: int, *, sent: bool, now: datetime) -> Delivery:
    """`outbox resolve ID --sent|--resend`: a person has decided a failed or uncertain delivery."""
    with transaction(conn):
        d = _undecided(conn, delivery_id)
        if sent:
            outbox_db.mark_sent_by_hand(conn, d.id, now=now)
        elif d.channel == "none":
            raise RuleViolation(
                f"delivery {d.id} had no channel to go out on",
                hint=f"`faktura invoice send {label(d)} --channel print` (or give the customer one)",
            )
        else:
            outbox_db.requeue(conn, d.id)
        verdict = "sent" if sent else "resend"
        events_db.log_event(
            conn, "outbox resolve", f"delivery {d.id} of {label(d)}: {verdict}", now=now
        )
        return _get(conn, d.id)


def _get(conn: sqlite3.Connection, delivery_id: int) -> Delivery:
    d = outbox_db.get(conn, delivery_id)
    if d is None:
        raise NotFound(
            f"there is no delivery {delivery_id}", hint="`faktura outbox list` shows them"
        )
    return d


def _undecided(conn: sqlite3.Connection, delivery_id: int) -> Delivery:
    d = _get(conn, delivery_id)
    if d.superseded_by is not None:
        raise RuleViolation(
            f"delivery {d.id} was answered by delivery {d.superseded_by} of the same document"
        )
    if d.status not in rules.OUTSTANDING:
        raise RuleViolation(
            f"delivery {d.id} is {d.status}; only a failed or uncertain one is decided on",
            hint="`faktura outbox list --status failed` shows them",
        )
    return d


def deliveries(
    conn: sqlite3.Connection,
    status: rules.State | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    customer: int | None = None,
) -> list[Delivery]:
    """`outbox list [--status S] [--from] [--to] [--customer N]`: queued on those days (Oslo
    time), of that customer's invoices, credit notes, reminders and orders."""
    check_span(since, until)
    return outbox_db.listed(conn, status, since=since, until=until, customer=customer)
