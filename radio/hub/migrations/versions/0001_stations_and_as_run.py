"""Stations (enrolment, credential, health) and the as-run rows they push, keyed (station, seq)."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "stations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("link_code_sha256", sa.String(64), unique=True),
        sa.Column("credential_sha256", sa.String(64), unique=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("linked_at", MOMENT),
        sa.Column("last_seen", MOMENT),
        sa.Column("health", sa.JSON),
    )
    op.create_table(
        "as_run",
        sa.Column("station", sa.String(64), sa.ForeignKey("stations.id"), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        *[sa.Column(name, sa.Text) for name in ("scheduled_at", "started_at", "ended_at", "slot", "program", "item",
                                                "file", "priority", "voice")],
        sa.Column("duration_s", sa.Float),
        sa.Column("status", sa.String(16), nullable=False),
        *[sa.Column(name, sa.Text) for name in ("reason", "kind", "category", "campaign", "zone")],
        sa.Column("unheard_s", sa.Float),
        sa.Column("received_at", MOMENT, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("as_run")
    op.drop_table("stations")
