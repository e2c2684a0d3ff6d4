"""Interaction kinds and referral statuses: plain constants, cheap to import."""

from __future__ import annotations

#: What reciprocity counts, in report order (see CLI.md).
COUNTED_KINDS: tuple[str, ...] = (
    "referral",
    "introduction",
    "recommendation",
    "endorsement",
    "invitation",
    "message",
)
#: Every interaction kind a record may carry.
ALL_KINDS: tuple[str, ...] = (
    "message",
    "meeting",
    "call",
    "connection",
    "invitation",
    "endorsement",
    "recommendation",
    "introduction",
    "referral",
    "thanks",
)
REFERRAL_STATUSES: tuple[str, ...] = ("open", "contacted", "won", "lost", "declined")
