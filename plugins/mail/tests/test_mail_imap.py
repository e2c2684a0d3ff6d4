"""IMAP against a real server: pymap (pure Python, in-memory) on loopback, STARTTLS with a throwaway CA."""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# The real IMAP server and its throwaway CA come with the test extra, which
# `make test` installs: a missing one is an error, never a silent skip.
import trustme
from netzwerker.importers import ImportContext, Owner
from netzwerker.records import InteractionRecord
from netzwerker_mail.imap import ImapError, parse_target
from netzwerker_mail.plugin import ImapImporter

PYMAP = shutil.which("pymap", path=str(Path(sys.executable).parent)) or shutil.which("pymap")
if PYMAP is None:
    raise ImportError("pymap is not installed: pip install -e 'plugins/mail[test]'")

USER, PASSWORD = "demouser", "demopass"  # pymap's dict backend account


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    folder = tmp_path_factory.mktemp("imap")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.private_key_pem.write_to_path(str(folder / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    port = _free_port()
    args = ["--host", "127.0.0.1", "--port", str(port), "--cert", str(folder / "cert.pem")]
    args += ["--key", str(folder / "key.pem"), "dict"]
    proc = subprocess.Popen([PYMAP, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("pymap did not start") from None
                time.sleep(0.1)
        yield port, folder / "ca.pem"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def env(server, monkeypatch):
    port, ca = server
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    monkeypatch.setenv("NETZWERKER_IMAP_PASSWORD", PASSWORD)
    monkeypatch.delenv("NETZWERKER_IMAP_TOKEN", raising=False)
    return port


def _client(port: int) -> imaplib.IMAP4:
    conn = imaplib.IMAP4("127.0.0.1", port)
    conn.starttls(ssl_context=ssl.create_default_context())
    conn.login(USER, PASSWORD)
    return conn


def _append(port: int, folder: str, *messages: bytes) -> None:
    conn = _client(port)
    conn.create(folder)
    for message in messages:
        assert conn.append(folder, None, None, message)[0] == "OK"
    conn.logout()


def _mail(sender: str, msgid: str, extra: str = "") -> bytes:
    return (
        f"From: {sender}\r\nTo: me@example.org\r\nSubject: Hallo\r\nDate: Mon, 06 Jan 2020 10:00:00 +0100\r\n"
        f"Message-ID: <{msgid}>\r\n{extra}\r\nthe body is never fetched\r\n"
    ).encode()


def _read(target: str, ctx: ImportContext) -> list[InteractionRecord]:
    return [r for r in ImapImporter().read(target, ctx) if isinstance(r, InteractionRecord)]


def test_header_only_incremental_import_leaves_mail_unread(env):
    port = env
    _append(
        port,
        "Work",
        _mail("Anna <anna@example.com>", "i1@x"),
        _mail("News <news@shop.example>", "i2@x", "List-Id: <news.shop.example>\r\n"),
    )
    target = f"imap://{USER}@127.0.0.1:{port}/Work"
    assert ImapImporter().detect(target) == 1.0
    ctx = ImportContext(owner=Owner(emails=frozenset({"me@example.org"})))
    first = _read(target, ctx)
    assert [r.key for r in first] == ["mid:i1@x"]
    assert first[0].actor.name == "Anna" and first[0].targets[0].emails == ("me@example.org",)
    assert ctx.skipped_by_reason == {"mailing list": 1}
    assert any(k.endswith(":last-uid") for k in ctx.state)

    again = ImportContext(state=dict(ctx.state))
    assert _read(target, again) == []  # nothing new

    _append(port, "Work", _mail("Bob <bob@example.net>", "i3@x"))
    third = ImportContext(state=dict(ctx.state))
    assert [r.key for r in _read(target, third)] == ["mid:i3@x"]

    conn = _client(port)
    conn.select("Work", readonly=True)
    _typ, data = conn.uid("SEARCH", "UNSEEN")
    assert len(data[0].split()) == 3  # BODY.PEEK on a read-only folder: nothing marked as read
    conn.logout()


def test_uidvalidity_change_reads_everything_again(env):
    port = env
    _append(port, "Other", _mail("Carl <carl@example.com>", "o1@x"))
    target = f"imap://{USER}@127.0.0.1:{port}/Other"
    ctx = ImportContext()
    assert len(_read(target, ctx)) == 1
    state = {k: ("1" if k.endswith(":uidvalidity") else v) for k, v in ctx.state.items()}
    assert len(_read(target, ImportContext(state=state))) == 1


def test_wrong_password_is_a_clear_error(env, monkeypatch):
    monkeypatch.setenv("NETZWERKER_IMAP_PASSWORD", "wrong")
    with pytest.raises(ImapError, match="login as demouser failed") as err:
        _read(f"imap://{USER}@127.0.0.1:{env}/INBOX", ImportContext())
    assert "wrong" not in str(err.value)


def test_untrusted_certificate_is_refused(env, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE")
    monkeypatch.setenv("SSL_CERT_DIR", os.devnull)
    with pytest.raises(ImapError, match="TLS failed"):
        _read(f"imap://{USER}@127.0.0.1:{env}/INBOX", ImportContext())


def test_missing_credentials(monkeypatch):
    monkeypatch.delenv("NETZWERKER_IMAP_PASSWORD", raising=False)
    monkeypatch.delenv("NETZWERKER_IMAP_TOKEN", raising=False)
    monkeypatch.setitem(sys.modules, "keyring", None)
    with pytest.raises(ImapError, match="no credentials"):
        _read(f"imaps://{USER}@127.0.0.1:1/INBOX", ImportContext())


def test_target_parsing():
    target = parse_target("imaps://jane%40corp.example@mail.corp.example/Sent%20Items")
    assert (target.user, target.host, target.port, target.folder) == (
        "jane@corp.example",
        "mail.corp.example",
        993,
        "Sent Items",
    )
    assert parse_target("imap://u@h").port == 143 and parse_target("imap://u@h").folder == "INBOX"
    with pytest.raises(ImapError):
        parse_target("imaps://u:secret@h/INBOX")
