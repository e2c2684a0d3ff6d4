"""netzwerker: one local store for a networker's relationships, and who gives.

The public API for plugins is what this module exports. Heavy parts (pydantic
models) load on first use, so ``netzwerker --help`` stays fast even with many
plugins installed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .hookspecs import hookimpl

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "PersonRef": "records",
    "PersonRecord": "records",
    "InteractionRecord": "records",
    "ReferralRecord": "records",
    "IntroductionRecord": "records",
    "AnyRecord": "records",
    "COUNTED_KINDS": "records",
    "REFERRAL_STATUSES": "records",
    "Importer": "importers",
    "ImportContext": "importers",
    "Owner": "importers",
    "Exporter": "exporters",
    "Report": "reports",
    "ReportOptions": "reports",
    "Table": "reports",
    "Matcher": "matching",
    "Candidate": "matching",
    "Evidence": "matching",
    "Bundle": "bundles",
    "Rules": "rules",
    "LedgerEvent": "ledger",
    "NetzwerkerError": "errors",
    "FormatError": "errors",
    "LimitExceeded": "errors",
    "HeaderNotFound": "errors",
    "PluginError": "errors",
}

__all__ = ["__version__", "hookimpl", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'netzwerker' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .bundles import Bundle
    from .errors import FormatError, HeaderNotFound, LimitExceeded, NetzwerkerError, PluginError
    from .exporters import Exporter
    from .importers import ImportContext, Importer, Owner
    from .ledger import LedgerEvent
    from .matching import Candidate, Evidence, Matcher
    from .records import (
        COUNTED_KINDS,
        REFERRAL_STATUSES,
        AnyRecord,
        InteractionRecord,
        IntroductionRecord,
        PersonRecord,
        PersonRef,
        ReferralRecord,
    )
    from .reports import Report, ReportOptions, Table
    from .rules import Rules
