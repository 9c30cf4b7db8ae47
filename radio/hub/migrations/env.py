"""Alembic's environment for the hub's store: run on the connection radio.hub.store hands over, so one code
path migrates SQLite and PostgreSQL alike."""
from alembic import context

from radio.hub.store import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
