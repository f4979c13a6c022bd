"""Real SMTP servers on 127.0.0.1 (aiosmtpd) for the delivery tests: one that accepts, one that
requires STARTTLS and AUTH with a self-signed certificate made here, one offering AUTH in clear
text, one that drops the connection after DATA, one slower than the client's timeout, and one
that hangs after the k-th message so a sender can be killed while it waits for the answer."""

from __future__ import annotations

import asyncio
import contextlib
import email
import re
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

USER, PASSWORD = "faktura", "hemmelig-passord"


@dataclass
class Inbox:
    """What a server received. `behaviour`: accept | refuse | drop | slow | hang-after:K."""

    behaviour: str = "accept"
    messages: list[Envelope] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        if self.behaviour == "refuse":
            return "554 5.7.1 Message rejected: policy"
        self.messages.append(envelope)
        self.received.set()
        if self.behaviour == "drop":
            server.transport.abort()  # type: ignore[union-attr]
            return "250 OK"
        if self.behaviour == "slow":
            await asyncio.sleep(3)
        if self.behaviour.startswith("hang-after:") and len(self.messages) >= int(
            self.behaviour.split(":")[1]
        ):
            await asyncio.sleep(3600)  # until the sender is killed
        return "250 OK"

    def subjects(self) -> list[str]:
        return [message(e)["Subject"] for e in self.messages]

    def invoice_counts(self) -> dict[int, int]:
        """How many messages the server received per invoice number."""
        counts: dict[int, int] = {}
        for subject in self.subjects():
            found = re.match(r"Faktura (\d+) fra", subject)
            if found:
                counts[int(found[1])] = counts.get(int(found[1]), 0) + 1
        return counts


def message(envelope: Envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[arg-type,return-value]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made by `openssl` here: (certificate, key)."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class Servers:
    """Starts servers for one test and stops them after it."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.controllers: list[Controller] = []

    def start(
        self,
        behaviour: str = "accept",
        *,
        starttls_and_auth: bool = False,
        clear_auth: bool = False,
        implicit_tls: bool = False,
    ) -> tuple[Inbox, int]:
        inbox = Inbox(behaviour)

        def authenticate(
            server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, data: object
        ) -> AuthResult:
            assert isinstance(data, LoginPassword)
            login, password = data.login.decode(), data.password.decode()
            inbox.logins.append((login, password))
            return AuthResult(success=(login, password) == (USER, PASSWORD))

        options: dict[str, object] = {}
        if implicit_tls:  # SMTPS, as on port 465: TLS from the first byte
            cert, key = self_signed_certificate(self.tmp)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
            # aiosmtpd counts only STARTTLS as TLS for AUTH; this connection is TLS throughout.
            options = {
                "ssl_context": context,
                "authenticator": authenticate,
                "auth_require_tls": False,
            }
        elif starttls_and_auth:
            cert, key = self_signed_certificate(self.tmp)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
            options = {
                "tls_context": context,
                "require_starttls": True,
                "authenticator": authenticate,
                "auth_required": True,
            }
        elif clear_auth:
            options = {
                "authenticator": authenticate,
                "auth_required": True,
                "auth_require_tls": False,
            }
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        self.controllers.append(controller)
        return inbox, controller.port

    def stop(self) -> None:
        for controller in self.controllers:
            with contextlib.suppress(Exception):  # a handler still hanging: the loop ends anyway
                controller.stop()
