"""E-mail delivery against a real SMTP server on 127.0.0.1 (aiosmtpd), not a mock."""

import email
import socket
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session

from .conftest import Run


class Inbox:
    def __init__(self, refuse: bool = False) -> None:
        self.messages: list[Envelope] = []
        self.refuse = refuse

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        if self.refuse:
            return "554 5.7.1 Message rejected: policy"
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    servers = []

    def start(refuse: bool = False) -> Inbox:
        inbox = Inbox(refuse)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("FAKTURA_SMTP_PORT", str(controller.port))
        return inbox

    yield start
    for controller in servers:
        controller.stop()


def test_invoice_is_mailed_with_its_pdf(customer: int, run: Run, smtp, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    inbox = smtp()
    number = run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=Konsulenttimer;qty=8;price=1000",
    ).stdout.strip()
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.mail_from == "post@fjellbekk.example"
    assert envelope.rcpt_tos == ["faktura@kunde.example"]
    msg = email.message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[arg-type]
    assert msg["Subject"] == f"Faktura {number} fra Fjellbekk Design AS"
    body = msg.get_body(preferencelist=("plain",)).get_content()
    for expected in (
        "Beløp: NOK 10 000,00",
        "Forfallsdato: 16.03.2026",
        "KID: 00000018",
        "Kontonummer: 8601.11.17947",
    ):
        assert expected in body
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_filename() == "faktura-1.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert run("invoice", "show", number, "--json").json()["delivered"] is True
    assert not (isolated.parent / "outbox" / "email").exists()  # sent, not written


def test_password_comes_only_from_the_environment(company: Run, db) -> None:  # type: ignore[no-untyped-def]
    company("company", "set", "--smtp-host", "smtp.example.no", "--smtp-user", "faktura")
    columns = [r[1] for r in db().execute("PRAGMA table_info(company)")]
    assert not any("password" in c for c in columns)
    assert "--smtp-password" not in company("company", "set", "--help").stdout


def test_a_refusing_server_fails_the_delivery_and_a_retry_sends_it_once(
    customer: int, run: Run, smtp
) -> None:  # type: ignore[no-untyped-def]
    smtp(refuse=True)
    created = run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    assert created.stdout == "1\n"  # the invoice exists whatever the mail server says
    assert "was created but not delivered (email)" in created.stderr
    assert "554" in created.stderr
    inbox = smtp()  # a server that accepts
    assert "delivered by email" in run("invoice", "send", "1").stdout
    assert len(inbox.messages) == 1
    deliveries = run("outbox", "list", "--json").json()["deliveries"]
    assert [d["status"] for d in deliveries] == ["failed", "sent"]


def test_a_server_that_is_down_fails_the_delivery_clearly(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FAKTURA_SMTP_PORT", str(free_port()))  # nobody listens
    created = run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    assert "not delivered (email): SMTP 127.0.0.1" in created.stderr
    assert run("invoice", "send", "1", code=1).stderr.startswith(
        "faktura: error: 1 could not be delivered by email: SMTP"
    )


def test_run_due_mails_the_owner_one_list_of_failures(
    company: Run, smtp, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    inbox = smtp()
    company("company", "set", "--notify-email", "eier@fjellbekk.example")
    company("customer", "add", "--name", "Stille AS", "--postcode", "0150", "--city", "Oslo")
    company("customer", "add", "--name", "Taus AS", "--postcode", "0150", "--city", "Oslo")
    for customer in ("10001", "10002"):
        company(
            "recurring",
            "create",
            "--customer",
            customer,
            "--next-date",
            "2026-03-01",
            "--line",
            "text=Leie;price=100",
        )
    result = company("run-due", code=3)
    assert result.stderr.count("faktura: delivery failed:") == 2
    [notice] = inbox.messages
    assert notice.rcpt_tos == ["eier@fjellbekk.example"]
    msg = email.message_from_bytes(notice.content, policy=policy.default)  # type: ignore[arg-type]
    assert msg["Subject"] == "faktura: 2 utsending(er) feilet 2026-03-02"
    text = msg.get_content()
    assert "- 1 (none): no delivery channel: customer 10001 Stille AS" in text
    assert "- 2 (none): no delivery channel: customer 10002 Taus AS" in text


def test_customer_show_tells_the_channel_and_warns_when_there_is_none(company: Run) -> None:
    company(
        "customer",
        "add",
        "--name",
        "Kari",
        "--private",
        "--phone",
        "91234567",
        "--email",
        "k@example.no",
    )
    company("customer", "add", "--name", "Stille AS", "--postcode", "0150", "--city", "Oslo")
    assert company("customer", "show", "10001", "--json").json()["channel"] == "vipps"
    silent = company("customer", "show", "10002")
    assert "nothing: customer 10002 Stille AS has no PEPPOL id" in silent.stdout
    assert "faktura: warning: customer 10002: no delivery channel" in silent.stderr
