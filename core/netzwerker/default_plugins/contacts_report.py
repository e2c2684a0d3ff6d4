"""Built-in report ``contacts``: per-contact message metrics and tie strength."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from ..hookspecs import hookimpl
from ..reports import Report, ReportOptions, Table

if TYPE_CHECKING:
    import datetime as dt

    from ..contacts import ContactMetrics, Side
    from ..store.db import Store


class ContactsReport(Report):
    """Every counterpart the owner exchanged messages with (rules: ``netzwerker.contacts``).

    Messages of all channels count (email, LinkedIn, XING), once per message
    per recipient in To/Cc. ``--until`` is "today" for recency (without it,
    today's UTC date). Sorted by strength, strongest first. ``--format json``::

        {
          "generated_at": "ISO-8601", "since": "YYYY-MM-DD|null", "until": "YYYY-MM-DD|null",
          "today": "YYYY-MM-DD",
          "me": {"id": str, "name": str} | null,
          "rules": {"reply_window_days": float, "tie_recency_half_life_days": float,
                    "tie_full_frequency_messages": int, "tie_strength_weights": {str: float},
                    "tie_strong_min": float, "tie_medium_min": float, "tie_one_way_cap": float},
          "people": [
            {
              "person": {"id", "name", "emails", "profiles": {"linkedin", "xing"}},
              "to_me": int, "from_me": int,          # messages they sent me / I sent them
              "threads": int,
              "channels": {channel: {"to_me": int, "from_me": int, "threads": int}},
              "last_contact": "ISO-8601" | null,
              "silent_days": int | null,             # today - day of last contact
              "initiated": {"by_me": int, "by_them": int, "me_share": float | null},
              "they_replied": {"replied": int, "rate": float | null, "median_hours": float | null},
              "i_replied": {"replied": int, "rate": float | null, "median_hours": float | null},
              "strength": {"score": float, "label": "strong" | "medium" | "weak" | "one-way",
                           "recency": float, "frequency": float, "reciprocity": float,
                           "reply_rate": float}
            }
          ],
          "network": {"people": int, "strong": int, "medium": int, "weak": int, "one-way": int}
        }

    ``they_replied`` is about my messages to them (how many they answered, how
    fast), ``i_replied`` about theirs to me; a rate is ``null`` when that side
    sent nothing.
    """

    name: ClassVar[str] = "contacts"
    description: ClassVar[str] = "Per contact: messages each way, threads, who initiates, reply rates, tie strength"

    def build(self, store: Store, options: ReportOptions) -> dict[str, Any]:
        import datetime as dt

        from ..contacts import load_messages, measure, strength
        from ..report_support import header, owner_id
        from ..rules import Rules
        from ..store.people import canonical_map, load_people

        rules = options.rules or Rules()
        today = options.until or dt.datetime.now(dt.UTC).date()
        canon = canonical_map(store.conn)
        labels = ("strong", "medium", "weak", "one-way")
        data: dict[str, Any] = header(options) | {
            "today": today.isoformat(),
            "me": None,
            "rules": {
                "reply_window_days": rules.reply_window_days,
                "tie_recency_half_life_days": rules.tie_recency_half_life_days,
                "tie_full_frequency_messages": rules.tie_full_frequency_messages,
                "tie_strength_weights": dict(rules.tie_strength_weights),
                "tie_strong_min": rules.tie_strong_min,
                "tie_medium_min": rules.tie_medium_min,
                "tie_one_way_cap": rules.tie_one_way_cap,
            },
            "people": [],
            "network": {"people": 0} | dict.fromkeys(labels, 0),
        }
        me = owner_id(store.conn, canon)
        if me is None:
            return data
        pairs = load_messages(store.conn, canon, me, options.since, options.until)
        views = load_people(store.conn, set(pairs) | {me})
        data["me"] = {"id": me, "name": views[me].name if me in views else "me"}
        rows: list[dict[str, Any]] = []
        for person_id, messages in pairs.items():
            view = views.get(person_id)
            if view is None:
                continue
            metrics = measure(person_id, messages, rules)
            tie = strength(metrics, today, rules)
            rows.append(
                {"person": view.reference()}
                | _counts(metrics, today)
                | {
                    "strength": {
                        "score": tie.score,
                        "label": tie.label,
                        "recency": tie.recency,
                        "frequency": tie.frequency,
                        "reciprocity": tie.reciprocity,
                        "reply_rate": tie.reply_rate,
                    }
                }
            )
        rows.sort(
            key=lambda r: (
                -r["strength"]["score"],
                -(r["to_me"] + r["from_me"]),
                r["person"]["name"],
                r["person"]["id"],
            )
        )
        data["people"] = rows
        network = data["network"]
        network["people"] = len(rows)
        for row in rows:
            network[row["strength"]["label"]] += 1
        return data

    def table(self, data: dict[str, Any]) -> Table:
        columns = ["name", "to me", "from me", "threads", "I started", "they reply", "I reply", "last", "strength"]
        rows = []
        for row in data["people"]:
            share = row["initiated"]["me_share"]
            rows.append(
                [
                    row["person"]["name"],
                    row["to_me"],
                    row["from_me"],
                    row["threads"],
                    f"{share:.0%}" if share is not None else "",
                    _reply_cell(row["they_replied"]),
                    _reply_cell(row["i_replied"]),
                    (row["last_contact"] or "")[:10],
                    f"{row['strength']['score']:.2f} {row['strength']['label']}",
                ]
            )
        network = data["network"]
        title = (
            f"Contacts as of {data['today']}: {network['people']} people, {network['strong']} strong, "
            f"{network['medium']} medium, {network['weak']} weak, {network['one-way']} one-way"
        )
        return Table(columns=columns, rows=rows, title=title)

    def flat(self, data: dict[str, Any]) -> Table:
        """One column per figure, for CSV (channels as ``email:to/from/threads`` pairs)."""
        columns = ["id", "name", "emails", "linkedin", "xing", "to_me", "from_me", "threads", "channels"]
        columns += ["last_contact", "silent_days", "initiated_by_me", "initiated_by_them", "initiated_me_share"]
        columns += ["they_replied", "they_reply_rate", "they_median_hours"]
        columns += ["i_replied", "i_reply_rate", "i_median_hours"]
        columns += ["score", "label", "recency", "frequency", "reciprocity", "reply_rate"]
        rows = []
        for row in data["people"]:
            person, started, tie = row["person"], row["initiated"], row["strength"]
            channels = " ".join(
                f"{name}:{c['to_me']}/{c['from_me']}/{c['threads']}" for name, c in sorted(row["channels"].items())
            )
            rows.append(
                [person["id"], person["name"], " ".join(person["emails"])]
                + [person["profiles"]["linkedin"] or "", person["profiles"]["xing"] or ""]
                + [row["to_me"], row["from_me"], row["threads"], channels]
                + [row["last_contact"] or "", row["silent_days"], started["by_me"], started["by_them"]]
                + [started["me_share"]]
                + [row["they_replied"][k] for k in ("replied", "rate", "median_hours")]
                + [row["i_replied"][k] for k in ("replied", "rate", "median_hours")]
                + [tie[k] for k in ("score", "label", "recency", "frequency", "reciprocity", "reply_rate")]
            )
        return Table(columns=columns, rows=rows)


def _counts(metrics: ContactMetrics, today: dt.date) -> dict[str, Any]:
    threads = metrics.initiated_by_me + metrics.initiated_by_them
    last = metrics.last
    return {
        "to_me": metrics.to_me,
        "from_me": metrics.from_me,
        "threads": metrics.threads,
        "channels": {name: dict(counts) for name, counts in sorted(metrics.channels.items())},
        "last_contact": last.isoformat() if last else None,
        "silent_days": metrics.silent_days(today),
        "initiated": {
            "by_me": metrics.initiated_by_me,
            "by_them": metrics.initiated_by_them,
            "me_share": round(metrics.initiated_by_me / threads, 4) if threads else None,
        },
        "they_replied": _side(metrics.they_replied, metrics.from_me),
        "i_replied": _side(metrics.i_replied, metrics.to_me),
    }


def _side(side: Side, sent: int) -> dict[str, Any]:
    return {"replied": side.replied, "rate": side.rate(sent), "median_hours": side.median_hours()}


def _reply_cell(side: dict[str, Any]) -> str:
    if side["rate"] is None:
        return ""
    hours = side["median_hours"]
    delay = "" if hours is None else (f" in {hours:.0f} h" if hours < 48 else f" in {hours / 24:.0f} d")
    return f"{side['rate']:.0%}{delay}"


@hookimpl(trylast=True)
def register_reports(register: Callable[[Report], None]) -> None:
    register(ContactsReport())
