"""The desk's calendar tests: named therapists, and readers of the grid and its page."""

import re

from clinic.clock import clinic_zone
from tests.factories import bookable_therapist
from tests.pages import html


def therapist_named(name: str, service, **hours):
    therapist = bookable_therapist(service, **hours)
    therapist.display_name = name
    therapist.save(update_fields=["display_name"])
    return therapist


def cell_kinds(column) -> list[tuple[str, str, int]]:
    """(wall-clock time, kind, rows spanned) of each cell of a grid column."""
    zone = clinic_zone()
    return [
        (f"{cell.start.astimezone(zone):%H:%M}", cell.kind, cell.span)
        for cell in column.cells
        if cell is not None
    ]


def book_links(response) -> list[str]:
    return re.findall(r'<a class="cell-book" href="([^"]+)">', html(response))


def blocks(response) -> list[int]:
    """The appointments placed on the page's grid, in the order of the page."""
    found = re.findall(
        r'class="appt appt-[a-z_]+" popovertarget="appointment-(\d+)"', html(response)
    )
    return [int(pk) for pk in found]


def ghosts(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-ghost="(\d+)"', html(response))]
