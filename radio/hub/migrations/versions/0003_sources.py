"""The province's source system: what each source sent (so a duplicate is applied once and a cancellation
that came first is remembered), and what goes back to it, kept until it is accepted."""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "source_items",
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("item_id", sa.String(200), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),  # sent | cancelled | refused
        sa.Column("subject", sa.String(200)),
        sa.Column("note", sa.Text),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("updated_at", MOMENT, nullable=False),
    )
    op.create_table(
        "source_outbox",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("sent_at", MOMENT),
        sa.UniqueConstraint("source", "key", name="source_outbox_key"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("source_outbox")
    op.drop_table("source_items")
