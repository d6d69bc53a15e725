"""The database's refusal to change an issued invoice, its lines or a payment (and on
PostgreSQL to delete one), shared by the migrations that create it and those that must put it
back: SQLite drops a table's triggers whenever a migration rebuilds the table.

SQLite gets no DELETE trigger, for the reason given with the audit trail's (its test flush
deletes rows; PostgreSQL's is a TRUNCATE, which row triggers don't see).
"""

TABLES = ["billing_invoice", "billing_invoiceline", "billing_payment"]
REFUSED = "issued invoices and payments are never changed or deleted"

POSTGRES = [
    f"""
    CREATE FUNCTION billing_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
    END
    $$ LANGUAGE plpgsql
    """,
    *(
        f"""CREATE TRIGGER {table}_never_changes BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION billing_refuse_change()"""
        for table in TABLES
    ),
]
POSTGRES_REVERSE = [
    *(f"DROP TRIGGER {table}_never_changes ON {table}" for table in TABLES),
    "DROP FUNCTION billing_refuse_change()",
]

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS {table}_never_changes BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END"""
    for table in TABLES
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {table}_never_changes" for table in TABLES]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


lock = _run({"postgresql": POSTGRES, "sqlite": SQLITE})
unlock = _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE})
# For a migration that alters these tables: SQLite may have rebuilt them without triggers.
relock_sqlite = _run({"sqlite": SQLITE})
