"""Built-in report ``reconnect``: strong ties that went dormant, worth picking up again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from ..hookspecs import hookimpl
from ..kinds import COUNTED_KINDS
from ..reports import Report, ReportOptions, Table

if TYPE_CHECKING:
    from ..store.db import Store


class ReconnectReport(Report):
    """Dormant strong ties, best reconnection first (rules: ``netzwerker.ties``).

    ``--until`` is "today" (reproducible output); without it, today's UTC
    date. ``--format json`` prints::

        {
          "generated_at": "ISO-8601", "since": "YYYY-MM-DD|null", "until": "YYYY-MM-DD|null",
          "today": "YYYY-MM-DD",
          "me": {"id": str, "name": str} | null,
          "rules": {"strong_tie_min_events": int, "dormant_gap_factor": float,
                    "dormant_min_days": int, "dormant_after_days": int},
          "people": [
            {
              "person": {"id", "name", "emails", "profiles": {"linkedin", "xing"}},
              "first_interaction": "ISO-8601", "last_interaction": "ISO-8601",
              "silent_days": int,                    # today - last contact day
              "contact_days": int,                   # distinct days with any contact
              "median_gap_days": float | null,       # median gap between contact days
              "dormant_by": ["median_gap" | "years"],
              "to_me": {kind: int}, "from_me": {kind: int},
              "engagement": float, "novelty": float, "score": float
            }
          ],
          "network": {"strong_ties": int, "dormant": int}
        }
    """

    name: ClassVar[str] = "reconnect"
    description: ClassVar[str] = "Dormant strong ties worth reconnecting, ranked by engagement and novelty"

    def build(self, store: Store, options: ReportOptions) -> dict[str, Any]:
        import datetime as dt

        from ..report_support import event_weigher, header, owner_id
        from ..rules import Rules
        from ..store.events import iter_events
        from ..store.people import canonical_map, load_people
        from ..ties import collect, dormancy

        rules = options.rules or Rules()
        today = options.until or dt.datetime.now(dt.UTC).date()
        canon = canonical_map(store.conn)
        data: dict[str, Any] = header(options) | {
            "today": today.isoformat(),
            "me": None,
            "rules": {
                "strong_tie_min_events": rules.strong_tie_min_events,
                "dormant_gap_factor": rules.dormant_gap_factor,
                "dormant_min_days": rules.dormant_min_days,
                "dormant_after_days": rules.dormant_after_days,
            },
            "people": [],
            "network": {"strong_ties": 0, "dormant": 0},
        }
        me = owner_id(store.conn, canon)
        if me is None:
            return data
        ties = collect(iter_events(store.conn, canon), me, event_weigher(), rules, options.since, options.until)
        strong = [tie for tie in ties.values() if tie.strong(rules)]
        dormant = [(tie, found) for tie in strong if (found := dormancy(tie, today, rules)) is not None]
        views = load_people(store.conn, {tie.person_id for tie, _ in dormant} | {me})
        data["me"] = {"id": me, "name": views[me].name if me in views else "me"}
        rows: list[dict[str, Any]] = []
        for tie, found in dormant:
            view = views.get(tie.person_id)
            if view is None or tie.first is None or tie.last is None:
                continue
            engagement, novelty = tie.engagement(rules), tie.novelty()
            rows.append(
                {
                    "person": view.reference(),
                    "first_interaction": tie.first.isoformat(),
                    "last_interaction": tie.last.isoformat(),
                    "silent_days": found.silent_days,
                    "contact_days": len(tie.days),
                    "median_gap_days": found.median_gap_days,
                    "dormant_by": found.reasons,
                    "to_me": dict(tie.to_me),
                    "from_me": dict(tie.from_me),
                    "engagement": round(engagement, 4),
                    "novelty": round(novelty, 4),
                    "score": round(engagement * novelty, 4),
                }
            )
        rows.sort(key=lambda r: (-r["score"], -r["engagement"], r["person"]["name"], r["person"]["id"]))
        data["people"] = rows
        data["network"] = {"strong_ties": len(strong), "dormant": len(rows)}
        return data

    def table(self, data: dict[str, Any]) -> Table:
        from ..report_support import count_summary

        columns = ["name", "last contact", "silent", "usual gap", "why", "gave me", "I gave", "score"]
        rows = []
        for row in data["people"]:
            gap = row["median_gap_days"]
            rows.append(
                [
                    row["person"]["name"],
                    row["last_interaction"][:10],
                    _duration(row["silent_days"]),
                    _duration(round(gap)) if gap is not None else "",
                    ", ".join(_REASONS[r] for r in row["dormant_by"]),
                    count_summary(row["to_me"]),
                    count_summary(row["from_me"]),
                    row["score"],
                ]
            )
        network = data["network"]
        title = f"Reconnect as of {data['today']}: {network['dormant']} of {network['strong_ties']} strong ties dormant"
        return Table(columns=columns, rows=rows, title=title)

    def flat(self, data: dict[str, Any]) -> Table:
        """One column per count, for CSV."""
        columns = ["id", "name", "emails", "linkedin", "xing", "first_interaction", "last_interaction"]
        columns += ["silent_days", "contact_days", "median_gap_days", "dormant_by"]
        columns += [f"to_me_{k}" for k in COUNTED_KINDS] + [f"from_me_{k}" for k in COUNTED_KINDS]
        columns += ["engagement", "novelty", "score"]
        rows = []
        for row in data["people"]:
            person = row["person"]
            rows.append(
                [person["id"], person["name"], " ".join(person["emails"])]
                + [person["profiles"]["linkedin"] or "", person["profiles"]["xing"] or ""]
                + [row["first_interaction"], row["last_interaction"], row["silent_days"], row["contact_days"]]
                + [row["median_gap_days"], " ".join(row["dormant_by"])]
                + [row["to_me"][k] for k in COUNTED_KINDS]
                + [row["from_me"][k] for k in COUNTED_KINDS]
                + [row["engagement"], row["novelty"], row["score"]]
            )
        return Table(columns=columns, rows=rows)


_REASONS = {"median_gap": "far past usual gap", "years": "3+ years"}


def _duration(days: int) -> str:
    if days >= 730:
        return f"{days // 36.5 / 10:.1f} y"  # rounded down: 2.97 years is not "3.0 y"
    if days >= 60:
        return f"{days // 30} mo"
    return f"{days} d"


@hookimpl(trylast=True)
def register_reports(register: Callable[[Report], None]) -> None:
    register(ReconnectReport())
