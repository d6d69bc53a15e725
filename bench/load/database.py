"""Drop and create a benchmark's PostgreSQL database (DATABASE_URL's name), afresh.

    python bench/load/database.py [MARKER]

Only a database whose name contains MARKER ("load" unless given, e.g. "cluster"): a
DATABASE_URL left set for other work must never lose its data to a benchmark."""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/clinic_load"


def recreate(url: str, marker: str = "load") -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if marker not in name:
        sys.exit(
            f"refusing to drop and recreate {name!r}: this run's database name must "
            f"contain {marker!r} (e.g. clinic_{marker}), so no other database is lost"
        )
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"database {name}: created afresh")


if __name__ == "__main__":
    recreate(os.environ.get("DATABASE_URL") or DEFAULT_URL, *sys.argv[1:2])
