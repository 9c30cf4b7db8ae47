"""A SQLite file of an earlier version brought to today's schema in one transaction: it ends upgraded whole,
or (locked, disk full, damaged) exactly as it was, and the caller says so. Used by the log and the accounts;
tests/test_upgrade.py opens a file of every earlier schema (tests/data/schemas/)."""
from __future__ import annotations

import sqlite3
from typing import Callable


def upgrade(db: sqlite3.Connection, steps: Callable[[sqlite3.Connection], None]) -> None:
    """Run `steps` (CREATE … IF NOT EXISTS, ALTER TABLE …) inside one write transaction; `db` is in
    autocommit mode (isolation_level=None)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        steps(db)
        db.execute("COMMIT")
    except sqlite3.Error:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def statements(script: str) -> list[str]:
    """A schema script as single statements (executescript would commit the transaction around them)."""
    found, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    return [statement for statement in found if statement.strip(";").strip()]


def add_missing_columns(db: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    for column, kind in columns.items():
        if column not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
