"""The record's forms: a JSON file, a CSV of its sessions, and (in a template) a page to print.
All are drawn from the one record that records.services exports."""

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from rest_framework.renderers import JSONRenderer

from clinic.clock import for_csv
from clinic.web.spreadsheets import csv_download
from sessions.notes.models import SessionNote, TreatedPoint

from .serializers import ClientRecordSerializer

CSV_FIELDS = [
    "date",
    "service",
    "therapist",
    "status",
    *SessionNote.CONTENT_FIELDS,
    "points",
    "limit_breaches",
    "limit_override_reason",
]
# The record names a point's side ("Left"); the CSV has always given its letter ("L").
SIDE_LETTERS = {name: letter for letter, name in TreatedPoint._meta.get_field("side").choices}


def record_json(record: dict) -> bytes:
    """The record as the JSON download: the same bytes from the pages and the API."""
    return JSONRenderer().render(
        ClientRecordSerializer(record).data, renderer_context={"indent": 2}
    )


def _download(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def record_file(record: dict, client) -> HttpResponse:
    day = record["exported_at"].date().isoformat()
    filename = f"clinic-record-{client.pk}-{day}.json"
    return _download(record_json(record), "application/json", filename)


def _point_text(point: dict) -> str:
    side = SIDE_LETTERS[point["side"]]
    return f"{point['muscle']} ({side}) {point['technique']}, {point['response']}"


def _session_row(note: dict) -> list[str]:
    return [
        for_csv(note["date"]),
        note["service"],
        note["therapist"],
        "signed" if note["signed_at"] else "draft",
        *(note[name] for name in SessionNote.CONTENT_FIELDS),
        "; ".join(_point_text(point) for point in note["points"]),
        "; ".join(note["limit_breaches"]),
        note["limit_override_reason"],
    ]


def record_csv(record: dict, client) -> HttpResponse:
    """The record's sessions, one row each, newest first."""
    rows = (_session_row(note) for note in record["session_notes"])
    return csv_download(f"clinic-record-{client.pk}.csv", CSV_FIELDS, rows)
