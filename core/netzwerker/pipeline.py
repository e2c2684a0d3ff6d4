"""The import pipeline: detect, read, write — one transaction per import run.

Whatever goes wrong inside a run (a FormatError, a bug in a plugin, Ctrl-C)
rolls the whole run back, so the store is exactly as it was before it.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .errors import FormatError, NetzwerkerError
from .importers import ImportContext, Importer, Owner
from .plugins import Registry
from .records import InteractionRecord, IntroductionRecord, PersonRecord, ReferralRecord
from .store.db import Store
from .store.identity import Identity, now
from .store.resolution import resolve_run
from .store.writer import RecordWriter

RECORD_TYPES = (PersonRecord, InteractionRecord, ReferralRecord, IntroductionRecord)


@dataclass
class ImportSummary:
    path: str
    source: str
    records: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped_by_reason: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "source": self.source,
            "records": self.records,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "warnings": list(self.warnings),
        }


def choose_importer(target: str, importers: Registry[Importer], source: str | None = None) -> Importer:
    """The importer named by ``source``, or the one most confident it can read ``target``."""
    if source is not None:
        importer = importers.get(source)
        if importer is None:
            raise NetzwerkerError(
                f"unknown source {source!r}; installed: {', '.join(importers.names()) or 'none'} "
                "(see netzwerker import --list-sources)"
            )
        return importer
    if not os.path.exists(target) and not _looks_like_source_name(target, importers):
        raise NetzwerkerError(f"{target}: no such file or folder")
    best: tuple[float, str] | None = None
    for importer in importers.items():
        try:
            score = float(importer.detect(target))
        except Exception:  # a plugin's detect() must not break detection for the others
            score = 0.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, importer.name)
    if best is None:
        raise NetzwerkerError(
            f"{target}: no installed importer recognises this; name one with --source "
            f"({', '.join(importers.names()) or 'none installed'})"
        )
    return importers[best[1]]


def _looks_like_source_name(target: str, importers: Registry[Importer]) -> bool:
    # network sources take targets such as "linkedin-api" or "imaps://host/INBOX"
    return "://" in target or any(importer.detect(target) > 0 for importer in importers.items())


def load_owner(store: Store) -> Owner:
    rows = store.conn.execute(
        "SELECT h.kind, h.value FROM handles h JOIN person_canonical c ON c.id = h.person_id "
        "JOIN persons p ON p.id = c.canonical_id WHERE p.is_me = 1"
    ).fetchall()
    by_kind: dict[str, set[str]] = {"email": set(), "linkedin": set(), "xing": set(), "name": set()}
    for kind, value in rows:
        by_kind.setdefault(kind, set()).add(value)
    return Owner(
        emails=frozenset(by_kind["email"]),
        linkedin=frozenset(by_kind["linkedin"]),
        xing=frozenset(by_kind["xing"]),
        names=frozenset(by_kind["name"]),
    )


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while records stream through.

    An import allocates millions of short-lived objects that the reference
    counts free; with the default thresholds the collector keeps re-scanning
    the caches that grow meanwhile (about a tenth of a large mbox import).
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run_import(
    store: Store,
    target: str,
    importer: Importer,
    *,
    options: dict[str, Any] | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> ImportSummary:
    """Import one target in one transaction; raises on failure after rolling back."""
    summary = ImportSummary(path=target, source=importer.name)
    namespace = importer.record_namespace
    with _fewer_collections(), store.transaction() as conn:
        state = {
            r[0]: r[1] for r in conn.execute("SELECT key, value FROM source_state WHERE namespace = ?", (namespace,))
        }
        context = ImportContext(
            owner=load_owner(store), state=dict(state), options=dict(options or {}), on_progress=on_progress
        )
        run_id = conn.execute(
            "INSERT INTO import_runs (source, target, started_at) VALUES (?, ?, ?)", (importer.name, target, now())
        ).lastrowid
        assert run_id is not None
        identity = Identity(conn, run_id=run_id, source=importer.name)
        writer = RecordWriter(conn, identity, run_id, importer.name, namespace)
        try:
            for record in importer.read(target, context):
                if not isinstance(record, RECORD_TYPES):
                    raise NetzwerkerError(
                        f"importer {importer.name} yielded {type(record).__name__}, not a netzwerker record"
                    )
                summary.records += 1
                outcome = writer.write(record)
                if outcome != "skipped":  # skipped ones are counted by the writer
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
        except (NetzwerkerError, KeyboardInterrupt):
            raise
        except ValidationError as exc:
            first = exc.errors()[0] if exc.errors() else {"msg": str(exc), "loc": ()}
            where = ".".join(str(p) for p in first.get("loc", ()))
            raise NetzwerkerError(
                f"{target}: importer {importer.name} produced an invalid record ({where}: {first['msg']})"
            ) from exc
        except (OSError, UnicodeError, ValueError, LookupError, EOFError) as exc:
            raise FormatError(f"cannot be read by {importer.name} ({type(exc).__name__}: {exc})", target) from exc
        except Exception as exc:
            raise NetzwerkerError(
                f"{target}: importer {importer.name} failed ({type(exc).__name__}: {exc}); "
                "nothing was imported; set NETZWERKER_DEBUG=1 for details"
            ) from exc
        summary.skipped = context.skipped + writer.forgotten
        summary.warnings = list(context.warnings)
        summary.skipped_by_reason = dict(context.skipped_by_reason)
        if writer.forgotten:
            reason = "forgotten person"
            summary.skipped_by_reason[reason] = summary.skipped_by_reason.get(reason, 0) + writer.forgotten
        if summary.records == 0 and not importer.allow_empty:
            if summary.skipped and summary.warnings:
                raise FormatError(
                    f"nothing valid in it ({summary.skipped} skipped; first: {summary.warnings[0]})", target
                )
            if not summary.skipped:
                raise FormatError(f"no records found for {importer.name}", target)
        writer.flush()
        resolve_run(conn, run_id)  # identity resolution over the run's new people, same transaction
        if context.state != state:
            conn.execute("DELETE FROM source_state WHERE namespace = ?", (namespace,))
            conn.executemany(
                "INSERT INTO source_state (namespace, key, value) VALUES (?, ?, ?)",
                [(namespace, k, str(v)) for k, v in context.state.items()],
            )
        conn.execute(
            "UPDATE import_runs SET finished_at = ?, records = ?, new = ?, changed = ?, unchanged = ?, skipped = ?,"
            " warnings = ? WHERE id = ?",
            (
                now(),
                summary.records,
                summary.new,
                summary.changed,
                summary.unchanged,
                summary.skipped,
                json.dumps(summary.warnings[:200], ensure_ascii=False),
                run_id,
            ),
        )
    return summary
