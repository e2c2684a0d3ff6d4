"""The ground truth: what ``netzwerker report reciprocity`` must say about the demo network.

Counts follow CLI.md "Reports" to the letter: every event is directed from its
giver to each person it was given to, and only events between the owner and a
counterpart count. Automated mail, list mail and drafts are no events.

Each human also gets an ``identity`` list: which kinds of identity resolution
joining their appearances needs. ``[]`` means their appearances share email
addresses or profile URLs; otherwise the reasons are named
(``xing-display-name``, ``linkedin-recommendation-name``, ``ledger-by-name``
for appearances that carry a name only; ``cross-source-by-name`` when the
appearances fall into groups that share no handle).
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import unquote

from .model import EXPORT_DAY, ME, Human, Network

KINDS = ("referral", "introduction", "recommendation", "endorsement", "invitation", "message")
NAME_ONLY_REASONS = {
    "xing": "xing-display-name",
    "linkedin-recommendation": "linkedin-recommendation-name",
    "ledger": "ledger-by-name",
}


class _Tally:
    def __init__(self, net: Network) -> None:
        self.net = net
        self.to_me: dict[str, Counter[str]] = {h.id: Counter() for h in net.humans}
        self.from_me: dict[str, Counter[str]] = {h.id: Counter() for h in net.humans}
        self.channels: dict[str, dict[str, Counter[str]]] = {}

    def give(self, actor: str, target: str, kind: str, channel: str) -> None:
        """``actor`` gave ``target`` one ``kind``; only owner <-> counterpart events count."""
        if actor == ME and target != ME:
            self.from_me[target][kind] += 1
            direction = "from_me"
        elif target == ME and actor != ME:
            self.to_me[actor][kind] += 1
            direction = "to_me"
        else:
            return
        per_channel = self.channels.setdefault(channel, {"to_me": Counter(), "from_me": Counter()})
        per_channel[direction][kind] += 1


def count_events(net: Network) -> _Tally:
    tally = _Tally(net)
    for message in net.linkedin_messages:
        if not message.draft:
            for recipient in message.recipients:
                tally.give(message.sender, recipient, "message", "linkedin")
    for invitation in net.invitations:
        tally.give(invitation.inviter, invitation.invitee, "invitation", "linkedin")
    for endorsement in net.endorsements:
        tally.give(endorsement.endorser, endorsement.endorsee, "endorsement", "linkedin")
    for recommendation in net.recommendations:
        tally.give(recommendation.recommender, recommendation.recipient, "recommendation", "linkedin")
    for conversation in net.xing_conversations:
        for xing_message in conversation.messages:
            for participant in conversation.participants:
                if participant != xing_message.sender:
                    tally.give(xing_message.sender, participant, "message", "xing")
    for mail in net.mails:
        if mail.noise or mail.draft or mail.sender.who is None:
            continue
        for address in (*mail.to, *mail.cc):  # Bcc is not counted
            if address.who is not None:
                tally.give(mail.sender.who, address.who, "message", "mail")
    for row in net.ledger:
        tally.give(row.giver.who, row.receiver.who, row.kind, "ledger")
        if row.kind == "introduction" and row.other is not None:
            tally.give(row.giver.who, row.other.who, row.kind, "ledger")
    return tally


# -- identity ------------------------------------------------------------------


def _email_key(email: str) -> str:
    local, _, domain = email.strip().lower().rpartition("@")
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.split("+", 1)[0].replace(".", ""), "gmail.com"
    return f"email:{local}@{domain}"


def _profile_key(url: str) -> str:
    path = unquote(url.split("://", 1)[-1]).casefold().rstrip("/")
    return "profile:" + path.removeprefix("www.")


class _Appearances:
    """Where each human shows up, and which handles that appearance carries."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.strong: dict[str, list[frozenset[str]]] = {h.id: [] for h in net.humans}
        self.name_only: dict[str, set[str]] = {h.id: set() for h in net.humans}
        self.sources: dict[str, set[str]] = {h.id: set() for h in net.humans}

    def add(self, who: str | None, source: str, *handles: str | None) -> None:
        if who is None or who == ME:
            return
        self.sources[who].add(source.split("-")[0])
        keys = frozenset(h for h in handles if h)
        if keys:
            self.strong[who].append(keys)
        else:
            self.name_only[who].add(NAME_ONLY_REASONS[source])

    def linkedin(self, who: str) -> None:
        human = None if who == ME else self.net.human(who)
        self.add(who, "linkedin", _profile_key(human.linkedin_url) if human and human.linkedin_url else None)

    def identity(self, who: str) -> list[str]:
        reasons = set(self.name_only[who])
        groups = [set(keys) for keys in self.strong[who]]
        merged: list[set[str]] = []
        for group in groups:
            for existing in [m for m in merged if m & group]:
                group |= existing
                merged.remove(existing)
            merged.append(group)
        if len(merged) > 1:
            reasons.add("cross-source-by-name")
        return sorted(reasons)


