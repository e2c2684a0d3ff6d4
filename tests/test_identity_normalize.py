"""Normal forms and matchers of identity resolution (issue 6), without a store."""

from __future__ import annotations

import pytest
from netzwerker.identity_rules import (
    NameMatcher,
    OrganizationMatcher,
    ProfileMatcher,
    WorkEmailMatcher,
)
from netzwerker.matching import Candidate, Evidence
from netzwerker.normalize import (
    loose_name_key,
    name_key,
    normalize_email,
    normalize_profile_url,
    org_key,
    org_matches_domain,
    org_related_to_domain,
)
from netzwerker.store.resolution import decide


@pytest.mark.parametrize(
    "written",
    [
        "Jürgen Müller",
        "Mueller, Juergen",
        "Dr. Jürgen Müller",
        "juergen mueller",
        "JÜRGEN MÜLLER",
        "Jürgen K. Müller",
        "Müller, Dr. Jürgen",
        "Jürgen Müller, MBA",
        "Prof. Dr.-Ing. Jürgen Müller",
        "Jürgen Müller (er/ihm)",
        "Jürgen Müller | Vertrieb DACH",
        "Ju\u0308rgen Mu\u0308ller",  # decomposed umlauts (macOS)
    ],
)
def test_name_variants_share_one_key(written: str) -> None:
    assert name_key(written) == "juergen mueller"


def test_name_keys_fold_particles_diacritics_and_scripts() -> None:
    assert name_key("Ursula von der Leyen") == name_key("von der Leyen, Ursula") == "ursula leyen"
    assert name_key("Renée Dupré") == "renee dupre"
    assert name_key("Łukasz Wróbel") == "lukasz wrobel"
    assert name_key("Юрий Гагарин") == "yurii gagarin"
    assert name_key("Ma Yun") == "ma yun"  # a surname that is also a degree stays
    assert name_key("Thomas Müller") != name_key("Thomas Mayer")


def test_loose_key_joins_spelling_variants_only() -> None:
    assert loose_name_key("Jürgen Müller") == loose_name_key("Jurgen Muller") == loose_name_key("Juergen Mueller")
    assert loose_name_key("Hans-Peter Müller") == loose_name_key("Hans Müller")
    assert loose_name_key("Hans Müller") != loose_name_key("Heinz Müller")
    assert loose_name_key("Cher") == ""


def test_emails_and_profiles() -> None:
    assert normalize_email("J.Mueller@Firma.DE") == "j.mueller@firma.de"  # dots kept outside Gmail
    assert normalize_email("<Juergen.Mueller+news@googlemail.com>") == "juergenmueller@gmail.com"
    assert normalize_email("mailto:a.b+x@web.de") == "a.b+x@web.de"
    for url in (
        "https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller/",
        "http://de.linkedin.com/in/Jürgen-Müller?trk=x",
        "linkedin.com/in/jürgen-müller",
    ):
        assert normalize_profile_url(url) == "linkedin.com/in/jürgen-müller"
    xing = "https://www.xing.com/profile/Juergen_Mueller/cv"
    assert normalize_profile_url(xing) == "xing.com/profile/juergen_mueller"


def test_organisations() -> None:
    assert org_key("Firma GmbH") == org_key("FIRMA") == "firma"
    assert org_key("Isarwerk Consulting GmbH & Co. KG") == "isarwerk consulting"
    assert org_key("Acme S.A.") == org_key("Acme Ltd.") == org_key("ACME Inc") == "acme"
    assert org_key("Müller e.V.") == "mueller"
    assert org_matches_domain("firma", "firma.de")
    assert org_matches_domain("isarwerk consulting", "isarwerk-consulting.de")
    assert org_matches_domain("roth partner", "mail.roth-partner.co.uk")
    assert not org_matches_domain("roth partner", "isarwerk-consulting.de")
    assert not org_matches_domain("ab", "ab.de")  # too short to say anything


@pytest.mark.parametrize(
    ("organization", "domain"),
    [
        ("stadtwerke ammersee", "sw-ammersee.de"),  # initials and a shared word
        ("vierjahreszeiten hotels", "vjz-hotels.de"),
        ("mittelstand digital allianz", "mda-ev.de"),
        ("auenwald immobilien", "auenwald-immo.de"),  # an abbreviated word
        ("bayerische energie", "bayern-energy.de"),  # the same stems, in English
        ("kanzlei roth", "kanzleiroth.de"),  # a compound starting with a word of the name
    ],
)
def test_organisation_related_to_its_domain(organization: str, domain: str) -> None:
    assert org_related_to_domain(organization, domain)


@pytest.mark.parametrize(
    ("organization", "domain"),
    [
        ("schaundsek", "schaetrond-werke.de"),  # four shared letters are no stem: two firms
        ("isarwerk consulting", "paungsuend-werke.de"),
        ("roth partner", "brandl-soehne.de"),
    ],
)
def test_organisation_unrelated_to_another_firms_domain(organization: str, domain: str) -> None:
    assert not org_related_to_domain(organization, domain)


def person(pid: str, name: str, **fields: object) -> Candidate:
    return Candidate(id=pid, names=(name,), name_keys=frozenset({name_key(name)}), **fields)  # type: ignore[arg-type]


def test_matchers_and_decision() -> None:
    profile = frozenset({"linkedin.com/in/jm"})
    linkedin = person("a", "Jürgen Müller", linkedin=profile, organizations=frozenset({"firma"}))
    mail = person("b", "Mueller, Juergen", emails=frozenset({"j.mueller@firma.de"}))
    other_mail = person("c", "Jürgen Müller", emails=frozenset({"jm@andere-firma.de"}))
    other_profile = person("d", "Jürgen Müller", linkedin=frozenset({"linkedin.com/in/jm2"}))

    assert OrganizationMatcher().compare(linkedin, mail) == Evidence(
        "corroborating", "organisation matches the mail domain"
    )
    assert decide(linkedin, mail, [OrganizationMatcher().compare(linkedin, mail)]).merge  # type: ignore[list-item]

    conflict = WorkEmailMatcher().compare(mail, other_mail)
    assert conflict is not None and conflict.strength == "conflict" and conflict.score < 1
    verdict = decide(mail, other_mail, [conflict, Evidence("corroborating", "the only two")])
    assert (verdict.merge, verdict.suggest) == (False, True)

    hard = ProfileMatcher().compare(linkedin, other_profile)
    assert hard == Evidence("conflict", "different LinkedIn profiles")
    assert (decide(linkedin, other_profile, [hard]).merge, decide(linkedin, other_profile, [hard]).suggest) == (
        False,
        False,
    )

    # a name alone only ever suggests
    same_name = NameMatcher().compare(mail, other_mail)
    assert same_name is not None and same_name.strength == "weak"
    alone = decide(mail, other_mail, [same_name])
    assert (alone.merge, alone.suggest) == (False, True)
    # corroboration without the same full name does not merge
    hans = person("e", "Hans-Peter Müller", organizations=frozenset({"firma"}))
    hans2 = person("f", "Hans Müller", organizations=frozenset({"firma"}))
    evidence = [e for m in (OrganizationMatcher(), NameMatcher()) if (e := m.compare(hans, hans2))]
    assert [e.strength for e in evidence] == ["corroborating", "weak"]
    assert (decide(hans, hans2, evidence).merge, decide(hans, hans2, evidence).suggest) == (False, True)
