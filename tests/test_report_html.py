"""HTML reports opened in a real headless browser (Debian's chromium): the DOM the user sees."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import netzwerker
import pytest
from netzwerker.records import InteractionRecord, PersonRecord, PersonRef, ReferralRecord
from nwtest import Cli, import_records

ME = PersonRef(me=True, emails=("katrin@vogel.de",))
DORA = PersonRef(name="Dora <Ü&> Müller", emails=("dora@example.com",))
EVIL = PersonRef(name="<script>alert('x')</script> Evil", emails=("evil@example.com",))
ZOE = PersonRef(name="Zoë & Søren Ærø", emails=("zoe@example.com",))
UNTIL = "2025-06-30"
BROWSER_SECONDS = 60


def at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def message(key: str, when: dt.datetime, actor: PersonRef, target: PersonRef) -> InteractionRecord:
    return InteractionRecord(key=key, kind="message", occurred_at=when, actor=actor, targets=(target,))


def records() -> Iterator[netzwerker.AnyRecord]:
    yield PersonRecord(key="me", person=ME.model_copy(update={"name": "Katrin Vogel"}))
    # Dora and Evil: gave more than they got, then went quiet years ago (owe + reconnect)
    yield ReferralRecord(key="d1", giver=DORA, receiver=ME, date=dt.date(2021, 1, 10))
    yield message("d2", at(2021, 1, 20), ME, DORA)
    yield message("d3", at(2021, 2, 1), DORA, ME)
    yield InteractionRecord(key="e1", kind="recommendation", occurred_at=at(2021, 3, 1), actor=EVIL, targets=(ME,))
    yield InteractionRecord(key="e2", kind="endorsement", occurred_at=at(2021, 3, 5), actor=ME, targets=(EVIL,))
    yield message("e3", at(2021, 3, 10), EVIL, ME)
    # Zoë: recent, and I gave more (reciprocity only)
    yield message("z1", at(2025, 6, 1), ME, ZOE)
    yield message("z2", at(2025, 6, 2), ZOE, ME)
    yield InteractionRecord(key="z3", kind="endorsement", occurred_at=at(2025, 6, 3), actor=ME, targets=(ZOE,))


@pytest.fixture
def imported(run: Cli, tmp_path: Path, fresh_plugins: None) -> Cli:
    return import_records(run, tmp_path, records)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser binary; a missing browser fails under CI and skips (loudly) elsewhere."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if _in_ci():
            pytest.fail("chromium not installed (CI is set): apt-get install chromium")
        pytest.skip("chromium not installed: apt-get install chromium")
    return found


def browse(browser: str, page: Path, profile: Path, *extra: str) -> str:
    """Run headless chromium on ``page`` with ``extra`` flags; return what it printed on stdout.

    The browser runs in its own session so that, should it hang, the whole
    process group (zygote, GPU and renderer children) is killed, not just the parent.
    """
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *extra,
        page.as_uri(),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=BROWSER_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"chromium did not finish within {BROWSER_SECONDS}s: {' '.join(command)}")
    assert process.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    return out.decode("utf-8")


@dataclass
class Dom:
    """What a page shows: title, heading, table header and body cells (text and class)."""

    title: str = ""
    h1: str = ""
    charset: str | None = None
    header: list[tuple[str, str]] = field(default_factory=list)
    rows: list[list[tuple[str, str]]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


class _DomReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dom = Dom()
        self._stack: list[str] = []
        self._cell: list[str] | None = None
        self._cell_class = ""
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.dom.tags.append(tag)
        if tag == "meta" and "charset" in attributes:
            self.dom.charset = attributes["charset"]
        if tag in ("title", "h1"):
            self._stack.append(tag)
        if tag == "thead":
            self._in_head = True
        if tag == "tbody":
            self._in_head = False
        if tag == "tr" and not self._in_head:
            self.dom.rows.append([])
        if tag in ("td", "th"):
            self._cell, self._cell_class = [], attributes.get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "h1") and self._stack:
            self._stack.pop()
        if tag in ("td", "th") and self._cell is not None:
            cell = ("".join(self._cell).strip(), self._cell_class)
            (self.dom.header if self._in_head else self.dom.rows[-1]).append(cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._stack:
            setattr(self.dom, self._stack[-1], getattr(self.dom, self._stack[-1]) + data)


def read_dom(text: str) -> Dom:
    reader = _DomReader()
    reader.feed(text)
    reader.close()
    return reader.dom


def render_in_browser(cli: Cli, browser: str, tmp_path: Path, report: str) -> Dom:
    page = tmp_path / f"{report}.html"
    cli.ok("report", report, "--until", UNTIL, "--format", "html", "--output", str(page))
    return read_dom(browse(browser, page, tmp_path / "profile", "--dump-dom"))


@pytest.mark.parametrize(
    ("report", "people", "numeric_columns"),
    [
        (
            "reciprocity",
            {"Dora <Ü&> Müller", "<script>alert('x')</script> Evil", "Zoë & Søren Ærø"},
            {"to_me_score", "from_me_score", "balance"},
        ),
        ("owe", {"Dora <Ü&> Müller", "<script>alert('x')</script> Evil"}, {"balance"}),
        ("reconnect", {"Dora <Ü&> Müller", "<script>alert('x')</script> Evil"}, {"score"}),
    ],
)
def test_html_report_in_a_real_browser(
    imported: Cli,
    chromium: str,
    tmp_path: Path,
    report: str,
    people: set[str],
    numeric_columns: set[str],
) -> None:
    dom = render_in_browser(imported, chromium, tmp_path, report)
    assert dom.charset is not None and dom.charset.lower() == "utf-8"
    assert dom.title and dom.title == dom.h1
    # one table row per person, names exactly as stored: escaped markup stays text, umlauts intact
    assert dom.header[0][0] == "name"
    assert len(dom.rows) == len(people)
    assert {row[0][0] for row in dom.rows} == people
    assert all(len(row) == len(dom.header) for row in dom.rows)
    assert "script" not in dom.tags  # the hostile name did not become an element
    # numbers are right-aligned (class num), text columns are not
    classes = {text: cls for text, cls in dom.header}
    assert {name for name, cls in classes.items() if cls == "num"} == numeric_columns
    assert all(
        row[i][1] == "num" for row in dom.rows for i, (name, _) in enumerate(dom.header) if name in numeric_columns
    )
    assert not any(row[0][1] == "num" for row in dom.rows)


def test_owe_html_shows_the_debt(imported: Cli, chromium: str, tmp_path: Path) -> None:
    dom = render_in_browser(imported, chromium, tmp_path, "owe")
    # Dora 5.2 - 0.2; Evil 3 (recommendation) + 0.2 x 0.25 (one-way mail) - 0.5 (my endorsement)
    assert dom.h1 == "Katrin Vogel owes 2 people (balance 7.55)"
    rows = {row[0][0]: [text for text, _ in row] for row in dom.rows}
    header = [text for text, _ in dom.header]
    dora = dict(zip(header, rows["Dora <Ü&> Müller"], strict=True))
    # a referral (5) and a two-way message each way (0.2 each): 5.2 - 0.2
    assert dora["balance"] == "5.00" and dora["gave me"] == "1 ref 1 msg"
    assert dora["open referrals"] == "referral 2021-01-10 [open]"


def test_empty_report_says_so(run: Cli, chromium: str, tmp_path: Path) -> None:
    dom = render_in_browser(run, chromium, tmp_path, "owe")
    assert len(dom.rows) == 1 and dom.rows[0] == [("Nothing to report.", "empty")]


def test_screenshot_renders(imported: Cli, chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "reciprocity.html"
    imported.ok("report", "reciprocity", "--until", UNTIL, "--format", "html", "--output", str(page))
    shot = tmp_path / "reciprocity.png"
    browse(chromium, page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1100,420")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 5_000  # a blank page compresses to far less
    keep = os.environ.get("NETZWERKER_KEEP_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)