def collect_appearances(net: Network) -> _Appearances:
    seen = _Appearances(net)
    for human in net.humans:
        if human.connected_on is not None:
            email = _email_key(human.email) if human.connection_email else None
            seen.add(human.id, "linkedin", _profile_key(human.linkedin_url or ""), email)
        if human.xing_contact:
            seen.add(human.id, "xing")
        if human.vcard:
            email = _email_key(human.email) if human.vcard_email else None
            seen.add(human.id, "xing-vcard", _profile_key(human.xing_url or ""), email)
    for message in net.linkedin_messages:
        if not message.draft:
            for who in (message.sender, *message.recipients):
                seen.linkedin(who)
    for invitation in net.invitations:
        seen.linkedin(invitation.inviter)
        seen.linkedin(invitation.invitee)
    for endorsement in net.endorsements:
        seen.linkedin(endorsement.endorser)
        seen.linkedin(endorsement.endorsee)
    for recommendation in net.recommendations:
        seen.add(recommendation.recommender, "linkedin-recommendation")
        seen.add(recommendation.recipient, "linkedin-recommendation")
    for conversation in net.xing_conversations:
        for who in conversation.participants:
            seen.add(who, "xing")
    for note in net.xing_notes:
        seen.add(note.about, "xing")
    for mail in net.mails:
        if not (mail.noise or mail.draft):
            for address in (mail.sender, *mail.to, *mail.cc):
                seen.add(address.who, "mail", _email_key(address.email))
    for row in net.ledger:
        for party in (row.giver, row.receiver, row.other):
            if party is not None:
                strong = "@" in party.written or "linkedin.com" in party.written
                key = (_email_key if "@" in party.written else _profile_key)(party.written) if strong else None
                seen.add(party.who, "ledger", key)
    return seen


# -- the document ----------------------------------------------------------------


def _handles(human: Human) -> dict[str, Any]:
    emails = [*human.emails, *([human.alt_email] if human.alt_email else [])]
    return {
        "emails": emails,
        "linkedin": human.linkedin_url,
        "xing": human.xing_url,
        "names": list(dict.fromkeys(n for n in (human.name, human.mail_name) if n)),
    }


def build_truth(net: Network, seed: int) -> dict[str, Any]:
    tally = count_events(net)
    seen = collect_appearances(net)
    humans: list[dict[str, Any]] = []
    for human in net.humans:
        to_me = {k: tally.to_me[human.id][k] for k in KINDS}
        from_me = {k: tally.from_me[human.id][k] for k in KINDS}
        connected = human.connected_on is not None or human.xing_contact
        if not (connected or any(to_me.values()) or any(from_me.values())):
            raise AssertionError(f"{human.id} {human.name} has no interaction with the owner")
        humans.append(
            {
                "id": human.id,
                "name": human.name,
                "organization": human.company,
                "role": human.role,
                "handles": _handles(human),
                "sources": sorted(seen.sources[human.id]),
                "identity": seen.identity(human.id),
                "to_me": to_me,
                "from_me": from_me,
            }
        )
    owner = net.owner
    total = {d: {k: sum(h[d][k] for h in humans) for k in KINDS} for d in ("to_me", "from_me")}
    noise = Counter(m.noise for m in net.mails if m.noise)
    return {
        "generator": {"seed": seed, "export_day": EXPORT_DAY.isoformat()},
        "me": {
            "name": owner.name,
            "emails": list(owner.emails),
            "linkedin": owner.linkedin_url,
            "xing": owner.xing_url,
        },
        "network": {"people": len(humans)},
        "totals": total,
        "by_channel": {
            channel: {d: {k: counts[d][k] for k in KINDS} for d in ("to_me", "from_me")}
            for channel, counts in sorted(tally.channels.items())
        },
        "not_counted": {
            "mail": dict(sorted(noise.items())),
            "mail_drafts": sum(1 for m in net.mails if m.draft),
            "linkedin_drafts": sum(1 for m in net.linkedin_messages if m.draft),
        },
        "humans": humans,
    }
