"""``labelcore user create`` with an organization and a role."""

import sqlalchemy as sa
from click.testing import CliRunner

from labelcore.cli import main
from labelcore.models import Membership, Organization, User, db


def test_user_create_makes_the_organization_and_gives_the_role(tmp_path, monkeypatch):
    monkeypatch.setenv("LABELCORE_DATA_DIR", str(tmp_path))
    runner = CliRunner()

    made = runner.invoke(
        main,
        [
            "user",
            "create",
            "rev@example.com",
            "--organization",
            "Lab",
            "--role",
            "reviewer",
        ],
    )
    refused = runner.invoke(
        main, ["user", "create", "x@example.com", "--role", "emperor"]
    )

    assert made.exit_code == 0, made.output
    assert "API token:" in made.output
    assert refused.exit_code != 0
    assert "'emperor' is not an organization role" in refused.output

    from labelcore.app import create_app

    with create_app().app_context():
        user = db.session.execute(
            sa.select(User).where(User.email == "rev@example.com")
        ).scalar_one()
        role, title = db.session.execute(
            sa.select(Membership.role, Organization.title)
            .join(Organization, Organization.id == Membership.organization_id)
            .where(Membership.user_id == user.id)
        ).one()
    assert (role, title) == ("reviewer", "Lab")
