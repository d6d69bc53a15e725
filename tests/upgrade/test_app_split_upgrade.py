"""A database of the layout before the apps were split migrates forward with every row.

The fixture is the demo clinic as `seed_demo` made it at that layout (with one row more of
each kind the demo lacks: an addendum, a check-in, a calendar feed, time off, a clearance,
an intake draft and a waitlist offer with its message), dumped by that code's `dumpdata`.
The test rolls the database back to that layout, loads the rows through the models of the
time, migrates forward, and compares every table, row by row.
"""

import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURE = Path(__file__).with_name("demo_before_the_app_split.json")
# The last migration of each app of that layout, and the apps made since.
BEFORE = [
    ("clinic", "0007_service_required_certification"),
    ("clients", "0004_client_account_closing"),
    ("clinic_sessions", "0007_credential_messages"),
    ("therapists", "0003_lock_credential_events"),
]
NEW_APPS = [
    "audit",
    "catalogue",
    "messaging",
    "credentials",
    "intake",
    "notes",
    "checkins",
    "calendars",
    "waitlist",
    "billing",  # since: its tables are empty in a database of the old layout
]
# Each model that moved: its label then, its label now.
MOVED = {
    "clinic.service": "catalogue.service",
    "clinic.auditevent": "audit.auditevent",
    "therapists.credential": "credentials.credential",
    "therapists.credentialevent": "credentials.credentialevent",
    "clients.intake": "intake.intake",
    "clients.intakedraft": "intake.intakedraft",
    "clients.intakeclearance": "intake.intakeclearance",
    "clinic_sessions.sessionnote": "notes.sessionnote",
    "clinic_sessions.treatedpoint": "notes.treatedpoint",
    "clinic_sessions.noteaddendum": "notes.noteaddendum",
    "clinic_sessions.checkin": "checkins.checkin",
    "clinic_sessions.calendarfeed": "calendars.calendarfeed",
    "clinic_sessions.waitlistentry": "waitlist.waitlistentry",
    "clinic_sessions.waitlistoffer": "waitlist.waitlistoffer",
    "clinic_sessions.message": "messaging.message",
}
# A message named its record in one of these columns; now by its subject.
SUBJECT_COLUMNS = {
    "appointment_id": "clinic_sessions.appointment",
    "offer_id": "waitlist.waitlistoffer",
    "credential_id": "credentials.credential",
}


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def to_layout_before() -> None:
    migrate([(app, None) for app in NEW_APPS] + BEFORE)


def to_latest() -> None:
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def historical_apps():
    """The models of every app as they were at that layout."""
    loader = MigrationExecutor(connection).loader
    leaves = dict(loader.graph.leaf_nodes()) | dict(BEFORE)
    nodes = [(app, name) for app, name in leaves.items() if app not in NEW_APPS]
    return loader.project_state(nodes).apps


def load(objects: list[dict], apps) -> None:
    """Insert the dumped rows through the models of the time, in one transaction (foreign
    keys are checked at its end); content types are matched by their labels."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    dumped_types = {
        o["pk"]: (o["fields"]["app_label"], o["fields"]["model"])
        for o in objects
        if o["model"] == "contenttypes.contenttype"
    }
    local_type = {
        pk: content_types.get_or_create(app_label=app, model=model)[0].pk
        for pk, (app, model) in dumped_types.items()
    }
    rows, many = defaultdict(list), []
    for o in objects:
        if o["model"] == "contenttypes.contenttype":
            continue
        model = apps.get_model(o["model"])
        values = {"pk": o["pk"]}
        for name, value in o["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                many.append((model, o["pk"], name, value))
            elif field.is_relation:
                is_type = field.related_model._meta.label_lower == "contenttypes.contenttype"
                values[field.attname] = local_type[value] if is_type and value else value
            else:
                values[name] = value
        rows[model].append(model(**values))
    # A signed note takes no treated point (a trigger refuses it): its points go in first.
    order = sorted(
        rows, key=lambda model: model._meta.label_lower != "clinic_sessions.treatedpoint"
    )
    with transaction.atomic():
        for model in order:
            model.objects.bulk_create(rows[model])
        for model, pk, name, related in many:
            getattr(model.objects.get(pk=pk), name).set(related)


def tables(labels) -> dict[str, list[dict]]:
    """Every row of the given models' tables, by id, read with plain SQL."""
    found = {}
    with connection.cursor() as cursor:
        for label, table in labels.items():
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608
            columns = [column[0] for column in cursor.description]
            found[label] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return found


def tables_of(apps, labels) -> dict[str, str]:
    return {label: apps.get_model(label)._meta.db_table for label in labels}


def test_every_row_survives_the_split_into_apps():
    objects = json.loads(FIXTURE.read_text())
    dumped = sorted({o["model"] for o in objects} - {"contenttypes.contenttype"})
    to_layout_before()
    try:
        old_apps = historical_apps()
        load(objects, old_apps)
        before = tables(tables_of(old_apps, dumped))
        type_ids = {
            label: old_apps.get_model("contenttypes", "ContentType")
            .objects.get(app_label=label.split(".")[0], model=label.split(".")[1])
            .pk
            for label in MOVED
        }
    finally:
        to_latest()

    from django.apps import apps as new_apps  # the models as they are now

    now_labels = [MOVED.get(label, label) for label in dumped]
    after = tables(tables_of(new_apps, now_labels))

    for label in dumped:
        rows_before, rows_after = before[label], after[MOVED.get(label, label)]
        if label == "clinic_sessions.message":
            rows_before = [_as_subject(row, new_apps) for row in rows_before]
        rows_after = [_columns_of(rows_before, row) for row in rows_after]
        assert rows_after == rows_before, f"{label}: rows differ after the upgrade"
    content_types = new_apps.get_model("contenttypes", "ContentType").objects
    for old, new in MOVED.items():
        moved = content_types.get(pk=type_ids[old])
        assert f"{moved.app_label}.{moved.model}" == new  # its permissions and history follow


def _columns_of(rows_before: list[dict], row: dict) -> dict:
    """The row's columns that the old layout had (later migrations add others); a column
    gone missing fails with a KeyError."""
    if not rows_before:
        return row
    return {column: row[column] for column in rows_before[0]}


def _as_subject(row: dict, apps) -> dict:
    """An old message row as the new layout keeps it: its record as a subject."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    row = dict(row)
    row["subject_type_id"] = row["subject_id"] = None
    for column, label in SUBJECT_COLUMNS.items():
        if (record_id := row.pop(column)) is not None:
            app_label, model = label.split(".")
            row["subject_type_id"] = content_types.get(app_label=app_label, model=model).pk
            row["subject_id"] = record_id
    row["subject_time"] = row.pop("appointment_start")
    return row
