"""IMAP, headers only and incremental.

Target: ``imaps://USER@HOST[:PORT]/FOLDER`` (implicit TLS, port 993) or
``imap://USER@HOST[:PORT]/FOLDER`` (STARTTLS required, port 143). Never plain
text. The folder is opened read-only (EXAMINE) and fetched with
``BODY.PEEK[HEADER.FIELDS (...)]``, so no message is marked as read. The
folder's UIDVALIDITY and the highest UID seen go into ``context.state``; the
next run fetches only newer UIDs (everything again if UIDVALIDITY changed).

Credentials, never logged: ``NETZWERKER_IMAP_TOKEN`` (an OAuth2 access token,
sent as XOAUTH2), else ``NETZWERKER_IMAP_PASSWORD``, else the OS keyring
(service ``netzwerker-imap``, user ``USER@HOST``) when the ``keyring``
package is installed. TLS trusts the system CAs; ``SSL_CERT_FILE`` points
OpenSSL at another bundle.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import os
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from netzwerker.errors import NetzwerkerError
from netzwerker.importers import ImportContext
from netzwerker.records import AnyRecord

from .convert import Origin, folder_role
from .facts import MessageFacts, read_facts
from .headers import split_header_block
from .sources import convert_all

FIELDS = (
    "FROM TO CC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID LIST-UNSUBSCRIBE LIST-POST PRECEDENCE "
    "AUTO-SUBMITTED X-AUTOREPLY X-AUTORESPOND RETURN-PATH CONTENT-TYPE CONTENT-CLASS DELIVERED-TO X-SPAM-FLAG "
    "X-MAILMAN-VERSION X-BEENTHERE MAILING-LIST X-MAILING-LIST SENDER"
)
BATCH = 500
TIMEOUT = 60.0
KEYRING_SERVICE = "netzwerker-imap"

_UID = re.compile(rb"\bUID (\d+)")
_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_GM_THRID = re.compile(rb"X-GM-THRID (\d+)")
_LIST_FLAGS = re.compile(rb"^\(([^)]*)\)")


class ImapError(NetzwerkerError):
    """The IMAP source cannot be read (address, credentials, TLS, server)."""


@dataclass(frozen=True)
class ImapTarget:
    implicit_tls: bool
    user: str
    host: str
    port: int
    folder: str

    @property
    def state_prefix(self) -> str:
        return f"imap:{self.user}@{self.host}:{self.port}/{self.folder}"


def parse_target(target: str) -> ImapTarget:
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme not in ("imap", "imaps"):
        raise ImapError(f"{target}: not an IMAP address (imaps://USER@HOST[:PORT]/FOLDER)")
    if not parts.username or not parts.hostname:
        raise ImapError(f"{target}: user and host are required (imaps://USER@HOST[:PORT]/FOLDER)")
    if parts.password:
        raise ImapError(f"{target}: no password in the address; use NETZWERKER_IMAP_PASSWORD or the keyring")
    try:
        port = parts.port or (993 if scheme == "imaps" else 143)
    except ValueError as exc:
        raise ImapError(f"{target}: bad port") from exc
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return ImapTarget(scheme == "imaps", unquote(parts.username), parts.hostname, port, folder)


def credentials(target: ImapTarget) -> tuple[str, str]:
    """``("xoauth2", token)`` or ``("password", secret)``; never logged or stored."""
    token = os.environ.get("NETZWERKER_IMAP_TOKEN")
    if token:
        return "xoauth2", token
    password = os.environ.get("NETZWERKER_IMAP_PASSWORD")
    if password:
        return "password", password
    try:
        import keyring  # optional
    except ImportError:
        keyring = None
    if keyring is not None:
        try:
            secret = keyring.get_password(KEYRING_SERVICE, f"{target.user}@{target.host}")
        except Exception:  # any keyring backend failure means: no stored secret
            secret = None
        if secret:
            return "password", secret
    raise ImapError(
        f"no credentials for {target.user}@{target.host}: set NETZWERKER_IMAP_PASSWORD or NETZWERKER_IMAP_TOKEN, "
        f"or store the password in the keyring (service {KEYRING_SERVICE!r}, user '{target.user}@{target.host}')"
    )


def connect(target: ImapTarget) -> imaplib.IMAP4:
    kind, secret = credentials(target)  # before any network traffic
    context = ssl.create_default_context()
    where = f"{target.host}:{target.port}"
    try:
        if target.implicit_tls:
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(target.host, target.port, ssl_context=context, timeout=TIMEOUT)
        else:
            conn = imaplib.IMAP4(target.host, target.port, timeout=TIMEOUT)
            if "STARTTLS" not in conn.capabilities:
                conn.shutdown()
                raise ImapError(f"{where} offers no STARTTLS; refusing to send credentials in plain text")
            conn.starttls(ssl_context=context)
    except ssl.SSLError as exc:
        raise ImapError(f"{where}: TLS failed ({exc.reason or exc})") from exc
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ImapError(f"{where}: cannot connect ({exc})") from exc
    try:
        if kind == "xoauth2":
            auth = f"user={target.user}\x01auth=Bearer {secret}\x01\x01".encode()
            conn.authenticate("XOAUTH2", lambda _challenge: auth)
        else:
            conn.login(target.user, secret)
    except imaplib.IMAP4.error as exc:
        conn.shutdown()
        raise ImapError(f"{where}: login as {target.user} failed") from exc
    return conn


def read_imap(target: str, context: ImportContext) -> Iterator[AnyRecord]:
    return convert_all(_imap_messages(parse_target(target), context), context)


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _imap_messages(target: ImapTarget, context: ImportContext) -> Iterator[tuple[MessageFacts, Origin]]:
    conn = connect(target)
    try:
        yield from _fetch_folder(conn, target, context)
    except (imaplib.IMAP4.error, OSError) as exc:
        raise ImapError(f"{target.host}:{target.port}/{target.folder}: {exc}") from exc
    finally:
        try:
            conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


def _fetch_folder(
    conn: imaplib.IMAP4, target: ImapTarget, context: ImportContext
) -> Iterator[tuple[MessageFacts, Origin]]:
    role = _special_use(conn, target.folder) or folder_role(target.folder.replace(".", "/").split("/"))
    typ, _ = conn.select(_quote(target.folder), readonly=True)  # EXAMINE: nothing gets marked
    if typ != "OK":
        raise ImapError(f"{target.host}: cannot open folder {target.folder!r}")
    _, validity_data = conn.response("UIDVALIDITY")
    validity = (validity_data[0] or b"").decode() if validity_data and validity_data[0] else ""
    key_validity, key_uid = target.state_prefix + ":uidvalidity", target.state_prefix + ":last-uid"
    last_uid = int(context.state.get(key_uid, "0")) if context.state.get(key_validity) == validity else 0
    typ, found = conn.uid("SEARCH", f"UID {last_uid + 1}:*")
    if typ != "OK":
        raise ImapError(f"{target.host}: search in {target.folder!r} failed")
    uids = sorted(int(u) for u in b" ".join(x for x in found if x).split() if int(u) > last_uid)
    gmail = "X-GM-EXT-1" in conn.capabilities
    items = "(UID FLAGS INTERNALDATE " + ("X-GM-THRID " if gmail else "") + f"BODY.PEEK[HEADER.FIELDS ({FIELDS})])"
    location = f"imap://{target.host}/{target.folder}"
    for start in range(0, len(uids), BATCH):
        chunk = uids[start : start + BATCH]
        typ, response = conn.uid("FETCH", ",".join(map(str, chunk)), items)
        if typ != "OK":
            raise ImapError(f"{target.host}: fetch in {target.folder!r} failed")
        for meta, header in _fetched(response):
            uid_match = _UID.search(meta)
            uid = int(uid_match.group(1)) if uid_match else None
            flags = _FLAGS.search(meta)
            flag_set = {f.lower() for f in flags.group(1).split()} if flags else set()
            message_role = role
            if b"\\draft" in flag_set:
                message_role = "draft"
            elif b"\\deleted" in flag_set:
                context.skip("deleted", location, uid, warn=False, category="deleted")
                continue
            thread = _GM_THRID.search(meta)
            yield (
                read_facts(split_header_block(header)),
                Origin(
                    location,
                    uid,
                    message_role,
                    _internaldate(meta),
                    thread.group(1).decode() if thread else None,
                ),
            )
        context.state[key_validity] = validity
        context.state[key_uid] = str(chunk[-1])
        context.progress(start + len(chunk), len(uids))
    if not uids:
        context.state[key_validity] = validity
        context.state.setdefault(key_uid, str(last_uid))


def _fetched(response: list[object]) -> Iterator[tuple[bytes, bytes]]:
    """``(metadata, header bytes)`` pairs; metadata after the literal (``FLAGS …)``) is appended."""
    pending: tuple[bytes, bytes] | None = None
    for item in response:
        if isinstance(item, tuple) and len(item) >= 2:
            if pending is not None:
                yield pending
            pending = (bytes(item[0]), bytes(item[1]))
        elif isinstance(item, bytes) and pending is not None:
            pending = (pending[0] + b" " + item, pending[1])
    if pending is not None:
        yield pending


def _internaldate(meta: bytes) -> dt.datetime | None:
    match = _INTERNALDATE.search(meta)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1).decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _special_use(conn: imaplib.IMAP4, folder: str) -> str | None:
    """RFC 6154 special-use flags of the folder (\\Sent, \\Drafts, \\Junk, \\Trash), if the server has them."""
    try:
        typ, data = conn.list('""', _quote(folder))
    except imaplib.IMAP4.error:
        return None
    if typ != "OK":
        return None
    for line in data:
        if not isinstance(line, bytes):
            continue
        match = _LIST_FLAGS.match(line)
        flags = match.group(1).lower().split() if match else []
        for flag, role in ((b"\\sent", "sent"), (b"\\drafts", "draft"), (b"\\junk", "spam"), (b"\\trash", "trash")):
            if flag in flags:
                return role
    return None
