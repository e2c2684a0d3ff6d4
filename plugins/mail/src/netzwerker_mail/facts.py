"""What a message's header block says before anything about the run is known.

Whether it is noise (a list, a bounce, spam …), who sent it, and what tells
who the owner is: all of it depends on the header fields alone, not on the
owner's addresses, the folder, or earlier messages. So for a big mbox it runs
in the scan worker beside the splitting (:mod:`.scan_worker`), and the fields
of noise — a third of a typical mailbox — never cross the pipe. Reading the
rest (recipients, date, thread …) and everything that depends on the run stays
in :mod:`.convert`, which keeps the two processes about equally busy.
"""

from __future__ import annotations

from typing import NamedTuple

from . import noise
from .headers import Address, Headers


class MessageFacts(NamedTuple):
    has_from: bool
    has_message_id: bool
    has_date: bool
    #: noise category that holds whoever the owner is (list, bounce, spam label …)
    noise: str | None
    #: the sender looks automated (noreply, info …): noise unless it is the owner
    role_sender: bool
    sender: Address | None
    #: the first Delivered-To address: the mailbox's owner
    delivered_to: str | None
    #: Gmail's "Sent" label (or its German name)
    sent_label: bool
    #: the wanted header fields, for a message that is not noise
    fields: dict[str, list[str]] | None


def read_facts(headers: Headers) -> MessageFacts:
    fields = headers.fields
    senders = headers.addresses("from")
    sender = senders[0] if senders else None
    labels = noise.gmail_labels(headers)
    delivered = headers.addresses("delivered-to") if "delivered-to" in fields else ()
    category = noise.classify(headers, sender, labels)
    return MessageFacts(
        has_from="from" in fields,
        has_message_id="message-id" in fields,
        has_date="date" in fields,
        noise=category,
        role_sender=sender is not None and noise.is_role_address(sender.email),
        sender=sender,
        delivered_to=delivered[0].email if delivered else None,
        sent_label="sent" in labels or "gesendet" in labels,
        fields=fields if category is None else None,
    )
