"""Built-in report ``reciprocity``: who gives, who takes, whom the owner owes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from ..hookspecs import hookimpl
from ..kinds import COUNTED_KINDS
from ..report_support import count_summary
from ..reports import Report, ReportOptions, Table

if TYPE_CHECKING:
    from ..store.db import Store


class ReciprocityReport(Report):
    name: ClassVar[str] = "reciprocity"
    description: ClassVar[str] = "Per person: what they gave you and what you gave them; balance and style"

    def build(self, store: Store, options: ReportOptions) -> dict[str, Any]:
        from ..reciprocity import compute, network, style
        from ..report_support import event_weigher, header, owner_id
        from ..rules import Rules
        from ..store.events import iter_events
        from ..store.people import canonical_map, load_people

        rules = options.rules or Rules()
        canon = canonical_map(store.conn)
        me = owner_id(store.conn, canon)
        data: dict[str, Any] = {
            **header(options),
            "me": None,
            "people": [],
            "network": {"people": 0, "reciprocated_share": 0.0},
        }
        if me is None:
            return data
        counterparts = compute(iter_events(store.conn, canon), me, rules, event_weigher(), options.since, options.until)
        views = load_people(store.conn, set(counterparts) | {me})
        data["me"] = {"id": me, "name": views[me].name if me in views else "me"}
        rows: list[dict[str, Any]] = []
        for person_id, person in counterparts.items():
            view = views.get(person_id)
            if view is None:
                continue
            rows.append(
                {
                    "person": view.reference(),
                    **person.totals(),
                    "style": style(person, rules),
                    "last_interaction": person.last_interaction.isoformat() if person.last_interaction else None,
                }
            )
        rows.sort(key=lambda r: (-r["balance"], -(r["to_me_score"] + r["from_me_score"]), r["person"]["name"]))
        data["people"] = rows
        data["network"] = network(counterparts.values())
        return data

    def table(self, data: dict[str, Any]) -> Table:
        columns = ["name", "gave me", "I gave", "to_me_score", "from_me_score", "balance", "style", "last"]
        rows = []
        for row in data["people"]:
            rows.append(
                [
                    row["person"]["name"],
                    count_summary(row["to_me"]),
                    count_summary(row["from_me"]),
                    row["to_me_score"],
                    row["from_me_score"],
                    row["balance"],
                    row["style"],
                    (row["last_interaction"] or "")[:10],
                ]
            )
        me = data.get("me") or {}
        title = f"Reciprocity for {me.get('name', 'me')}: {data['network']['people']} people, " + (
            f"{data['network']['reciprocated_share']:.0%} of ties reciprocated"
        )
        return Table(columns=columns, rows=rows, title=title)

    def flat(self, data: dict[str, Any]) -> Table:
        """One column per count, for CSV."""
        columns = ["id", "name", "emails", "linkedin", "xing"]
        columns += [f"to_me_{k}" for k in COUNTED_KINDS] + [f"from_me_{k}" for k in COUNTED_KINDS]
        columns += ["to_me_score", "from_me_score", "balance", "style", "last_interaction"]
        rows = []
        for row in data["people"]:
            person = row["person"]
            rows.append(
                [
                    person["id"],
                    person["name"],
                    " ".join(person["emails"]),
                    person["profiles"]["linkedin"] or "",
                    person["profiles"]["xing"] or "",
                ]
                + [row["to_me"][k] for k in COUNTED_KINDS]
                + [row["from_me"][k] for k in COUNTED_KINDS]
                + [
                    row["to_me_score"],
                    row["from_me_score"],
                    row["balance"],
                    row["style"],
                    row["last_interaction"] or "",
                ]
            )
        return Table(columns=columns, rows=rows)


@hookimpl(trylast=True)
def register_reports(register: Callable[[Report], None]) -> None:
    register(ReciprocityReport())
