"""The time grid's tests (the desk's calendar, the therapist's schedule): named therapists,
and readers of the grid and of the pages that show it."""

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


def block_rows(response) -> dict[int, tuple[str, int]]:
    """Each appointment placed on the page's grid: the wall-clock time of the row its block
    begins on, and the number of rows the block spans."""
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html(response), re.S):
        at = re.search(
            r'<th scope="row" class="grid-time" id="at-\d{4}" tabindex="-1">([^<]+)<', row
        )
        for cell in row.split("<td ")[1:]:
            span = re.match(r'class="cell cell-[a-z]+"(?: rowspan="(\d+)")?', cell)
            for pk in re.findall(
                r'class="appt appt-[a-z_]+" popovertarget="appointment-(\d+)"', cell
            ):
                found[int(pk)] = (at.group(1), int(span.group(1) or 1))
    return found


def column_heads(response) -> list[str]:
    """The text of each column's heading on the page's grid."""
    heads = re.findall(r'<th scope="col" class="grid-head"[^>]*>(.*?)</th>', html(response), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", head).split()) for head in heads]


def column_blocks(grid) -> list[list[int]]:
    """The live appointments of each column of a grid model, top to bottom."""
    return [
        [appointment.pk for cell in column.cells if cell for appointment in cell.appointments]
        for column in grid.columns
    ]


def shaded(response) -> list[tuple[str, str]]:
    """(row time, kind) of each cell on a one-column page grid that is not an appointment."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", html(response), re.S):
        at = re.search(r'id="at-\d{4}" tabindex="-1">([^<]+)<', row)
        if at is not None:
            kinds = re.findall(r'<td class="cell cell-([a-z]+)"', row)
            found += [(at.group(1), kind) for kind in kinds]
    return [(at, kind) for at, kind in found if kind != "block"]
