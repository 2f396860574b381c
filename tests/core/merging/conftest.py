"""A Label Studio export imported as a user would, with a placeholder user in
it, and the real person behind the placeholder with an account of their own.

The export names annotator 14 by Label Studio user id alone, so the import
makes ``label-studio-user-14@label-studio.invalid``; Bo comes with an
e-mail. Ann (``ann@example.org``) is the real annotator 14.
"""

from __future__ import annotations

from dataclasses import dataclass

import labelcore_formats.plugin
import labelcore_samplers.plugin
import labelcore_templates.plugin
import labelcore_workflows.plugin
import orjson
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from labelcore.cli import main
from labelcore.migrate_from_label_studio import import_label_studio
from labelcore.models import ApiToken, Project, Task, User, db
from tests.support.credentials import ADMIN_TOKEN
from tests.support.results import choice as result_item

PLUGINS = (
    labelcore_templates.plugin,
    labelcore_formats.plugin,
    labelcore_samplers.plugin,
    labelcore_workflows.plugin,
)
PLACEHOLDER = "label-studio-user-14@label-studio.invalid"
ANN = "ann@example.org"
BO = {"id": 15, "email": "bo@example.org", "first_name": "Bo"}
CONFIG = """<View>
  <Image name="image" value="$image"/>
  <Choices name="animal" toName="image">
    <Choice value="Cat"/><Choice value="Dog"/>
  </Choices>
</View>"""


def choice(value: str) -> list[dict]:
    return [result_item("animal", value, to_name="image", region_id="c1")]


def _task(number: int, *annotators) -> dict:
    return {
        "id": number,
        "data": {"image": f"https://example.org/{number}.jpg"},
        "annotations": [
            {"completed_by": who, "result": choice(value)} for who, value in annotators
        ],
    }


EXPORT = [
    _task(601, (14, "Cat")),
    _task(602, (14, "Dog"), (BO, "Cat")),
    _task(603, (BO, "Dog")),
    _task(604),
    _task(605),
]
"""Label Studio tasks 601 to 605; the project asks two annotators a task."""


@dataclass
class Imported:
    """Ids of what the import made, and clients that act as its people."""

    app: object
    project_id: int
    task_ids: dict[int, int]
    """LabelCore task id by Label Studio task id."""
    placeholder_id: int
    ann_id: int
    admin: object
    placeholder: object
    ann: object
    environment: dict

    def run(self, *arguments):
        return run_command(self.environment, *arguments)


def run_command(environment: dict, *arguments):
    """``labelcore <arguments>`` on the test's database, as a user runs it."""
    return CliRunner().invoke(main, list(arguments), env=environment)


@pytest.fixture
def merge_app(make_app):
    return make_app(plugins=PLUGINS, disable_plugin_autoload=True)


def token_client(app, token: str):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


@pytest.fixture
def imported(tmp_path, environment, merge_app) -> Imported:
    """The export imported by ``labelcore import-label-studio``, and Ann's
    account made by ``labelcore user create``."""
    (tmp_path / "export.json").write_bytes(orjson.dumps(EXPORT))
    (tmp_path / "project.json").write_bytes(
        orjson.dumps(
            {"title": "Pets", "label_config": CONFIG, "maximum_annotations": 2}
        )
    )
    runner = CliRunner()
    outcome = runner.invoke(
        import_label_studio,
        [
            str(tmp_path / "export.json"),
            "--project-file",
            str(tmp_path / "project.json"),
        ],
        env=environment,
    )
    assert outcome.exit_code == 0, outcome.output
    assert PLACEHOLDER in outcome.stdout
    made = runner.invoke(main, ["user", "create", ANN], env=environment)
    assert made.exit_code == 0, made.output
    ann_token = made.stdout.rsplit("API token: ", 1)[1].strip()

    with merge_app.app_context():
        project = db.session.execute(sa.select(Project)).scalar_one()
        tasks = db.session.execute(
            sa.select(Task.data, Task.id).where(Task.project_id == project.id)
        ).all()
        placeholder = _user(PLACEHOLDER)
        # The placeholder cannot log in; a token of its own lets the test act
        # as the annotator it stands for did before the merge.
        row, placeholder_token = ApiToken.issue(placeholder, name="test")
        db.session.add(row)
        db.session.commit()
        found = Imported(
            app=merge_app,
            project_id=project.id,
            task_ids={_label_studio_number(data): task_id for data, task_id in tasks},
            placeholder_id=placeholder.id,
            ann_id=_user(ANN).id,
            admin=token_client(merge_app, ADMIN_TOKEN),
            placeholder=token_client(merge_app, placeholder_token),
            ann=token_client(merge_app, ann_token),
            environment=environment,
        )
    return found


def _user(email: str) -> User:
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one()


def _label_studio_number(data: dict) -> int:
    return int(data["image"].rsplit("/", 1)[1].split(".")[0])
