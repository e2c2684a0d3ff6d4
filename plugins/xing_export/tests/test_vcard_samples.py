"""Every real vCard in ../shared/samples/vcard imports, with the names and emails in it."""

from __future__ import annotations

import pytest
from netzwerker.records import PersonRecord
from netzwerker_xing_export.plugin import VcardImporter

VCARD = VcardImporter()
JOHN_DOE = "Mr. John Richter James Doe Sr."

# file -> [(name, emails)] in card order
EXPECTED: dict[str, list[tuple[str | None, tuple[str, ...]]]] = {
    "ezvcard_John_Doe_ANDROID.vcf": [
        (None, ("john.doe@company.com",)),
        (None, ("jane.doe@company.com",)),
        ("Ñ Ñ Ñ Ñ Ñ", ()),
        ("Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", ()),  # quoted-printable with a soft line break inside a character run
        ("Ñ Ñ Ñ Ñ", ("bob@company.com",)),
        ("ÑÑÑÑ", ("henry@company.com",)),
    ],
    "ezvcard_John_Doe_BLACK_BERRY.vcf": [("John Doe", ())],
    "ezvcard_John_Doe_EVOLUTION.vcf": [("Mr. John Richter, James Doe Sr.", ("john.doe@ibm.com",))],
    "ezvcard_John_Doe_GMAIL.vcf": [("Mr. John Richter, James Doe Sr.", ("john.doe@ibm.com",))],
    "ezvcard_John_Doe_IPHONE.vcf": [(JOHN_DOE, ("john.doe@ibm.com",))],
    "ezvcard_John_Doe_LOTUS_NOTES.vcf": [("Mr. Doe John I Johny", ("john.doe@ibm.com", "billy_bob@gmail.com"))],
    "ezvcard_John_Doe_MAC_ADDRESS_BOOK.vcf": [("Mr. John Richter,James Doe Sr.", ("john.doe@ibm.com",))],
    "ezvcard_John_Doe_MS_OUTLOOK.vcf": [(JOHN_DOE, ("john.doe@ibm.cm",))],
    "ezvcard_fullcontact.vcf": [
        (
            "Prefix FirstName MiddleName LastName Suffix",
            ("home@example.com", "work@example.com", "school@example.com", "other@example.com", "custom@example.com"),
        )
    ],
    "ezvcard_gmail-list.vcf": [
        ("Arnold Smith", ("asmithk@gmail.com",)),
        ("Chris Beatle", ("chrisy55d@yahoo.com",)),
        ("Doug White", ("dwhite@gmail.com",)),
    ],
    "ezvcard_gmail-single.vcf": [("Greg Dartmouth", ("gdartmouth@hotmail.com",))],
    "ezvcard_gmail-single2.vcf": [
        (
            "VCard Test",
            (
                "email@example.com",
                "homeemail@example.com",
                "workemail@example.com",
                "otheremail@example.com",
                "customcategory@example.com",
            ),
        )
    ],
    "ezvcard_issue114.vcf": [("Dummy, Dummy", ("dummy.dummy@dummy.com",))],
    "ezvcard_outlook-2003.vcf": [("John Doe III", ("jdoe@hotmail.com",))],
    "ezvcard_outlook-2007.vcf": [("Mr. Michael Angstadt Jr.", ("mike.angstadt@gmail.com",))],
    "ezvcard_rfc2426-example.vcf": [
        ("Frank Dawson", ("Frank_Dawson@Lotus.com", "fdawson@earthlink.net")),
        ("Tim Howes", ("howes@netscape.com",)),
    ],
    "ezvcard_rfc6350-example.vcf": [("Simon Perreault", ("simon.perreault@viagenie.ca",))],
    "ezvcard_thunderbird-MoreFunctionsForAddressBook-extension.vcf": [
        (
            "John Doe",
            (
                "doe.john@hotmail.com",
                "additional-email@company.com",
                "additional-email1@company.com",
                "additional-email2@company.com",
                "additional-email3@company.com",
            ),
        )
    ],
}


def test_every_sample_is_covered(samples):
    assert sorted(p.name for p in (samples / "vcard").glob("*.vcf")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_imports_with_names_and_emails(samples, run, name):
    path = samples / "vcard" / name
    assert VCARD.detect(str(path)) >= 0.9
    records, context = run(VCARD, path)
    assert all(isinstance(r, PersonRecord) for r in records)
    assert [(r.person.name, r.person.emails) for r in records] == EXPECTED[name]
    assert all(r.file == str(path) and r.line for r in records)
    # nothing here is broken: at most a value that is not an email is named
    assert context.skipped == 0
    assert all("is not an email address" in w for w in context.warnings)


def test_details_from_real_samples(samples, run):
    (iphone,), _ = run(VCARD, samples / "vcard" / "ezvcard_John_Doe_IPHONE.vcf")
    assert (iphone.first_name, iphone.last_name, iphone.organization, iphone.title) == (
        "John",
        "Doe",
        "IBM",
        "Money Counter",
    )
    assert "905-222-1234" in iphone.person.phones  # item2.TEL (grouped, with X-ABLabel)
    (lotus,), _ = run(VCARD, samples / "vcard" / "ezvcard_John_Doe_LOTUS_NOTES.vcf")
    assert lotus.key == "uid:0e7602cc-443e-4b82-b4b1-90f62f99a199"
    assert lotus.note.startswith("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS")
    (outlook,), _ = run(VCARD, samples / "vcard" / "ezvcard_outlook-2003.vcf")
    assert outlook.person.phones == ()  # placeholders like "BusinessPhone" are not numbers
    assert outlook.organization == "Company, The"
    android, context = run(VCARD, samples / "vcard" / "ezvcard_John_Doe_ANDROID.vcf")
    assert android[0].tags == ("My Contacts",)
    # the QP value with a stray =80 under CHARSET=UTF-8 keeps its good characters
    assert android[5].organization.startswith("ÑÑÑÑ")
    assert context.warnings == [
        f"{samples / 'vcard' / 'ezvcard_John_Doe_ANDROID.vcf'}:44: card 5: "
        "EMAIL 'ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ' is not an email address; ignored"
    ]


def test_sample_folder_imports_all_and_keys_are_unique(samples, run):
    records, _ = run(VCARD, samples / "vcard")
    assert len(records) == sum(len(cards) for cards in EXPECTED.values())
    keys = [r.key for r in records]
    assert len(keys) == len(set(keys))
    again, _ = run(VCARD, samples / "vcard")
    assert [r.key for r in again] == keys
