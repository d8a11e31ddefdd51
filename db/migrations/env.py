"""Alembic environment: runs on the connection the app hands over (never a config file URL).

``inspector.store.migrate.upgrade`` switches SQLite's foreign keys off around the run and checks
them afterwards, since batch migrations rebuild tables.
"""

from __future__ import annotations

from alembic import context

from inspector.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run through inspector.store.migrate, which passes a connection")

is_sqlite = connection.dialect.name == "sqlite"
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=is_sqlite,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
