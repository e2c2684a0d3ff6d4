"""Built-in exporter ``csv``: every person with their handles, one row each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, ClassVar

from ..exporters import Exporter
from ..hookspecs import hookimpl

if TYPE_CHECKING:
    from ..store.people import PersonView


class PeopleCsvExporter(Exporter):
    name: ClassVar[str] = "csv"
    description: ClassVar[str] = "People with emails, profiles, organisation, tags (UTF-8 CSV)"
    suffix: ClassVar[str] = ".csv"

    def write(self, people: Iterable[PersonView], out: IO[str]) -> int:
        import csv

        writer = csv.writer(out)
        writer.writerow(["id", "name", "emails", "linkedin", "xing", "phones", "organization", "title", "tags"])
        count = 0
        for person in people:
            writer.writerow(
                [
                    person.id,
                    person.name,
                    " ".join(person.emails),
                    person.linkedin or "",
                    person.xing or "",
                    " ".join(person.phones),
                    person.organization or "",
                    person.title or "",
                    ", ".join(person.tags),
                ]
            )
            count += 1
        return count


@hookimpl(trylast=True)
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(PeopleCsvExporter())
