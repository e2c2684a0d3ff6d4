"""The portability API source, replayed from vcrpy cassettes built from the documented response shapes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import ClassVar

import pytest
import vcr
from netzwerker.errors import NetzwerkerError
from netzwerker.importers import ImportContext
from netzwerker_linkedin_export import api
from netzwerker_linkedin_export.plugin import LinkedInApiImporter

CASSETTES = Path(__file__).parent / "cassettes"
TOKEN = "AQX-test-token-never-recorded-0123456789"

# How cassettes are (re-)recorded: the Authorization header is filtered out, see README.md.
replay = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="none",
    filter_headers=["authorization"],
    match_on=["method", "scheme", "host", "port", "path", "query"],
)


@pytest.fixture
def no_sleep(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(api.time, "sleep", slept.append)
    return slept


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv(api.TOKEN_ENV, TOKEN)


def test_detect_only_the_exact_target():
    importer = LinkedInApiImporter()
    assert importer.detect("linkedin-api") == 1.0
    assert importer.detect("linkedin-api2") == 0.0 and importer.detect("Connections.csv") == 0.0


def test_snapshot_import_maps_rows_like_the_csv_files(token, no_sleep, monkeypatch):
    import requests

    sent: list[requests.PreparedRequest] = []
    original_send = requests.Session.send

    def spy(self, request, **kwargs):
        sent.append(request)
        assert kwargs.get("timeout") is not None  # every request has a timeout
        return original_send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", spy)
    context = ImportContext()
    with replay.use_cassette("linkedin_api_snapshot.yaml"):
        records = list(LinkedInApiImporter().read("linkedin-api", context))
    assert len(sent) == 16  # 7 domains, pages until the 404, one 429 and one 503 retried
    assert all(r.headers["LinkedIn-Version"] == "202312" for r in sent)
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in sent)
    kinds = Counter(getattr(r, "kind", r.type) for r in records)
    assert dict(kinds) == {"person": 4, "connection": 3, "invitation": 1, "endorsement": 1, "message": 3}
    me = records[0]
    assert me.person.me and me.person.name == "Ich Selbst"
    assert me.person.linkedin == "https://www.linkedin.com/in/ich-selbst"  # inferred from the outgoing invitation
    messages = [r for r in records if getattr(r, "kind", None) == "message"]
    assert [m.actor.me for m in messages] == [False, True, False]
    endorsement = next(r for r in records if getattr(r, "kind", None) == "endorsement")
    assert endorsement.actor.me and endorsement.targets[0].linkedin == "https://www.linkedin.com/in/ada"
    # RECOMMENDATIONS rows do not say given or received: refused with a warning, not guessed
    assert any("linkedin-api:RECOMMENDATIONS" in w and "given from received" in w for w in context.warnings)
    # one 429 (Retry-After: 2) and one 503 were retried
    assert no_sleep == [2.0, 1.0]


def test_keys_match_the_export_so_both_sources_are_one_record(token, no_sleep, write, run_import):
    with replay.use_cassette("linkedin_api_snapshot.yaml"):
        from_api = list(LinkedInApiImporter().read("linkedin-api", ImportContext()))
    path = write(
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,CTO,05 Mar 2024\n",
    )
    from_file, _ = run_import(path)
    assert from_file[0].key in {r.key for r in from_api}
    assert LinkedInApiImporter.namespace == "linkedin"


@pytest.mark.parametrize(
    ("cassette", "message"),
    [("linkedin_api_expired.yaml", "invalid or expired"), ("linkedin_api_forbidden.yaml", "r_dma_portability")],
)
def test_auth_failures_are_one_clear_line(token, no_sleep, cassette, message):
    with replay.use_cassette(cassette), pytest.raises(NetzwerkerError, match=message) as info:
        list(LinkedInApiImporter().read("linkedin-api", ImportContext()))
    assert TOKEN not in str(info.value) and "\n" not in str(info.value)


def test_missing_token(monkeypatch):
    monkeypatch.delenv(api.TOKEN_ENV, raising=False)
    monkeypatch.setitem(__import__("sys").modules, "keyring", None)  # keyring not installed
    with pytest.raises(NetzwerkerError, match=api.TOKEN_ENV):
        list(LinkedInApiImporter().read("linkedin-api", ImportContext()))


def test_retries_are_bounded(token, no_sleep, monkeypatch):
    class Always503:
        status_code = 503
        headers: ClassVar[dict[str, str]] = {}

    client = api.PortabilityClient(TOKEN, sleep=no_sleep.append, max_attempts=3)
    monkeypatch.setattr(client._session, "get", lambda *a, **k: Always503())
    with pytest.raises(NetzwerkerError, match="after 3 attempts"):
        list(client.snapshot_rows("CONNECTIONS"))
    assert no_sleep == [1.0, 2.0]


def test_no_cassette_contains_a_token():
    for cassette in CASSETTES.glob("*.yaml"):
        text = cassette.read_text(encoding="utf-8")
        assert "authorization" not in text.casefold(), cassette.name
        assert "bearer" not in text.casefold() and TOKEN not in text, cassette.name
