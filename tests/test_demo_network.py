"""The demo network: the generator itself, and the whole toolkit measured against its truth.

The generator (``python -m demo.generate``) writes real-format exports and a
truth.json computed from the same model by the counting rules of CLI.md. The
first half checks the generator (deterministic, parseable with the standard
library, truth consistent with the files, recounted here independently). The
second half imports every export with the CLI into a fresh store and compares
the reciprocity report with the truth, human by human.
"""

from __future__ import annotations

import csv
import io
import json
import mailbox
import os
import subprocess
import sys
import zipfile
from collections import Counter
from email.header import decode_header, make_header
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
KINDS = ("referral", "introduction", "recommendation", "endorsement", "invitation", "message")
EXPECTED_PATHS = [
    "Complete_LinkedInDataExport_11-15-2026.zip",
    "empfehlungen.csv",
    "mail.mbox",
    "xing-datenauskunft-2026-11-14.zip",
    "xing-vcards",
]


def generate(outdir: Path, hash_seed: str = "0") -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-m", "demo.generate", str(outdir)], cwd=REPO, env=env, check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("demo")
    generate(outdir)
    return outdir


@pytest.fixture(scope="module")
def truth(demo: Path) -> dict[str, Any]:
    return json.loads((demo / "truth.json").read_text("utf-8"))


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def zero() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0)


# -- the generator ---------------------------------------------------------------


