"""What goes down to stations (an ordered change log, one row per subject), emergency confirmations coming
back, and the gaps in each station's contact."""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("subject", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("targets", sa.JSON),
        sa.Column("created_at", MOMENT, nullable=False),
        sqlite_autoincrement=True,  # a seq is never reused once its row is replaced
    )
    op.create_table(
        "confirmations",
        sa.Column("order_id", sa.String(80), primary_key=True),
        sa.Column("station", sa.String(64), sa.ForeignKey("stations.id"), primary_key=True),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("on_air_at", sa.Text),
        sa.Column("message", sa.Text),
        sa.Column("received_at", MOMENT, nullable=False),
    )
    op.create_table(
        "gaps",
        sa.Column("station", sa.String(64), sa.ForeignKey("stations.id"), primary_key=True),
        sa.Column("since", MOMENT, primary_key=True),
        sa.Column("until", MOMENT, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("gaps")
    op.drop_table("confirmations")
    op.drop_table("changes")
