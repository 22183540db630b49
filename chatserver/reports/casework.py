"""Where complaints and hazards join the reports: the casework app's timeliness figures
(``chatserver.casework.figures``) for the days a report covers, both ends included, laid
out as one row a figure and one column a kind of case."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from chatserver.casework import figures
from chatserver.casework.models import Kind

KINDS = Kind.choices
ROWS = (
    ("opened", _("Opened (the landlord became aware in the period)")),
    ("acknowledged_in_time", _("Acknowledged within the timescale")),
    ("answered_in_time", _("Answered within the timescale (a hazard: its written summary)")),
    ("made_safe_in_time", _("Emergency hazards made safe within the timescale")),
    ("investigated_in_time", _("Significant hazards investigated within the timescale")),
    ("extended", _("Answers extended")),
    ("overdue_now", _("Still open with a step overdue now")),
)


@dataclass(frozen=True)
class Cell:
    id: str
    value: int


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


def timeliness(start: date, end: date) -> figures.Timeliness:
    """The cases the landlord became aware of from ``start`` to ``end``, and their steps."""
    return figures.timeliness(start, end)


def table(found: figures.Timeliness) -> tuple[Row, ...]:
    """The figures as rows (``casework-<kind>-<figure>`` ids), kinds in ``Kind``'s order."""
    return tuple(
        Row(
            str(label),
            tuple(
                Cell(f"casework-{kind}-{name}", getattr(found.of(kind), name))
                for kind in Kind.values
            ),
        )
        for name, label in ROWS
    )