def test_two_runs_write_byte_identical_files(demo: Path, tmp_path: Path) -> None:
    generate(tmp_path, hash_seed="12345")  # another hash seed: no set order may leak into the output
    first, second = files_under(demo), files_under(tmp_path)
    assert list(first) == list(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_import_folder_holds_one_path_per_export(demo: Path) -> None:
    assert sorted(p.name for p in (demo / "import").iterdir()) == EXPECTED_PATHS


def test_network_has_the_promised_shape(truth: dict[str, Any]) -> None:
    humans = truth["humans"]
    assert 120 <= len(humans) <= 160
    assert truth["network"]["people"] == len(humans)
    names = Counter(h["name"] for h in humans)
    homonyms = [name for name, count in names.items() if count > 1]
    assert homonyms == ["Thomas Müller"]
    twins = [h for h in humans if h["name"] == "Thomas Müller"]
    assert twins[0]["organization"] != twins[1]["organization"]
    assert any(not h["name"].isascii() and any("\u0400" <= c <= "\u04ff" for c in h["name"]) for h in humans)
    assert any("ß" in h["name"] for h in humans) and any("ü" in h["name"] for h in humans)
    sources = Counter(tuple(h["sources"]) for h in humans)
    assert sources[("ledger", "linkedin", "mail", "xing")] >= 5  # the same human in every source
    for only in (("linkedin",), ("mail",), ("xing",)):
        assert sources[only] >= 5, only
    # handles identify one human each: no address or profile URL is shared by two people
    seen: dict[str, str] = {}
    for human in humans:
        handles = human["handles"]
        for handle in [*(e.lower() for e in handles["emails"]), handles["linkedin"], handles["xing"]]:
            if handle:
                assert seen.setdefault(handle, human["id"]) == human["id"], handle


def test_truth_totals_add_up(truth: dict[str, Any]) -> None:
    for direction in ("to_me", "from_me"):
        for kind in KINDS:
            per_human = sum(h[direction][kind] for h in truth["humans"])
            per_channel = sum(c[direction][kind] for c in truth["by_channel"].values())
            assert per_human == per_channel == truth["totals"][direction][kind], (direction, kind)
        assert all(truth["totals"][direction][k] > 0 for k in KINDS), direction


def _linkedin_csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8")
    if name == "Connections.csv":
        assert text.startswith("Notes:\n")
        text = text.split("\n", 3)[3]  # the preamble is three lines
    return list(csv.DictReader(io.StringIO(text)))


def test_linkedin_export_recounts_to_the_truth(demo: Path, truth: dict[str, Any]) -> None:
    me = truth["me"]["linkedin"]
    recount = {"to_me": zero(), "from_me": zero()}
    with zipfile.ZipFile(demo / "import" / EXPECTED_PATHS[0]) as archive:
        assert archive.testzip() is None
        for row in _linkedin_csv(archive, "messages.csv"):
            if row["IS MESSAGE DRAFT"] == "Yes":
                continue
            recipients = row["RECIPIENT PROFILE URLS"].split(",")
            if row["SENDER PROFILE URL"] == me:
                recount["from_me"]["message"] += len(recipients)
            elif me in recipients:
                recount["to_me"]["message"] += 1
        for row in _linkedin_csv(archive, "Invitations.csv"):
            recount["from_me" if row["Direction"] == "OUTGOING" else "to_me"]["invitation"] += 1
        recount["to_me"]["endorsement"] = len(_linkedin_csv(archive, "Endorsement_Received_Info.csv"))
        recount["from_me"]["endorsement"] = len(_linkedin_csv(archive, "Endorsement_Given_Info.csv"))
        recount["to_me"]["recommendation"] = len(_linkedin_csv(archive, "Recommendations_Received.csv"))
        recount["from_me"]["recommendation"] = len(_linkedin_csv(archive, "Recommendations_Given.csv"))
        connections = [r for r in _linkedin_csv(archive, "Connections.csv") if r["URL"]]
    assert recount == truth["by_channel"]["linkedin"]
    on_linkedin = [h for h in truth["humans"] if h["role"] in ("everywhere", "linkedin+mail", "linkedin")]
    assert len(connections) == len(on_linkedin)


def _addresses(message: mailbox.mboxMessage, *fields: str) -> list[str]:
    values = [str(v) for f in fields for v in message.get_all(f, [])]
    return [address.lower() for _, address in getaddresses(values)]


def _automated(message: mailbox.mboxMessage) -> bool:
    sender = _addresses(message, "From")[0]
    return (
        any(message[h] for h in ("List-Id", "List-Unsubscribe", "Auto-Submitted"))
        or (message["Precedence"] or "").lower() in ("bulk", "list", "junk")
        or (message["Return-Path"] or "").strip() == "<>"
        or sender.split("@")[0] in ("noreply", "no-reply", "mailer-daemon")
    )


def test_mbox_recounts_to_the_truth(demo: Path, truth: dict[str, Any]) -> None:
    mine = {e.lower() for e in truth["me"]["emails"]}
    recount = {"to_me": zero(), "from_me": zero()}
    noise: Counter[str] = Counter()
    drafts = 0
    for message in mailbox.mbox(demo / "import" / "mail.mbox"):
        assert message.get_from().split()[0].endswith("@xxx")
        assert message["X-GM-THRID"] and message["Message-ID"]
        labels = str(message["X-Gmail-Labels"]).split(",")
        if "Drafts" in labels:
            drafts += 1
            continue
        if _automated(message):
            noise[_addresses(message, "From")[0]] += 1
            continue
        sender = _addresses(message, "From")[0]
        recipients = _addresses(message, "To", "Cc")
        if sender in mine:
            assert "Sent" in labels
            recount["from_me"]["message"] += sum(1 for r in recipients if r not in mine)
        elif any(r in mine for r in recipients):
            recount["to_me"]["message"] += 1
    assert recount == truth["by_channel"]["mail"]
    assert sum(noise.values()) == sum(truth["not_counted"]["mail"].values())
    assert drafts == truth["not_counted"]["mail_drafts"] == 1
    senders = getaddresses([str(m["From"]) for m in mailbox.mbox(demo / "import" / "mail.mbox")])
    names = [str(make_header(decode_header(name))) for name, _ in senders]
    assert any(not n.isascii() for n in names)  # RFC 2047 names decode to the real ones


def test_xing_archive_recounts_to_the_truth(demo: Path, truth: dict[str, Any]) -> None:
    me = truth["me"]["name"]
    recount = {"to_me": zero(), "from_me": zero()}
    contacts = 0
    with zipfile.ZipFile(demo / "import" / EXPECTED_PATHS[3]) as archive:
        csv_names = [n for n in archive.namelist() if n.endswith(".csv")]
        assert all(n.startswith(("data/messages-backend/files/", "data/network-inquiry/files/")) for n in csv_names)
        for name in csv_names:
            rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"))))
            if rows[0] == ["Name", "Kontakt bestätigt am"]:
                contacts += len(rows) - 1
                continue
            if rows[0][0] == "Name":
                continue
            participants: list[str] = []
            for row in rows:
                assert len(row) == 6
                if row[0] or row[2]:
                    participants = row[2].split(",")
                    assert me in participants
                elif row[3] == me:
                    recount["from_me"]["message"] += len(participants) - 1
                else:
                    recount["to_me"]["message"] += 1
    assert recount == truth["by_channel"]["xing"]
    assert contacts == sum(
        1 for h in truth["humans"] if "xing" in h["sources"] and h["role"].startswith(("xing", "every"))
    )


def test_ledger_is_german_excel_csv_and_recounts_to_the_truth(demo: Path, truth: dict[str, Any]) -> None:
    raw = (demo / "import" / "empfehlungen.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # umlauts in cp1252, as German Excel saves
    rows = list(csv.DictReader(io.StringIO(raw.decode("cp1252"), newline=""), delimiter=";"))
    assert list(rows[0]) == ["date", "kind", "giver", "receiver", "other", "status", "value", "currency", "note"]
    assert any("," in r["value"] for r in rows)
    recount = {"to_me": zero(), "from_me": zero()}
    for row in rows:
        if row["giver"] == "me":
            given_to = [row["receiver"]] + ([row["other"]] if row["kind"] == "introduction" and row["other"] else [])
            recount["from_me"][row["kind"]] += len(given_to)
        elif row["receiver"] == "me":
            recount["to_me"][row["kind"]] += 1
    assert recount == truth["by_channel"]["ledger"]


def test_vcards_are_single_xing_contacts(demo: Path, truth: dict[str, Any]) -> None:
    cards = sorted((demo / "import" / "xing-vcards").glob("*.vcf"))
    xing_urls = {h["handles"]["xing"] for h in truth["humans"] if h["handles"]["xing"]}
    assert len(cards) >= 10
    for card in cards:
        lines = card.read_bytes().decode("utf-8").split("\r\n")
        assert lines[0] == "BEGIN:VCARD" and lines[-2] == "END:VCARD" and lines.count("BEGIN:VCARD") == 1
        urls = [line.split(":", 1)[1] for line in lines if line.startswith("URL")]
        assert len(urls) == 1 and urls[0] in xing_urls


# -- end to end: import everything with the CLI, compare the report with the truth ----------------------------------


@pytest.fixture(scope="module")
def imported(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from click.testing import CliRunner
    from netzwerker.cli import cli

    db = str(tmp_path_factory.mktemp("store") / "demo.db")
    paths = [str(demo / "import" / name) for name in EXPECTED_PATHS]
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", db, "import", *paths, "--json"])
    report = runner.invoke(cli, ["--db", db, "report", "reciprocity", "--format", "json"])
    assert report.exit_code == 0, report.output
    return {"db": db, "paths": paths, "first": first, "report": json.loads(report.stdout)}


def _import_lines(result: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_every_export_imports_cleanly(imported: dict[str, Any]) -> None:
    result = imported["first"]
    assert result.exit_code == 0, result.output
    lines = _import_lines(result)
    assert [line["path"] for line in lines] == imported["paths"]
    for line in lines:
        assert line["new"] > 0 and line["warnings"] == [], line


@pytest.mark.parametrize("name", EXPECTED_PATHS)
def test_reimport_adds_nothing(imported: dict[str, Any], demo: Path, name: str) -> None:
    from click.testing import CliRunner
    from netzwerker.cli import cli

    again = CliRunner().invoke(cli, ["--db", imported["db"], "import", str(demo / "import" / name), "--json"])
    assert again.exit_code == 0, again.output
    [line] = _import_lines(again)
    assert (line["new"], line["changed"]) == (0, 0), line
    assert line["unchanged"] == line["records"] > 0, line


def _handle_keys(emails: list[str], linkedin: str | None, xing: str | None) -> set[str]:
    from netzwerker.normalize import normalize_email, normalize_profile_url

    keys = {f"email:{normalize_email(e)}" for e in emails}
    keys |= {f"profile:{normalize_profile_url(u)}" for u in (linkedin, xing) if u}
    return keys


def _row_keys(row: dict[str, Any]) -> set[str]:
    person = row["person"]
    return _handle_keys(person["emails"], person["profiles"]["linkedin"], person["profiles"]["xing"])


def _human_keys(human: dict[str, Any]) -> set[str]:
    handles = human["handles"]
    return _handle_keys(handles["emails"], handles["linkedin"], handles["xing"])


def _name_keys(names: list[str]) -> set[str]:
    from netzwerker.normalize import name_key

    return {name_key(n) for n in names}


def _rows_of(human: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The report rows that are this human: by a shared handle, or by name for rows that carry no handle."""
    keys, names = _human_keys(human), _name_keys(human["handles"]["names"])
    found = []
    for row in rows:
        row_keys = _row_keys(row)
        if row_keys & keys or (not row_keys and _name_keys([row["person"]["name"]]) & names):
            found.append(row)
    return found


def _compare(truth: dict[str, Any], report: dict[str, Any], humans: list[dict[str, Any]]) -> list[str]:
    """Every difference between the report and the truth for these humans, one line each."""
    rows = report["people"]
    owner_of: dict[str, list[str]] = {}
    for human in truth["humans"]:
        for key in _human_keys(human):
            owner_of.setdefault(key, []).append(human["id"])
    problems = []
    for human in humans:
        label = f"{human['id']} {human['name']} ({human['role']}, identity {human['identity'] or 'handles'})"
        found = _rows_of(human, rows)
        if len(found) != 1:
            split = [(r["person"]["name"], r["to_me"], r["from_me"]) for r in found]
            problems.append(f"{label}: {len(found)} rows instead of 1: {split}")
            continue
        row = found[0]
        others = sorted({h for key in _row_keys(row) for h in owner_of.get(key, []) if h != human["id"]})
        if others:
            problems.append(f"{label}: merged with {others}")
        for direction in ("to_me", "from_me"):
            expected = human[direction]
            actual = {k: row[direction].get(k, 0) for k in KINDS}
            if actual != expected:
                diff = {k: f"{expected[k]}->{actual[k]}" for k in KINDS if expected[k] != actual[k]}
                problems.append(f"{label}: {direction} expected->actual {diff}")
    return problems


def test_owner_is_not_a_counterpart(imported: dict[str, Any], truth: dict[str, Any]) -> None:
    me = truth["me"]
    owner_keys = _handle_keys(me["emails"], me["linkedin"], me["xing"])
    report = imported["report"]
    assert report["me"]["name"] == me["name"]
    assert [r["person"]["name"] for r in report["people"] if _row_keys(r) & owner_keys] == []
    assert [r["person"]["name"] for r in report["people"] if r["person"]["name"] == me["name"]] == []


def _humans_needing(truth: dict[str, Any], identity: list[str]) -> list[dict[str, Any]]:
    return [h for h in truth["humans"] if h["identity"] == identity]


@pytest.mark.parametrize(
    "identity",
    [
        pytest.param([], id="handles"),
        pytest.param(["cross-source-by-name"], id="cross-source-by-name"),
        pytest.param(["xing-display-name"], id="xing-display-name"),
        pytest.param(["linkedin-recommendation-name"], id="linkedin-recommendation-name"),
        pytest.param(["ledger-by-name"], id="ledger-by-name"),
    ],
)
def test_counts_per_human(imported: dict[str, Any], truth: dict[str, Any], identity: list[str]) -> None:
    humans = _humans_needing(truth, identity)
    assert humans, identity
    problems = _compare(truth, imported["report"], humans)
    assert problems == [], f"{len(problems)} of {len(humans)} humans differ:\n" + "\n".join(problems)


def test_every_human_is_one_row(imported: dict[str, Any], truth: dict[str, Any]) -> None:
    report = imported["report"]
    problems = _compare(truth, report, truth["humans"])
    assert problems == [], f"{len(problems)} differences:\n" + "\n".join(problems)
    assert len(report["people"]) == report["network"]["people"] == truth["network"]["people"]


def _clusters(db: str) -> set[frozenset[str]]:
    """Every person as the set of its members' handles (person ids are random, handles are not)."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        head = {pid: pid for (pid,) in conn.execute("SELECT id FROM persons")}
        parent = dict(conn.execute("SELECT id, merged_into FROM persons WHERE merged_into IS NOT NULL").fetchall())

        def root(pid: str) -> str:
            while pid in parent:
                pid = parent[pid]
            return pid

        found: dict[str, set[str]] = {root(pid): set() for pid in head}
        for pid, kind, value in conn.execute("SELECT person_id, kind, value FROM handles"):
            found[root(pid)].add(f"{kind}:{value}")
    return {frozenset(handles) for handles in found.values()}


def test_resolution_with_tiny_caches_decides_as_with_room_for_everyone(
    imported: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The pass drops least recently used views, parts and conversations to bound its
    memory; reading them again must not change a single decision."""
    from click.testing import CliRunner
    from netzwerker.cli import cli
    from netzwerker.store import resolution

    monkeypatch.setattr(resolution, "MAX_CACHED", 2)
    monkeypatch.setattr(resolution, "MAX_THREAD_SETS", 1)
    db = str(tmp_path / "tiny.db")
    result = CliRunner().invoke(cli, ["--db", db, "import", *imported["paths"], "--json"])
    assert result.exit_code == 0, result.output
    assert _clusters(db) == _clusters(imported["db"])
