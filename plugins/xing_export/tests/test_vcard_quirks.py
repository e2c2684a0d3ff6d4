"""vCard quirks, each in a small card written here (XING 2.1 style, Apple, 4.0, broken and huge cards)."""

from __future__ import annotations

import base64
import tracemalloc

import pytest
from netzwerker.errors import FormatError
from netzwerker.importers import Owner
from netzwerker_xing_export.plugin import VcardImporter, XingArchiveImporter

VCARD = VcardImporter()


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


# A XING profile vCard as older tools saw it: 2.1, per-property charsets with the
# bytes really in that charset, TYPE lists, CLASS, SORT-STRING, photo as a link.
XING_CARD = (
    crlf(
        "BEGIN:VCARD\n"
        "VERSION:2.1\n"
        "PRODID:-//XING//www.xing.com//epublica//www.epublica.de//Version 1.3\n"
        "UID:364719.e3db1e\n"
    ).encode("ascii")
    + "N;CHARSET=ISO-8859-1:Müller;Jürgen;;Dr.;\r\n".encode("iso-8859-1")
    + "FN;CHARSET=ISO-8859-1:Dr. Jürgen Müller\r\n".encode("iso-8859-1")
    + "SORT-STRING:Müller\r\n".encode("iso-8859-1")
    + "TITLE;CHARSET=UTF-8:Geschäftsführer\r\n".encode()
    + "ORG;CHARSET=ISO-8859-1:Müller & Söhne GmbH;Beratung\r\n".encode("iso-8859-1")
    + crlf(
        "EMAIL;CHARSET=ISO-8859-1;type=WORK;type=pref:j.mueller@example.de\n"
        "EMAIL;type=HOME:JUERGEN@Example.org\n"
        "TEL;TYPE=cell,work:+49 171 1234567\n"
        "URL;TYPE=work:https://www.xing.com/profile/Juergen_Mueller\n"
        "URL;TYPE=home:https://de.linkedin.com/in/juergen-mueller-123/\n"
        "PHOTO;VALUE=URL:https://www.xing.com/img/users/1/2/3/abc.jpg\n"
        "CATEGORIES:Kunde,SAP,Stammtisch\n"
        "CLASS:PRIVATE\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Kennt den CIO von M=FCller & S=\n"
        "=F6hne.=0D=0AGetroffen 2019.\n"
        "END:VCARD\n"
    ).encode("ascii")
)


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_xing_style_21_card_with_mixed_charsets(tmp_path, run):
    (record,), context = run(VCARD, write(tmp_path, "juergen.vcf", XING_CARD))
    assert context.warnings == []
    person = record.person
    assert person.name == "Dr. Jürgen Müller"
    assert (record.first_name, record.last_name) == ("Jürgen", "Müller")
    assert record.title == "Geschäftsführer"
    assert record.organization == "Müller & Söhne GmbH"
    assert person.organization == "Müller & Söhne GmbH"
    assert person.emails == ("j.mueller@example.de", "JUERGEN@Example.org")
    assert person.phones == ("+49 171 1234567",)
    assert person.xing == "https://www.xing.com/profile/Juergen_Mueller"
    assert person.linkedin == "https://de.linkedin.com/in/juergen-mueller-123/"
    assert record.tags == ("Kunde", "SAP", "Stammtisch")
    assert record.note == "Kennt den CIO von Müller & Söhne.\nGetroffen 2019."
    assert record.key == "uid:364719.e3db1e"
    assert record.line == 1


APPLE_30 = "\ufeff" + crlf(
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "N:Weber;Petra;;;\n"
    "FN:Petra We\n"
    " ber\n"
    "ORG:Weber Consulting;\n"
    "item1.EMAIL;type=INTERNET;type=pref:petra@weber-consulting.example\n"
    "item1.X-ABLabel:_$!<Other>!$_\n"
    "item2.URL:http\\://www.xing.com/profile/Petra_Weber2\n"
    "item2.X-ABLabel:XING\n"
    "NOTE:Zeile 1\\nZeile 2\\, mit Komma\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(b"\xff\xd8\xff" * 40).decode()[:60] + "\n"
    " " + base64.b64encode(b"\xff\xd8\xff" * 40).decode()[60:] + "\n"
    "END:VCARD\n"
)

