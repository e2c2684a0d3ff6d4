"""Parsing ledger CSV rows into referral and introduction records."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from ..errors import FormatError
from ..importers import ImportContext
from ..normalize import name_key
from ..records import REFERRAL_STATUSES, AnyRecord, IntroductionRecord, PersonRef, ReferralRecord
from ..textfiles import CsvFile, CsvRow, header_key
from .ledger_csv import COLUMN_ALIASES, REQUIRED

KIND_ALIASES = {
    "referral": "referral",
    "empfehlung": "referral",
    "ref": "referral",
    "introduction": "introduction",
    "intro": "introduction",
    "vorstellung": "introduction",
    "kontakt": "introduction",
}
STATUS_ALIASES = {
    "": "open",
    "offen": "open",
    "kontaktiert": "contacted",
    "gewonnen": "won",
    "verloren": "lost",
    "abgelehnt": "declined",
}
CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "chf": "CHF", "fr.": "CHF"}


def read_ledger(target: str, context: ImportContext) -> Iterator[AnyRecord]:
    path = Path(target)
    name = str(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed in finally
    except OSError as exc:
        raise FormatError(f"cannot open ({exc.strerror})", name) from exc
    try:
        csv_file = CsvFile(stream, name, is_header=_is_header)
        columns = _column_map(csv_file.header)
        seen: Counter[str] = Counter()
        for row in csv_file:
            record = _record(row, columns, name, context, seen)
            if record is not None:
                yield record
    finally:
        stream.close()


def _is_header(keys: list[str]) -> bool:
    present = set(keys)
    return all(present & set(COLUMN_ALIASES[column]) for column in REQUIRED)


def _column_map(header: list[str]) -> dict[str, str]:
    columns = {}
    for column, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if header_key(alias) in header:
                columns[column] = header_key(alias)
                break
    return columns


def _record(
    row: CsvRow, columns: dict[str, str], name: str, context: ImportContext, seen: Counter[str]
) -> AnyRecord | None:
    def cell(column: str) -> str:
        key = columns.get(column)
        return (row.values.get(key) or "").strip() if key else ""

    kind = KIND_ALIASES.get(cell("kind").casefold())
    if kind is None:
        context.skip(f"unknown kind {cell('kind')!r} (use referral or introduction)", name, row.line)
        return None
    try:
        date = parse_date(cell("date"))
        giver = _person(cell("giver"), "giver")
        receiver = _person(cell("receiver"), "receiver")
        other = PersonRef.parse(cell("other")) if cell("other") else None
        # the key leaves out status, value and note: changing those in the
        # spreadsheet updates the same referral instead of adding one
        identity = "|".join(
            [kind, date.isoformat() if date else "", _key(cell("giver")), _key(cell("receiver")), _key(cell("other"))]
        )
        seen[identity] += 1
        key = f"{identity}#{seen[identity]}"
        if kind == "introduction":
            if other is None:
                raise ValueError("an introduction needs the second person in 'other'")
            return IntroductionRecord(
                key=key,
                file=name,
                line=row.line,
                introducer=giver,
                between=(receiver, other),
                date=date,
                note=cell("note") or None,
            )
        value, currency = parse_value(cell("value"), cell("currency"))
        return ReferralRecord(
            key=key,
            file=name,
            line=row.line,
            giver=giver,
            receiver=receiver,
            prospect=other,
            date=date,
            status=parse_status(cell("status")),  # type: ignore[arg-type]
            value=value,
            currency=currency,
            note=cell("note") or None,
        )
    except (ValueError, ValidationError) as exc:
        message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        context.skip(message, name, row.line)
        return None


def _person(text: str, role: str) -> PersonRef:
    if not text:
        raise ValueError(f"the {role} is empty")
    return PersonRef.parse(text)


def _key(text: str) -> str:
    return name_key(text) if text else ""


def parse_date(text: str) -> dt.date | None:
    """ISO ``2024-03-01``, German ``01.03.2024`` / ``1.3.24``, or empty."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.split(" ")[0].split("T")[0], pattern).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or TT.MM.JJJJ)")


def parse_status(text: str) -> str:
    folded = text.strip().casefold()
    status = STATUS_ALIASES.get(folded, folded)
    if status not in REFERRAL_STATUSES:
        raise ValueError(f"unknown status {text!r} (one of {', '.join(REFERRAL_STATUSES)})")
    return status


_AMOUNT = re.compile(r"^[+-]?[\d.,' ]+$")


def parse_value(text: str, currency: str = "") -> tuple[Decimal | None, str | None]:
    """``1200``, ``1.200,50``, ``1,200.50``, ``1200 EUR``, ``€ 1.200`` → amount and currency."""
    raw = text.strip()
    found_currency = currency.strip().upper() or None
    if not raw:
        return None, found_currency
    for sign, code in CURRENCY_SIGNS.items():
        if sign in raw.casefold():
            raw = re.sub(re.escape(sign), "", raw, flags=re.IGNORECASE)
            found_currency = found_currency or code
    match = re.search(r"\b([A-Za-z]{3})\b", raw)
    if match:
        found_currency = found_currency or match.group(1).upper()
        raw = raw.replace(match.group(0), "")
    raw = raw.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    if not raw or not _AMOUNT.match(raw):
        raise ValueError(f"not an amount: {text!r}")
    if "," in raw and "." in raw:
        decimal_sep = "," if raw.rfind(",") > raw.rfind(".") else "."
    elif "," in raw or "." in raw:
        sep = "," if "," in raw else "."
        # one separator followed by exactly three digits groups thousands (1.200, 1,200)
        groups_thousands = raw.count(sep) > 1 or len(raw) - raw.rfind(sep) - 1 == 3
        decimal_sep = "" if groups_thousands else sep
    else:
        decimal_sep = ""
    thousands = {",", "."} - {decimal_sep}
    for sep in thousands:
        raw = raw.replace(sep, "")
    if decimal_sep:
        raw = raw.replace(decimal_sep, ".")
    try:
        return Decimal(raw), found_currency
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {text!r}") from exc
