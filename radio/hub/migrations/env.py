"""Alembic's environment for the hub's store: run on the connection radio.hub.store hands over, so one code
path migrates SQLite and PostgreSQL alike. (Revisions are frozen snapshots of the schema: they never import
the live tables in store.py, which describe the newest revision only.)"""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
