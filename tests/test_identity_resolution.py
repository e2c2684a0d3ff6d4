"""Identity resolution end to end (issue 6): real store files through the CLI.

A small importer plugin reads JSON files of records, so each test can say
exactly what every source knows about a person, in which order sources come.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import netzwerker
import pytest
from netzwerker import plugins
from netzwerker.matching import Candidate, Evidence
from netzwerker.records import InteractionRecord, PersonRecord
from nwtest import Cli

WHEN = "2026-03-01T10:00:00+00:00"


class JsonRecords(netzwerker.Importer):
    name = "test-records"
    description = "records as JSON, for identity tests"

    def detect(self, target: str) -> float:
        return 0.9 if target.endswith(".records.json") else 0.0

    def read(self, target: str, context: Any) -> Iterator[Any]:
        for item in json.loads(Path(target).read_text("utf-8")):
            kind = item.pop("type")
            yield (PersonRecord if kind == "person" else InteractionRecord).model_validate(item)


class Plugin:
    @netzwerker.hookimpl
    def register_importers(self, register: Any) -> None:
        register(JsonRecords())


@pytest.fixture
def source(fresh_plugins: None, tmp_path: Path) -> Iterator[Any]:
    plugins.get_plugin_manager().register(Plugin(), name="identity-test-records")
    counter = itertools.count()

    def write(name: str, records: list[dict[str, Any]]) -> str:
        path = tmp_path / f"{next(counter):02d}-{name}.records.json"
        path.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        return str(path)

    yield write


def contact(key: str, **ref: Any) -> dict[str, Any]:
    return {"type": "person", "key": key, "person": ref}


def message(key: str, sender: dict[str, Any], thread: str | None = None, to: dict[str, Any] | None = None) -> dict:
    return {
        "type": "interaction",
        "key": key,
        "kind": "message",
        "occurred_at": WHEN,
        "actor": sender,
        "targets": [to or {"me": True}],
        "thread": thread,
    }


def recommendation(key: str, giver: dict[str, Any]) -> dict[str, Any]:
    return {"type": "interaction", "key": key, "kind": "recommendation", "occurred_at": WHEN, "actor": giver,
            "targets": [{"me": True}]}  # fmt: skip


def others(run: Cli) -> list[dict[str, Any]]:
    """Everyone but the owner."""
    shown = run("me", "show", "--json")
    owner = json.loads(shown.stdout) if shown.exit_code == 0 else None
    me = owner["id"] if owner else None
    return [p for p in run.json("people", "list", "--json") if p["id"] != me]


JUERGEN_SOURCES = {
    "linkedin": [
        contact("c1", name="Jürgen Müller", linkedin="https://www.linkedin.com/in/juergen-mueller-firma/",
                organization="Firma GmbH"),
    ],
    "mail": [message("m1", {"name": "Mueller, Juergen", "emails": ["J.Mueller@firma.de"]})],
    "xing": [message("x1", {"name": "Dr. Jürgen Müller"})],
    "recommendation": [recommendation("r1", {"name": "Juergen Mueller", "organization": "Firma"})],
}  # fmt: skip


@pytest.mark.parametrize(
    "order",
    [
        ("linkedin", "mail", "xing", "recommendation"),
        ("xing", "recommendation", "mail", "linkedin"),
        ("mail", "xing", "linkedin", "recommendation"),
    ],
)
def test_one_human_in_four_sources_is_one_person(run: Cli, source: Any, order: tuple[str, ...]) -> None:
    run.ok("me", "add", "katrin@vogel.de", "Katrin Vogel")
    for name in order:
        run.ok("import", source(name, JUERGEN_SOURCES[name]))
    [juergen] = others(run)
    assert juergen["emails"] == ["J.Mueller@firma.de"]
    assert juergen["profiles"]["linkedin"] == "https://www.linkedin.com/in/juergen-mueller-firma"
    [row] = run.json("report", "reciprocity", "--format", "json")["people"]
    assert row["person"]["id"] == juergen["id"]
    assert (row["to_me"]["message"], row["to_me"]["recommendation"]) == (2, 1)
    shown = run.json("people", "show", juergen["id"], "--json")
    assert {m["actor"] for m in shown["merges"]} == {"resolver"}
    assert all(json.loads(m["evidence"])["signals"] for m in shown["merges"])
    assert run.json("people", "suggestions", "--json") == []


def thomas_network(source: Any) -> list[str]:
    return [
        source("linkedin", [
            contact("t1", name="Thomas Müller", linkedin="linkedin.com/in/thomas-mueller-isarwerk",
                    organization="Isarwerk Consulting GmbH"),
            contact("t2", name="Thomas Müller", linkedin="linkedin.com/in/thomas-müller-7b3a1c",
                    organization="Roth & Partner mbB"),
        ]),
        source("mail", [
            message("m1", {"name": "Thomas Müller", "emails": ["thomas.mueller@isarwerk-consulting.de"]}),
            message("m2", {"name": "Müller, Thomas", "emails": ["t.mueller@roth-partner.de"]}),
        ]),
    ]  # fmt: skip


def test_homonyms_at_different_companies_stay_two(run: Cli, source: Any) -> None:
    for path in thomas_network(source):
        run.ok("import", path)
    people = others(run)
    assert len(people) == 2
    by_org = {p["organization"]: p for p in people}
    assert by_org["Isarwerk Consulting GmbH"]["emails"] == ["thomas.mueller@isarwerk-consulting.de"]
    assert by_org["Roth & Partner mbB"]["emails"] == ["t.mueller@roth-partner.de"]
    # two different profiles are two accounts: not even suggested
    assert run.json("people", "suggestions", "--json") == []


def test_name_only_mention_of_a_homonym_is_suggested_never_merged(run: Cli, source: Any) -> None:
    for path in thomas_network(source):
        run.ok("import", path)
    run.ok("import", source("xing", [message("x1", {"name": "Dr. Thomas Müller"})]))
    assert len(others(run)) == 3
    suggestions = run.json("people", "suggestions", "--json")
    assert len(suggestions) == 2
    assert all("the same name" in [e["reason"] for e in s["evidence"]] for s in suggestions)

    isarwerk = next(s for s in suggestions if "Isarwerk" in json.dumps(run.json("people", "show", s["a"]["id"],
                    "--json")) + json.dumps(run.json("people", "show", s["b"]["id"], "--json")))  # fmt: skip
    roth = next(s for s in suggestions if s is not isarwerk)
    run.ok("people", "suggestions", "accept", str(isarwerk["id"]))
    run.ok("people", "suggestions", "reject", str(roth["id"]))
    assert len(others(run)) == 2
    assert run.json("people", "suggestions", "--json") == []
    again = run("people", "suggestions", "accept", str(roth["id"]))
    assert again.exit_code == 1 and "already rejected" in again.stderr

    # a newer export mentions him again: the rejection and the acceptance hold
    run.ok("import", source("xing2", [message("x1", {"name": "Dr. Thomas Müller"}),
                                      message("x2", {"name": "Thomas Müller"})]))  # fmt: skip
    assert len(others(run)) == 2
    assert run.json("people", "suggestions", "--json") == []


def test_unique_name_merges_and_unmerge_survives_reimport(run: Cli, source: Any) -> None:
    linkedin = source("linkedin", [contact("a1", name="Anna Schmidt", linkedin="linkedin.com/in/anna-schmidt-42")])
    mail = source("mail", [message("m1", {"name": "Anna Schmidt", "emails": ["anna.schmidt.privat@gmail.com"]})])
    run.ok("import", linkedin)
    run.ok("import", mail)
    [anna] = others(run)
    shown = run.json("people", "show", anna["id"], "--json")
    [merge] = shown["merges"]
    assert "the only two people named like 'ana schmidt'" in merge["evidence"]

    run.ok("people", "unmerge", anna["id"])
    assert len(others(run)) == 2
    run.ok("import", linkedin)
    run.ok("import", mail)
    gmail = {"name": "Anna Schmidt", "emails": ["anna.schmidt.privat@gmail.com"]}
    run.ok("import", source("mail2", [message("m2", gmail), message("m3", {"name": "Anna Schmidt"})]))
    names = [p["name"] for p in others(run)]
    assert names.count("Anna Schmidt") >= 2  # the split holds; the name-only mention is not forced on either


def test_conflicting_work_emails_block_the_merge(run: Cli, source: Any) -> None:
    run.ok("import", source("mail", [
        message("m1", {"name": "Sabine Krause", "emails": ["s.krause@alpha-bau.de"]}),
        message("m2", {"name": "Krause, Sabine", "emails": ["sabine.krause@beta-logistik.de"]}),
    ]))  # fmt: skip
    assert len(others(run)) == 2
    [suggestion] = run.json("people", "suggestions", "--json")
    assert "work addresses at different employers" in [e["reason"] for e in suggestion["evidence"]]


@pytest.mark.parametrize("cached", [10_000, 1], ids=["caches", "tiny-caches"])
def test_shared_conversation_corroborates(run: Cli, source: Any, cached: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from netzwerker.store import resolution

    # conversations are read only for compared people and dropped when the cache is full
    monkeypatch.setattr(resolution, "MAX_CACHED", cached)
    monkeypatch.setattr(resolution, "MAX_THREAD_SETS", cached)
    run.ok("import", source("other-mail", [message("x1", {"name": "Klaus Weber", "emails": ["k.weber@xylon.de"]})]))
    run.ok("import", source("mail", [
        message("m1", {"name": "Klaus Weber", "emails": ["kweber@gmail.com"]}, thread="t-1"),
        message("m2", {"name": "Weber, Klaus", "emails": ["klaus.weber@omega-werke.de"]}, thread="t-1"),
    ]))  # fmt: skip
    people = others(run)
    assert len(people) == 2  # the two addresses in one thread joined; the Xylon one kept apart
    joined = next(p for p in people if len(p["emails"]) == 2)
    assert sorted(joined["emails"]) == ["klaus.weber@omega-werke.de", "kweber@gmail.com"]


class NicknameMatcher(netzwerker.Matcher):
    """A community plugin: 'Hans-Peter' and 'Hans' at one firm are one human."""

    name = "nickname"
    description = "first-name short forms at the same organisation"

    def compare(self, a: Candidate, b: Candidate) -> Evidence | None:
        first = {k.split()[0] for k in a.name_keys} | {k.split()[0] for k in b.name_keys}
        lasts = {k.split()[-1] for k in a.name_keys} & {k.split()[-1] for k in b.name_keys}
        if lasts and a.organizations & b.organizations and {"hans", "hanspeter", "peter"} & first:
            return Evidence("strong", "short form of the first name at the same organisation")
        return None


def test_a_plugin_adds_a_matcher(run: Cli, source: Any) -> None:
    class MatcherPlugin:
        @netzwerker.hookimpl
        def register_matchers(self, register: Any) -> None:
            register(NicknameMatcher())

    records = [
        contact("h1", name="Hans-Peter Müller", linkedin="linkedin.com/in/hp-mueller", organization="Firma GmbH"),
        contact("h2", name="Hans Müller", organization="Firma"),
    ]
    run.ok("import", source("before", records))
    assert len(others(run)) == 2  # the built-ins only suggest
    assert len(run.json("people", "suggestions", "--json")) == 1

    plugins.get_plugin_manager().register(MatcherPlugin(), name="identity-test-matcher")
    assert "nickname" in plugins.matchers().names()
    run.ok("import", source("after", [contact("h3", name="Hans Müller", organization="Firma", emails=["hm@firma.de"])]))
    [hans] = others(run)
    evidence = " ".join(m["evidence"] for m in run.json("people", "show", hans["id"], "--json")["merges"])
    assert "short form of the first name" in evidence


def test_two_addresses_are_not_bridged_by_a_unique_name(run: Cli, source: Any) -> None:
    """The mail source saw two correspondents; "the only two people named so" does not join them."""
    run.ok(
        "import",
        source(
            "linkedin",
            [
                contact(
                    "l1", name="Petra Lang", linkedin="linkedin.com/in/petra-lang-firma", organization="Firma GmbH"
                ),
            ],
        ),
    )
    run.ok("import", source("mail", [
        message("m1", {"name": "Petra Lang", "emails": ["petra.lang@firma.de"]}),
        message("m2", {"name": "Lang, Petra", "emails": ["petra.lang.73@gmail.com"]}),
    ]))  # fmt: skip
    people = others(run)
    assert len(people) == 2
    joined = next(p for p in people if p["profiles"].get("linkedin"))
    assert joined["emails"] == ["petra.lang@firma.de"]  # the employer's address ties to the profile
    [suggestion] = run.json("people", "suggestions", "--json")
    reasons = [e["reason"] for e in suggestion["evidence"]]
    assert "the same name" in reasons and not any("the only two" in r for r in reasons)


def test_organisation_unrelated_to_the_mail_domain_blocks_the_unique_name(run: Cli, source: Any) -> None:
    """Schaundsek and schaetrond-werke.de share four letters, not a firm."""
    run.ok(
        "import",
        source(
            "linkedin",
            [
                contact(
                    "l1",
                    name="Mechthild Sauer",
                    linkedin="linkedin.com/in/mechthild-sauer",
                    organization="Schaundsek AG",
                ),
            ],
        ),
    )
    run.ok("import", source("mail", [
        message("m1", {"name": "Mechthild Sauer", "emails": ["mechthild.sauer@schaetrond-werke.de"]}),
    ]))  # fmt: skip
    assert len(others(run)) == 2
    [suggestion] = run.json("people", "suggestions", "--json")
    assert "organisation unrelated to the mail domain" in [e["reason"] for e in suggestion["evidence"]]


def test_namesakes_are_counted_over_spellings(run: Cli, source: Any) -> None:
    """ "Jurgen Muller" at another firm is a namesake of "Jürgen Müller": a XING mention of the
    name is then no longer the only candidate's, and is suggested, not merged."""
    run.ok(
        "import",
        source(
            "linkedin",
            [
                contact(
                    "l1", name="Jürgen Müller", linkedin="linkedin.com/in/jm-isarwerk", organization="Isarwerk GmbH"
                ),
            ],
        ),
    )
    run.ok(
        "import",
        source("recommendation", [recommendation("r1", {"name": "Jurgen Muller", "organization": "Roth & Partner"})]),
    )
    run.ok("import", source("xing", [message("x1", {"name": "Dr. Jürgen Müller"})]))
    people = others(run)
    assert len(people) == 3
    [mention] = [p for p in people if not p["emails"] and not p["profiles"]["linkedin"] and p["name"].startswith("Dr.")]
    suggestions = [
        s for s in run.json("people", "suggestions", "--json") if mention["id"] in (s["a"]["id"], s["b"]["id"])
    ]
    assert len(suggestions) == 2  # the mention against each namesake, neither merged
    assert not any("the only two" in e["reason"] for s in suggestions for e in s["evidence"])
