"""Built-in report ``owe``: whom the owner owes, largest debt first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from ..hookspecs import hookimpl
from ..kinds import COUNTED_KINDS
from ..reports import Report, ReportOptions, Table

if TYPE_CHECKING:
    import sqlite3

    from ..ledger import LedgerEvent
    from ..store.db import Store


class OweReport(Report):
    """People who gave the owner more than the owner gave back.

    Same engine, weights, window (``--since``/``--until``), bundle rules and
    ``--half-life`` as ``report reciprocity``; a person is listed when their
    ``balance`` (``to_me_score - from_me_score``) is positive, largest first.
    ``--format json`` prints::

        {
          "generated_at": "ISO-8601", "since": "YYYY-MM-DD|null", "until": "YYYY-MM-DD|null",
          "me": {"id": str, "name": str} | null,
          "people": [
            {
              "person": {"id", "name", "emails", "profiles": {"linkedin", "xing"}},
              "to_me": {kind: int}, "from_me": {kind: int},      # the counted kinds, as in reciprocity
              "to_me_score": float, "from_me_score": float, "balance": float,
              "last_given": {"kind": str, "at": "ISO-8601|null"} | null,
              "open_referrals": [
                {"id": int, "date": "YYYY-MM-DD|null", "prospect": {"id", "name"} | null,
                 "status": str, "value": str | null, "currency": str | null}
              ]
            }
          ],
          "total": {"people": int, "balance": float}
        }

    ``last_given`` is the latest counted thing they gave the owner in the
    window. ``open_referrals`` are the referrals they passed the owner that the
    owner has not returned: every referral the owner passed them settles their
    oldest one; ``status`` is the referral's own (open, contacted, won, ...).
    """

    name: ClassVar[str] = "owe"
    description: ClassVar[str] = "Whom you owe: people who gave you more than you gave back, largest debt first"

    def build(self, store: Store, options: ReportOptions) -> dict[str, Any]:
        from ..owe import Debts
        from ..reciprocity import compute
        from ..report_support import event_weigher, header, owner_id
        from ..rules import Rules
        from ..store.events import iter_events
        from ..store.people import canonical_map, load_people

        rules = options.rules or Rules()
        canon = canonical_map(store.conn)
        data: dict[str, Any] = header(options) | {"me": None, "people": [], "total": {"people": 0, "balance": 0.0}}
        me = owner_id(store.conn, canon)
        if me is None:
            return data
        debts = Debts(me, options.since, options.until)
        events = debts.watch(iter_events(store.conn, canon))
        counterparts = compute(events, me, rules, event_weigher(), options.since, options.until)
        owed = {pid: p for pid, p in counterparts.items() if round(p.balance, 4) > 0}
        referrals = _referral_details(store.conn, [e for pid in owed for e in debts.open_referrals(pid)])
        prospects = {r["prospect_id"] for r in referrals.values() if r["prospect_id"]}
        views = load_people(store.conn, set(owed) | {me} | {canon.get(p, p) for p in prospects})
        data["me"] = {"id": me, "name": views[me].name if me in views else "me"}
        rows: list[dict[str, Any]] = []
        for person_id, person in owed.items():
            view = views.get(person_id)
            if view is None:
                continue
            last = debts.last_gift.get(person_id)
            open_referrals = []
            for event in debts.open_referrals(person_id):
                detail = referrals.get(event.source_id or "")
                if detail is None:
                    continue
                prospect = views.get(canon.get(detail["prospect_id"], "")) if detail["prospect_id"] else None
                open_referrals.append(
                    {
                        "id": detail["id"],
                        "date": detail["date"],
                        "prospect": {"id": prospect.id, "name": prospect.name} if prospect else None,
                        "status": detail["status"],
                        "value": detail["value"],
                        "currency": detail["currency"],
                    }
                )
            rows.append(
                {
                    "person": view.reference(),
                    **person.totals(),
                    "last_given": _gift(last),
                    "open_referrals": open_referrals,
                }
            )
        rows.sort(key=lambda r: (-r["balance"], -r["to_me_score"], r["person"]["name"], r["person"]["id"]))
        data["people"] = rows
        data["total"] = {"people": len(rows), "balance": round(sum(r["balance"] for r in rows), 4)}
        return data

    def table(self, data: dict[str, Any]) -> Table:
        from ..report_support import count_summary

        columns = ["name", "gave me", "I gave", "balance", "last gift", "open referrals"]
        rows = []
        for row in data["people"]:
            last = row["last_given"]
            rows.append(
                [
                    row["person"]["name"],
                    count_summary(row["to_me"]),
                    count_summary(row["from_me"]),
                    row["balance"],
                    f"{last['kind']} {(last['at'] or '')[:10]}".strip() if last else "",
                    "; ".join(_referral_text(r) for r in row["open_referrals"]),
                ]
            )
        me = data.get("me") or {}
        total = data["total"]
        title = f"{me.get('name', 'me')} owes {total['people']} people (balance {total['balance']:.2f})"
        return Table(columns=columns, rows=rows, title=title)

    def flat(self, data: dict[str, Any]) -> Table:
        """One column per count, for CSV."""
        columns = ["id", "name", "emails", "linkedin", "xing"]
        columns += [f"to_me_{k}" for k in COUNTED_KINDS] + [f"from_me_{k}" for k in COUNTED_KINDS]
        columns += ["to_me_score", "from_me_score", "balance", "last_given_kind", "last_given_at", "open_referrals"]
        rows = []
        for row in data["people"]:
            person, last = row["person"], row["last_given"] or {}
            rows.append(
                [person["id"], person["name"], " ".join(person["emails"])]
                + [person["profiles"]["linkedin"] or "", person["profiles"]["xing"] or ""]
                + [row["to_me"][k] for k in COUNTED_KINDS]
                + [row["from_me"][k] for k in COUNTED_KINDS]
                + [row["to_me_score"], row["from_me_score"], row["balance"]]
                + [last.get("kind") or "", last.get("at") or "", len(row["open_referrals"])]
            )
        return Table(columns=columns, rows=rows)


def _gift(event: LedgerEvent | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {"kind": event.kind, "at": event.occurred_at.isoformat() if event.occurred_at else None}


def _referral_details(conn: sqlite3.Connection, events: list[LedgerEvent]) -> dict[str, dict[str, Any]]:
    """The stored referral behind each ledger event, keyed by the event's source id."""
    ids = [int(e.source_id[1:]) for e in events if e.source_id and e.source_id.startswith("r")]
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT id, prospect_id, date, status, value, currency FROM referrals WHERE id IN ({marks})", chunk
        ):
            found[f"r{row[0]}"] = {
                "id": row[0],
                "prospect_id": row[1],
                "date": row[2],
                "status": row[3],
                "value": row[4],
                "currency": row[5],
            }
    return found


def _referral_text(referral: dict[str, Any]) -> str:
    parts = [referral["prospect"]["name"] if referral["prospect"] else "referral"]
    if referral["date"]:
        parts.append(referral["date"][:10])
    parts.append(f"[{referral['status']}]")
    return " ".join(parts)


@hookimpl(trylast=True)
def register_reports(register: Callable[[Report], None]) -> None:
    register(OweReport())
