"""E-mail delivery against a real SMTP server on 127.0.0.1 (aiosmtpd), not a mock."""

import email
from email import policy
from pathlib import Path

import pytest

from .conftest import Run
from .smtp_servers import PASSWORD, USER, Inbox, Servers, free_port, message


@pytest.fixture
def servers(tmp_path: Path):  # type: ignore[no-untyped-def]
    running = Servers(tmp_path)
    yield running
    running.stop()


@pytest.fixture
def smtp(servers: Servers, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A plain server without TLS or log-in (--smtp-security none), like a local relay."""

    def start(refuse: bool = False) -> Inbox:
        inbox, port = servers.start("refuse" if refuse else "accept")
        monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("FAKTURA_SMTP_PORT", str(port))
        monkeypatch.setenv("FAKTURA_SMTP_SECURITY", "none")
        return inbox

    return start


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
    created = run(
        "invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", code=3
    )
    assert created.stdout == "1\n"  # the invoice exists whatever the mail server says
    assert "faktura 1 was created and is in the books, but not delivered (e-post)" in created.stderr
    assert "554" in created.stderr
    inbox = smtp()  # a server that accepts
    assert "faktura 1 delivered by e-post" in run("invoice", "send", "1").stdout
    assert len(inbox.messages) == 1
    deliveries = run("outbox", "list", "--json").json()["deliveries"]
    assert [d["status"] for d in deliveries] == ["failed", "sent"]
    assert deliveries[0]["superseded_by"] == deliveries[1]["id"]  # it no longer nags
    assert run("run-due").stdout == ""
    # Delivered once: a second `invoice send` is refused unless --again.
    refused = run("invoice", "send", "1", code=1)
    assert "faktura 1 was delivered by e-post (2026-03-02)" in refused.stderr
    assert "--again" in refused.stderr
    assert len(inbox.messages) == 1
    run("invoice", "send", "1", "--again")
    assert len(inbox.messages) == 2


def test_a_server_that_is_down_fails_the_delivery_clearly(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FAKTURA_SMTP_PORT", str(free_port()))  # nobody listens
    created = run(
        "invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", code=3
    )
    assert "not delivered (e-post): SMTP 127.0.0.1" in created.stderr
    assert "Connection refused" in created.stderr
    assert run("invoice", "send", "1", code=3).stderr.startswith(
        "faktura: delivery failed: faktura 1 is in the books, but it did not reach the customer by e-post:"
        " SMTP"
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
    assert "- faktura 1 (ingen kanal): no delivery channel: customer 10001 Stille AS" in text
    assert "- faktura 2 (ingen kanal): no delivery channel: customer 10002 Taus AS" in text
    # Every run says it again on stderr and exits 3, but the owner is e-mailed once per delivery.
    again = company("run-due", code=3)
    assert again.stderr.count("faktura: delivery failed:") == 2
    assert len(inbox.messages) == 1


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


# ---------------------------------------------------------------- SPEC 11: SMTP done right


def _create(run: Run, customer: int, code: int = 0):  # type: ignore[no-untyped-def]
    return run(
        "invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", code=code
    )


def test_a_server_that_requires_starttls_and_auth_gets_both_over_a_verified_connection(
    customer: int, run: Run, servers: Servers, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox, port = servers.start(starttls_and_auth=True)
    run("company", "set", "--smtp-host", "127.0.0.1", "--smtp-port", str(port))
    run("company", "set", "--smtp-user", USER)
    assert "(starttls)" in run("company", "show").stdout  # the default on any port but 465
    monkeypatch.setenv("FAKTURA_SMTP_PASSWORD", PASSWORD)
    # Without trusting the self-signed certificate, nothing is sent, not even the password.
    untrusted = _create(run, customer, code=3)
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
    assert inbox.logins == [] and inbox.messages == []
    monkeypatch.setenv("FAKTURA_SMTP_CAFILE", str(tmp_path / "smtp-cert.pem"))
    assert "faktura 1 delivered by e-post" in run("invoice", "send", "1").stdout
    assert inbox.logins == [(USER, PASSWORD)]
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["faktura@kunde.example"]
    assert message(envelope)["Subject"] == "Faktura 1 fra Fjellbekk Design AS"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_credentials_never_go_over_an_unencrypted_connection(
    customer: int, run: Run, servers: Servers, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = servers.start(clear_auth=True)  # offers AUTH without TLS
    run("company", "set", "--smtp-host", "127.0.0.1", "--smtp-port", str(port))
    run("company", "set", "--smtp-user", USER)
    monkeypatch.setenv("FAKTURA_SMTP_PASSWORD", PASSWORD)
    refused = _create(run, customer, code=3)
    assert "does not offer STARTTLS; nothing was sent" in refused.stderr
    # --smtp-security none is refused while there is a user, at set and at send.
    assert (
        "never sent over an unencrypted connection"
        in run("company", "set", "--smtp-security", "none", code=1).stderr
    )
    monkeypatch.setenv("FAKTURA_SMTP_SECURITY", "none")
    assert "never sent over an unencrypted connection" in run("invoice", "send", "1", code=3).stderr
    assert inbox.logins == [] and inbox.messages == []  # the password never arrived
    assert PASSWORD not in str(run("outbox", "list", "--json").json())


def test_a_dropped_connection_after_data_is_uncertain_and_never_retried_on_its_own(
    customer: int, run: Run, servers: Servers, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = servers.start("drop")
    monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FAKTURA_SMTP_PORT", str(port))
    monkeypatch.setenv("FAKTURA_SMTP_SECURITY", "none")
    created = _create(run, customer, code=3)
    assert created.stdout == "1\n"
    assert "uncertain whether it reached the customer" in created.stderr
    assert "faktura outbox resolve 1 --sent" in created.stderr
    [d] = run("outbox", "list", "--status", "uncertain", "--json").json()["deliveries"]
    assert d["id"] == 1 and d["via"] == "smtp"
    # Nothing sends it again on its own: every run reports it, exit 3.
    for command in (("run-due",), ("outbox", "flush")):
        nag = run(*command, code=3)
        assert "faktura: delivery uncertain: faktura 1 (e-post)" in nag.stderr
    assert "delivery_uncertain: delivery 1 of invoice 1" in run("check", code=1).stdout
    refused = run("outbox", "retry", "1", code=1)
    assert "may have gone out" in refused.stderr
    assert "may have been delivered" in run("invoice", "send", "1", code=1).stderr
    assert len(inbox.messages) == 1
    # A person decides: it did arrive.
    run("outbox", "resolve", "1", "--sent")
    assert run("run-due").stdout == ""
    assert run("check").stdout.startswith("ok:")
    assert len(inbox.messages) == 1


def test_a_server_slower_than_the_timeout_after_data_leaves_it_uncertain_until_resent(
    customer: int, run: Run, servers: Servers, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = servers.start("slow")
    monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FAKTURA_SMTP_PORT", str(port))
    monkeypatch.setenv("FAKTURA_SMTP_SECURITY", "none")
    monkeypatch.setenv("FAKTURA_SMTP_TIMEOUT", "0.5")
    created = _create(run, customer, code=3)
    assert "did not confirm the message after it was sent" in created.stderr
    assert "timed out" in created.stderr
    assert len(inbox.messages) == 1
    flushed = run("outbox", "flush", "--json", code=3).json()
    assert flushed["deliveries"] == []  # not retried
    assert [d["status"] for d in flushed["outstanding"]] == ["uncertain"]
    # The customer never got it: send it again, on a server that answers in time.
    inbox.behaviour = "accept"
    assert "faktura 1 delivered by e-post" in run("outbox", "resolve", "1", "--resend").stdout
    assert len(inbox.messages) == 2
    assert run("outbox", "list", "--json").json()["deliveries"][0]["status"] == "sent"
    assert run("outbox", "flush").stdout == "0 levert, 0 feilet, 0 usikre\n"


def test_a_refusal_before_data_fails_and_outbox_retry_sends_it_once(
    customer: int, run: Run, smtp, servers: Servers, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    smtp(refuse=True)
    _create(run, customer, code=3)
    assert run("outbox", "list", "--status", "failed", "--json").json()["deliveries"][0]["id"] == 1
    assert "faktura: delivery failed: faktura 1 (e-post)" in run("outbox", "flush", code=3).stderr
    inbox = smtp()
    assert "delivery 1: faktura 1 delivered by e-post" in run("outbox", "retry", "1").stdout
    assert len(inbox.messages) == 1
    assert "delivery 1 is sent" in run("outbox", "retry", "1", code=1).stderr
    assert run("outbox", "resolve", "1", code=1).stderr.startswith("faktura: error: say what")
    assert "is not known" in run("outbox", "list", "--status", "lost", code=1).stderr


def test_from_is_one_quoted_name_and_recipients_are_one_plain_address(
    run: Run, smtp, isolated: Path
) -> None:  # type: ignore[no-untyped-def]
    inbox = smtp()
    run(
        "init",
        "--name",
        "Berg, Hansen og Co ANS",
        "--orgnr",
        "923456783",
        "--legal-form",
        "ANS",
        "--account",
        "86011117947",
        "--email",
        "post@berg.example",
    )
    for bad in ("x<attacker@evil.com>y.no", "a@b.no, c@evil.com", "Ola <ola@b.no>", '"a b"@b.no'):
        refused = run("customer", "add", "--name", "K", "--email", bad, code=1)
        assert refused.stderr.startswith("faktura: error: e-mail address"), bad
    run(
        "customer",
        "add",
        "--name",
        "Kunde",
        "--email",
        "post@blåbær.no",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    )
    assert (
        "one plain address"
        in run("customer", "edit", "10001", "--email", "a@b.no,c@d.no", code=1).stderr
    )
    run("invoice", "create", "--customer", "10001", "--line", "text=A;price=100")
    [envelope] = inbox.messages
    assert envelope.mail_from == "post@berg.example"
    assert envelope.rcpt_tos == ["post@xn--blbr-roah.no"]
    msg = message(envelope)
    assert msg["From"] == '"Berg, Hansen og Co ANS" <post@berg.example>'
    assert [a.addr_spec for a in msg["From"].addresses] == ["post@berg.example"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_as_on_port_465(
    customer: int, run: Run, servers: Servers, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox, port = servers.start(implicit_tls=True)
    run("company", "set", "--smtp-host", "127.0.0.1", "--smtp-port", "465")
    assert "(tls)" in run("company", "show").stdout  # the default on port 465
    run("company", "set", "--smtp-port", str(port), "--smtp-security", "tls", "--smtp-user", USER)
    monkeypatch.setenv("FAKTURA_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("FAKTURA_SMTP_CAFILE", str(tmp_path / "smtp-cert.pem"))
    _create(run, customer)
    assert inbox.logins == [(USER, PASSWORD)]
    assert len(inbox.messages) == 1
