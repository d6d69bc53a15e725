"""Drop and create the load run's PostgreSQL database (DATABASE_URL's name), afresh.

Only a database whose name contains "load": a DATABASE_URL left set for other work must
never lose its data to a benchmark."""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/clinic_load"


def recreate(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "load" not in name:
        sys.exit(
            f"refusing to drop and recreate {name!r}: the load run's database name must "
            "contain 'load' (e.g. clinic_load), so no other database is lost"
        )
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"database {name}: created afresh")


if __name__ == "__main__":
    recreate(os.environ.get("DATABASE_URL") or DEFAULT_URL)
