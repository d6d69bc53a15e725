"""On PostgreSQL, indexes that make the desk's client search (clients.selectors.client_search)
index scans at any number of clients.

Django's `istartswith` reads UPPER(column) LIKE 'PREFIX%': a b-tree on UPPER() of each name,
of the full name and of the email, with text_pattern_ops (so LIKE can use it whatever the
database's collation); the E.164 phone with varchar_pattern_ops;
and the clients newest first (only their rows), for the list without a query. The expressions are Django's
own, so they are exactly what the queries compare. SQLite keeps its plain tables: this
migration does nothing there.
"""

from django.contrib.postgres.indexes import OpClass
from django.db import migrations, models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Upper

CLIENTS = Q(role="client")


def user_indexes() -> list[models.Index]:
    def prefix(expression, name: str) -> models.Index:
        pattern = OpClass(Upper(expression), name="text_pattern_ops")
        # Whole-table: PostgreSQL's planner ignores the statistics of a partial index's
        # expression, and without them guesses every prefix matches 0.5% of the rows.
        return models.Index(pattern, name=name)

    return [
        prefix("first_name", "client_first_name_prefix"),
        prefix("last_name", "client_last_name_prefix"),
        prefix(Concat("first_name", Value(" "), "last_name"), "client_full_name_prefix"),
        prefix("email", "client_email_prefix"),
        models.Index(fields=["-date_joined", "-id"], condition=CLIENTS, name="client_newest_first"),
    ]


def phone_index() -> models.Index:
    return models.Index(OpClass("phone", name="varchar_pattern_ops"), name="client_phone_prefix")


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in user_indexes():
        schema_editor.add_index(apps.get_model("clinic", "User"), index)
    schema_editor.add_index(apps.get_model("clients", "ClientProfile"), phone_index())


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in user_indexes():
        schema_editor.remove_index(apps.get_model("clinic", "User"), index)
    schema_editor.remove_index(apps.get_model("clients", "ClientProfile"), phone_index())


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0005_intakes_move_out"),
        ("clinic", "0009_desk_role"),
    ]

    operations = [migrations.RunPython(add_indexes, drop_indexes)]
