"""Teams: organization roles and invites, project members and access, token
kinds, password resets and the audit log.

Revision ID: 0005_teams
Revises: 0003_stream_data_manager
Create Date: 2026-12-04 17:40:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005_teams"
down_revision = "0003_stream_data_manager"
branch_labels = None
depends_on = None

# JSONB on PostgreSQL, JSON text elsewhere, as in labelcore.models.base.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _foreign_key(table, column, target, ondelete):
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade():
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind", sa.String(length=16), server_default="legacy", nullable=False
            )
        )
    # Before roles, every member could do everything an annotator can and
    # more; "member" becomes the least role, which an owner can raise.
    op.execute("UPDATE membership SET role = 'annotator' WHERE role = 'member'")

    op.create_table(
        "organization_invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_count", sa.Integer(), nullable=False),
        _foreign_key("organization_invite", "created_by_id", "user", "SET NULL"),
        _foreign_key(
            "organization_invite", "organization_id", "organization", "CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_invite")),
        sa.UniqueConstraint("digest", name=op.f("uq_organization_invite_digest")),
    )
    op.create_index(
        op.f("ix_organization_invite_organization_id"),
        "organization_invite",
        ["organization_id"],
    )

    op.create_table(
        "project_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _foreign_key("project_member", "project_id", "project", "CASCADE"),
        _foreign_key("project_member", "user_id", "user", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_member")),
        sa.UniqueConstraint(
            "project_id", "user_id", name=op.f("uq_project_member_project_id")
        ),
    )
    op.create_index(
        op.f("ix_project_member_project_id"), "project_member", ["project_id"]
    )
    op.create_index(op.f("ix_project_member_user_id"), "project_member", ["user_id"])

    op.create_table(
        "project_access",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("annotators_see_others", sa.Boolean(), nullable=False),
        _foreign_key("project_access", "project_id", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project_access")),
    )

    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        _foreign_key("password_reset", "user_id", "user", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset")),
        sa.UniqueConstraint("digest", name=op.f("uq_password_reset_digest")),
    )
    op.create_index(op.f("ix_password_reset_user_id"), "password_reset", ["user_id"])

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _foreign_key("audit_entry", "actor_id", "user", "SET NULL"),
        _foreign_key("audit_entry", "organization_id", "organization", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(
        "ix_audit_entry_organization", "audit_entry", ["organization_id", "id"]
    )


def downgrade():
    op.drop_index("ix_audit_entry_organization", table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_index(op.f("ix_password_reset_user_id"), table_name="password_reset")
    op.drop_table("password_reset")
    op.drop_table("project_access")
    op.drop_index(op.f("ix_project_member_user_id"), table_name="project_member")
    op.drop_index(op.f("ix_project_member_project_id"), table_name="project_member")
    op.drop_table("project_member")
    op.drop_index(
        op.f("ix_organization_invite_organization_id"),
        table_name="organization_invite",
    )
    op.drop_table("organization_invite")
    op.execute("UPDATE membership SET role = 'member' WHERE role = 'annotator'")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("kind")
