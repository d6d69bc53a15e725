"""The one CSV writer of the project: every CSV download is written here.

A spreadsheet runs a cell that starts with =, +, -, @ (or a tab or carriage return before
one) as a formula, so text from users (a note, a client's name) could run in the reader's
spreadsheet. Such text is written with a leading apostrophe; numbers stay numbers.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula (a name like "=HYPERLINK(...)") gets a
    leading apostrophe; numbers, negative ones included, stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def csv_download(filename: str, headings: Iterable[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV file to download: a row of headings, then `rows`, every cell spreadsheet-safe."""
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    add_never_cache_headers(response)
    writer = csv.writer(response)
    writer.writerow(headings)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return response
