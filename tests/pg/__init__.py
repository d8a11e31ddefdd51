"""Tests against the real PostgreSQL server ``scripts/test`` starts (``INSPECTOR_TEST_PG``)."""

from __future__ import annotations

import os

URL = os.environ.get("INSPECTOR_TEST_PG")


def fresh_database_url(suffix: str) -> str:
    """Drop and create a database of this test process on the server (xdist workers get one
    each) and return its URL, password included."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert URL is not None
    base = make_url(URL)
    name = f"{base.database}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}{suffix}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)
