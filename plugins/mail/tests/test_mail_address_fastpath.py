"""The fast path for simple address lists agrees with the stdlib parser, and steps aside otherwise."""

from __future__ import annotations

from email.utils import getaddresses

import pytest
from netzwerker_mail.headers import _simple_pairs, parse_addresses

SIMPLE = [
    "a@x.de",
    "Anna Alt <anna@example.com>, bob@example.net",
    "=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@firma.de>",
    "Müller Jürgen <j@x.de>",
    "<a@x.de>",
    "Müller, Jürgen <j@x.de>",  # unquoted comma: both split it the same (broken) way
    " a@x.de ,  b@y.de ",
]
TRICKY = [
    '"Müller, Jürgen" <j@x.de>',
    "j@x.de (Jürgen Müller)",
    "undisclosed-recipients:;",
    "Team: a@x.de, b@y.de;",
    '"a\\"b" <a@x.de>',
    "Anna <a@x.de> <b@y.de>",
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