V40 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "KIND:individual\n"
    "FN:Klaus Becker\n"
    "EMAIL;PREF=1:klaus@becker.example\n"
    'TEL;VALUE=uri;TYPE="cell,voice":tel:+49-30-1234567;ext=12\n'
    "PHOTO:data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\n"
    "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/klausbecker\n"
    "END:VCARD\n"
)


def test_bom_folding_groups_escapes_and_base64_photo(tmp_path, run):
    (record,), context = run(VCARD, write(tmp_path, "petra.vcf", APPLE_30))
    assert context.warnings == []
    assert record.person.name == "Petra Weber"
    assert record.person.emails == ("petra@weber-consulting.example",)  # item1.EMAIL
    assert record.person.xing == "http://www.xing.com/profile/Petra_Weber2"  # Apple's escaped colon
    assert record.organization == "Weber Consulting"
    assert record.note == "Zeile 1\nZeile 2, mit Komma"  # notes keep their line breaks


def test_vcard_40_data_uri_photo_and_uri_phone(tmp_path, run):
    (record,), _ = run(VCARD, write(tmp_path, "klaus.vcf", V40))
    assert record.person.name == "Klaus Becker"
    assert record.person.phones == ("+49-30-1234567",)
    assert record.person.linkedin == "https://www.linkedin.com/in/klausbecker"


def test_8bit_without_charset_falls_back_to_cp1252_per_property(tmp_path, run):
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:M\xfcller;Hans\r\nFN;CHARSET=UTF-8:Hans M\xc3\xbcller\r\nEND:VCARD\r\n"
    (record,), _ = run(VCARD, write(tmp_path, "hans.vcf", data))
    assert record.person.name == "Hans Müller"
    assert record.last_name == "Müller"


def test_utf16_file(tmp_path, run):
    path = tmp_path / "utf16.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ärger\r\nEND:VCARD\r\n".encode("utf-16"))
    assert VCARD.detect(str(path)) >= 0.9
    (record,), _ = run(VCARD, path)
    assert record.person.name == "Zoë Ärger"


def test_one_broken_card_is_reported_and_the_others_import(tmp_path, run):
    text = (
        APPLE_30.lstrip("\ufeff")
        + crlf("BEGIN:VCARD\nVERSION:3.0\nFN:Kaputt\n")
        + V40
        + crlf("BEGIN:VCARD\nVERSION:3.0\nNOTE:nur eine Notiz\nEND:VCARD\n")
    )
    path = write(tmp_path, "many.vcf", text)
    records, context = run(VCARD, path)
    assert [r.person.name for r in records] == ["Petra Weber", "Klaus Becker"]
    assert context.skipped == 2
    assert context.warnings == [
        f"{path}:15: skipped: card 2: END:VCARD missing before the next card",
        f"{path}:27: skipped: card 4 has no name, email, phone or profile URL",
    ]


def test_truncated_last_card(tmp_path, run):
    path = write(tmp_path, "cut.vcf", V40 + V40.replace("Klaus", "Karl")[:60])
    records, context = run(VCARD, path)
    assert [r.person.name for r in records] == ["Klaus Becker"]
    assert context.warnings == [f"{path}:10: skipped: card 2: END:VCARD missing (the file may be truncated)"]
    only = write(tmp_path, "only-cut.vcf", V40[:60])
    with pytest.raises(FormatError) as caught:
        run(VCARD, only)
    assert (
        str(caught.value)
        == f"{only}: no readable vCard: card 1: END:VCARD missing (the file may be truncated) (line 1)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02\xff" * 5000, "binary data (NUL bytes), not a vCard text file"),
        (b"", "no vCard found (no BEGIN:VCARD line)"),
        (b"Name,Email\r\nA,a@b.c\r\n", "no vCard found (no BEGIN:VCARD line)"),
    ],
)
def test_unreadable_files_fail_with_one_named_line(tmp_path, run, content, message):
    path = write(tmp_path, "bad.vcf", content)
    with pytest.raises(FormatError) as caught:
        run(VCARD, path)
    assert str(caught.value) == f"{path}: {message}"


