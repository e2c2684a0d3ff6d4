"""Who owns the export: LinkedIn never writes the owner's profile URL into a profile file.

Evidence, strongest first: handles the user declared (``netzwerker me add``),
Invitations (the owner is ``From`` on OUTGOING rows and ``To`` on INCOMING
ones), the Profile name matched against message senders, and finally the one
party present in (nearly) every message — the owner takes part in every
conversation of their own inbox. Counting is bounded: counters hold one entry
per distinct handle, and the message scan stops once the answer is clear.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from netzwerker.importers import Owner
from netzwerker.normalize import name_key
from netzwerker.textfiles import CsvRow

from .handles import display_url, profile_key
from .tables import cell

#: Enough messages to tell the owner apart; the scan stops here at the latest.
MAX_SCANNED_MESSAGES = 20_000
_CONFIDENT_AFTER = 200


@dataclass(frozen=True)
class OwnerIdentity:
    """The owner's handles as this import knows them."""

    profile_keys: frozenset[str] = frozenset()
    name_keys: frozenset[str] = frozenset()
    url: str | None = None
    name: str | None = None

    @property
    def known(self) -> bool:
        return bool(self.profile_keys or self.name_keys)

    def is_me(self, url: str = "", name: str = "") -> bool:
        key = profile_key(url) if url else None
        if key is not None and self.profile_keys:
            return key in self.profile_keys
        return bool(name) and name_key(name) in self.name_keys


@dataclass
class OwnerFinder:
    declared: Owner = field(default_factory=Owner)
    profile_name: str = ""
    _sure_urls: Counter[str] = field(default_factory=Counter)
    _sure_names: Counter[str] = field(default_factory=Counter)
    _url_display: dict[str, str] = field(default_factory=dict)
    _name_display: dict[str, str] = field(default_factory=dict)
    _present_urls: Counter[str] = field(default_factory=Counter)
    _present_names: Counter[str] = field(default_factory=Counter)
    _named_sender_urls: Counter[str] = field(default_factory=Counter)
    messages_seen: int = 0
    _messages_with_urls: int = 0

    def see_profile(self, first: str, last: str) -> None:
        self.profile_name = " ".join(p for p in (first.strip(), last.strip()) if p)

    def see_invitation(self, row: CsvRow) -> None:
        direction = cell(row, "direction").upper()
        if direction == "OUTGOING":
            self._sure(cell(row, "inviterProfileUrl"), cell(row, "from"))
        elif direction == "INCOMING":
            self._sure(cell(row, "inviteeProfileUrl"), cell(row, "to"))

    def _sure(self, url: str, name: str) -> None:
        key = profile_key(url)
        if key is not None:
            self._sure_urls[key] += 1
            self._url_display.setdefault(key, display_url(url) or key)
        if name and name_key(name):
            self._sure_names[name_key(name)] += 1
            self._name_display.setdefault(name_key(name), name)

    def see_message(self, row: CsvRow) -> None:
        """Count who takes part in one message (sender and recipients, once each)."""
        self.messages_seen += 1
        sender_url, sender = cell(row, "sender profile url"), cell(row, "from")
        urls = {profile_key(sender_url)} | {profile_key(u) for u in cell(row, "recipient profile urls").split(",")}
        urls.discard(None)
        if urls:
            self._messages_with_urls += 1
        for key in urls:
            assert key is not None
            self._present_urls[key] += 1
        sender_key = profile_key(sender_url)
        if sender_key:
            self._url_display.setdefault(sender_key, display_url(sender_url) or sender_key)
        if sender_key and self.profile_name and name_key(sender) == name_key(self.profile_name):
            self._named_sender_urls[sender_key] += 1
        names = {name_key(sender)}
        to = cell(row, "to")
        if to and "," not in to:
            names.add(name_key(to))
        names.discard("")
        for key in names:
            self._present_names[key] += 1
        self._name_display.setdefault(name_key(sender), sender)

    def needs_messages(self) -> bool:
        """Whether scanning (more) messages can still add evidence."""
        if self.messages_seen >= MAX_SCANNED_MESSAGES:
            return False
        if self.declared.linkedin or self._sure_urls or self._named_sender_urls:
            return False
        if self.messages_seen < _CONFIDENT_AFTER:
            return True
        return _dominant(self._present_urls, self._messages_with_urls) is None

    def result(self) -> OwnerIdentity:
        keys = set(self.declared.linkedin) | set(self._sure_urls) | set(self._named_sender_urls)
        if not keys:
            top = _dominant(self._present_urls, self._messages_with_urls)
            if top is not None:
                keys.add(top)
        names = {name_key(n) for n in self.declared.names} | set(self._sure_names)
        if self.profile_name:
            names.add(name_key(self.profile_name))
        if not names:
            top_name = _dominant(self._present_names, self.messages_seen)
            if top_name is not None:
                names.add(top_name)
        names.discard("")
        url = None
        for key in sorted(keys, key=lambda k: (-self._sure_urls[k] - self._present_urls[k], k)):
            if key in self._url_display:
                url = self._url_display[key]
                break
        displayed = (self._name_display[k] for k in sorted(names) if k in self._name_display)
        name = self.profile_name or next(displayed, None)
        return OwnerIdentity(frozenset(keys), frozenset(names), url, name or None)


def _dominant(counts: Counter[str], total: int) -> str | None:
    """The handle present in (nearly) every message and more often than any other, else ``None``."""
    if total == 0 or not counts:
        return None
    (top, first), *rest = counts.most_common(2)
    second = rest[0][1] if rest else 0
    if first >= 2 and first * 5 >= total * 4 and first > second:
        return top
    return None
