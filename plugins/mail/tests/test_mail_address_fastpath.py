"""The fast path for simple address lists agrees with the stdlib parser, and steps aside otherwise."""

from __future__ import annotations

from email.utils import getaddresses

import pytest
from netzwerker_mail.headers import _simple_pairs, addresses_from_pairs, parse_addresses

SIMPLE = [
    "a@x.de",
    "Anna Alt <anna@example.com>, bob@example.net",
    "=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@firma.de>",
    "Müller Jürgen <j@x.de>",
    "<a@x.de>",
    "Müller, Jürgen <j@x.de>",  # unquoted comma: both split it the same (broken) way
    " a@x.de ,  b@y.de ",
    '"Müller, Jürgen" <j@x.de>',
    '"Anna" <a@x.de>, "Dr. Bob (Firma); Vertrieb: Nord" <b@y.de>, c@z.de',
    '"" <a@x.de>',
    '"Anna"<a@x.de>',
    '"a@x.de" <a@x.de>',
    '"=?utf-8?q?J=C3=BCrgen?=" <j@x.de>',
]
TRICKY = [
    "j@x.de (Jürgen Müller)",
    "undisclosed-recipients:;",
    "Team: a@x.de, b@y.de;",
    '"a\\"b" <a@x.de>',
    "Anna <a@x.de> <b@y.de>",
    '"Anna" Alt <a@x.de>',
    '"Anna <a@x.de>',
    '"Anna" <a@x.de> <b@y.de>',
    '"A" <a@x.de> (Firma)',
]


def _with_at(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [pair for pair in pairs if "@" in pair[1]]


@pytest.mark.parametrize("value", SIMPLE)
def test_fast_path_agrees_with_getaddresses(value: str) -> None:
    fast = _simple_pairs(value)
    assert fast is not None
    assert _with_at(fast) == _with_at(getaddresses([value]))


@pytest.mark.parametrize("value", TRICKY)
def test_quotes_comments_groups_and_odd_brackets_go_to_the_stdlib(value: str) -> None:
    assert _simple_pairs(value) is None


def test_fast_path_agrees_with_getaddresses_on_random_lists() -> None:
    """Lists glued from pieces that real headers hold; whenever the fast path answers, it answers as the stdlib."""
    import random

    pieces = ['"', ",", " ", "<", ">", "@", "a", "x.de", "Anna", "Müller", "(", ")", ":", ";", "=?utf-8?q?M=C3=BC?="]
    shapes = ['"{n}" <{a}>', "{n} <{a}>", "<{a}>", "{a}", '"{n}"<{a}>', "{n}"]
    rng = random.Random(5)
    answered = 0
    for _ in range(4000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            name = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
            address = rng.choice(["a@x.de", "b.c@y-z.de", "Anna.M+tag@Firma.AT"])
            if rng.random() < 0.3:  # or something broken
                address = "".join(rng.choice(["a", "b.c", "@", "x.de", "<", '"', " ", ".."]) for _ in range(4))
            parts.append(rng.choice(shapes).format(n=name, a=address))
        value = rng.choice([", ", ",", " , "]).join(parts)
        fast = _simple_pairs(value)
        if fast is not None:
            answered += 1
            assert addresses_from_pairs(fast) == addresses_from_pairs(getaddresses([value])), value
    assert answered > 500  # the check covers the fast path, not only the fallback


def test_quoted_comma_in_a_name_is_one_address() -> None:
    [address] = parse_addresses('"Müller, Jürgen" <j@x.de>')
    assert (address.name, address.email) == ("Müller, Jürgen", "j@x.de")


@pytest.mark.parametrize(
    "value",
    [
        "Mon, 6 Jan 2020 10:00:00 +0100",
        "6 Jan 2020 10:00 -0830",
        "Sun, 23 Sep 2001 20:14:35 -0700 (PDT)",
        "Mon,  6 Jan 2020 10:00:00 +0100",
        "Sat, 29 Feb 2020 23:59:59 +1400",
    ],
)
def test_plain_dates_agree_with_the_stdlib(value: str) -> None:
    from email.utils import parsedate_to_datetime

    from netzwerker_mail.headers import _plain_date

    fast = _plain_date(value)
    assert fast is not None and fast == parsedate_to_datetime(value)
    assert fast.utcoffset() == parsedate_to_datetime(value).utcoffset()


@pytest.mark.parametrize("value", ["Mon, 6 Jan 2020 10:00:00 GMT", "2020-01-06T10:00:00Z", "31 Feb 2020 10:00 +0000"])
def test_other_dates_go_to_the_stdlib(value: str) -> None:
    from netzwerker_mail.headers import _plain_date, parse_date

    assert _plain_date(value) is None
    if value.endswith("GMT"):
        assert parse_date(value) is not None