def _write_huge_card(path, photo_bytes: int, name: str) -> None:
    line = b"QUJDRA" * 160 + b"\r\n"  # folded base64, ~1 KB per line
    with open(path, "wb") as out:
        out.write(f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:{name}\r\nPHOTO;ENCODING=BASE64;JPEG:\r\n".encode())
        for _ in range(photo_bytes // len(line)):
            out.write(b" " + line)
        out.write(b"\r\nEND:VCARD\r\n")
        out.write(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Nach dem Riesen\r\nEND:VCARD\r\n")


@pytest.mark.slow
def test_a_50_mb_card_is_skipped_in_bounded_memory(tmp_path, run):
    path = tmp_path / "huge.vcf"
    _write_huge_card(path, 50 << 20, "Riese")
    tracemalloc.start()
    try:
        records, context = run(VCARD, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.person.name for r in records] == ["Nach dem Riesen"]
    assert context.warnings == [f"{path}:1: skipped: card 1: the card is larger than 5 MB (50 MB)"]
    assert peak < 8 << 20


def test_a_50_mb_single_line_never_sits_in_memory(tmp_path, run):
    path = tmp_path / "oneline.vcf"
    with open(path, "wb") as out:
        out.write(b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Eine Zeile\r\nPHOTO:data:image/jpeg;base64,")
        for _ in range(50):
            out.write(b"A" * (1 << 20))
        out.write(b"\r\nEND:VCARD\r\n")
    tracemalloc.start()
    try:
        with pytest.raises(FormatError) as caught:
            run(VCARD, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the only card is too big: nothing readable, so the file fails with one line
    assert str(caught.value) == f"{path}: no readable vCard: card 1: the card is larger than 5 MB (50 MB) (line 1)"
    assert peak < 8 << 20


def test_a_large_photo_under_the_bound_is_dropped_and_the_card_imports(tmp_path, run):
    path = tmp_path / "photo.vcf"
    _write_huge_card(path, 3 << 20, "Mit Foto")
    records, context = run(VCARD, path)
    assert [r.person.name for r in records] == ["Mit Foto", "Nach dem Riesen"]
    assert context.warnings == []


def test_keys_prefer_uid_else_normalised_name_and_emails(tmp_path, run):
    first = crlf("BEGIN:VCARD\nVERSION:3.0\nFN:Ina Roth\nEMAIL:ina@roth.example\nEMAIL:I.Roth@Example.com\nEND:VCARD\n")
    reordered = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL:i.roth@example.com\nTITLE:neu\n"
        "EMAIL:INA@roth.example\nFN:ina  roth\nEND:VCARD\n"
    )
    (a,), _ = run(VCARD, write(tmp_path, "a.vcf", first))
    (b,), _ = run(VCARD, write(tmp_path, "b.vcf", reordered))
    assert a.key == b.key
    assert a.key.startswith("card:")


def test_the_owners_own_card_is_me(tmp_path, run):
    owner = Owner(emails=frozenset({"j.mueller@example.de"}))
    (record,), _ = run(VCARD, write(tmp_path, "me.vcf", XING_CARD), owner=owner)
    assert record.person.me


def test_embedded_agent_card_and_group_cards(tmp_path, run):
    text = crlf(
        "BEGIN:VCARD\nVERSION:2.1\nFN:Chefin\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistent\nEND:VCARD\n"
        "TITLE:CEO\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:Stammtisch\nMEMBER:urn:uuid:1\nEND:VCARD\n"
    )
    records, context = run(VCARD, write(tmp_path, "agent.vcf", text))
    assert [(r.person.name, r.title) for r in records] == [("Chefin", "CEO")]
    assert context.skipped_by_reason == {"vCard contact group": 1}
    assert context.warnings == []


def test_folder_and_zip_of_cards_with_one_bad_file(tmp_path, run):
    import zipfile

    folder = tmp_path / "cards"
    folder.mkdir()
    write(folder, "a.vcf", XING_CARD)
    write(folder, "b.vcf", V40)
    bad = write(folder, "c.vcf", b"\x00garbage\x00")
    write(folder, "readme.txt", "not a card")
    assert VCARD.detect(str(folder)) > 0.5
    assert XingArchiveImporter().detect(str(folder)) == 0.0
    records, context = run(VCARD, folder)
    assert [r.person.name for r in records] == ["Dr. Jürgen Müller", "Klaus Becker"]
    assert context.warnings == [f"{bad}: file not imported: binary data (NUL bytes), not a vCard text file"]
    archive = tmp_path / "cards.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("a.vcf", XING_CARD)
        out.writestr("b.vcf", V40)
    assert VCARD.detect(str(archive)) > 0.5
    zipped, _ = run(VCARD, archive)
    assert [r.key for r in zipped] == [r.key for r in records]
