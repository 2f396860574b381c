"""A real SQLite database for the engine's event rows, without the whole app."""

import pytest
from flask import Flask

from labelcore.models import Organization, Project, Task, db


@pytest.fixture
def database(tmp_path):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    db.init_app(app)
    with app.app_context():
        db.create_all()
        yield db.session
        db.session.remove()


@pytest.fixture
def project(database):
    organization = Organization(title="Test")
    database.add(organization)
    database.flush()
    project = Project(
        organization_id=organization.id, workflow="default", maximum_annotations=2
    )
    database.add(project)
    database.flush()
    return project


@pytest.fixture
def task(database, project):
    task = Task(project_id=project.id, inner_id=1, data={"text": "a"}, state="")
    database.add(task)
    database.flush()
    return task
