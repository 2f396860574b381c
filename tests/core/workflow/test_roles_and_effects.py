"""Who counts as what in a project, and what the built-in effects do."""

from datetime import timedelta

import pytest

from labelcore import State, Transition, WorkflowDefinition
from labelcore.models import Membership, Organization, Project, TaskLock, User, utcnow
from labelcore.workflow import WorkflowEngine, project_role


def person(database, email, organization_id=None, role="annotator", admin=False):
    user = User(email=email, is_admin=admin)
    database.add(user)
    database.flush()
    if organization_id is not None:
        database.add(
            Membership(organization_id=organization_id, user_id=user.id, role=role)
        )
        database.flush()
    return user


def test_the_workflow_sees_the_project_role_of_each_person(database, project):
    organization = project.organization_id
    annotator = person(database, "annotator@example.com", organization)
    reviewer = person(database, "reviewer@example.com", organization, "reviewer")
    owner = person(database, "owner@example.com", organization, "owner")
    admin = person(database, "admin@example.com", organization, "annotator", True)
    elsewhere = Organization(title="Elsewhere")
    database.add(elsewhere)
    database.flush()
    outsider = person(database, "outsider@example.com", elsewhere.id, "manager")

    assert project_role(project, annotator) == "annotator"
    assert project_role(project, reviewer) == "reviewer"
    assert project_role(project, owner) == "manager"
    assert project_role(project, admin) == "manager"
    assert project_role(project, outsider) is None
    assert project_role(project, None) is None


def locks(database, task):
    return sorted(
        lock.user_id for lock in database.query(TaskLock).filter_by(task_id=task.id)
    )


def lock(database, task, user):
    database.add(
        TaskLock(
            task_id=task.id,
            project_id=task.project_id,
            user_id=user.id,
            expires_at=utcnow() + timedelta(minutes=5),
        )
    )
    database.flush()


@pytest.fixture
def two_people(database, project):
    return (
        person(database, "one@example.com", project.organization_id),
        person(database, "two@example.com", project.organization_id),
    )


def effect_engine(*effects):
    definition = WorkflowDefinition(
        name="effects",
        title="Effects",
        states=[State("open", initial=True), State("done")],
        transitions=[
            Transition("finish", "open", "done", effects=effects),
            Transition("again", "done", "open", effects=effects),
        ],
    )
    return WorkflowEngine({"effects": definition})


def test_release_lock_frees_only_the_actor(database, project, task, two_people):
    one, two = two_people
    lock(database, task, one)
    lock(database, task, two)
    project.workflow = "effects"

    effect_engine("release_lock").apply(task, "finish", one, project)

    assert locks(database, task) == [two.id]


def test_release_all_locks_frees_everyone(database, project, task, two_people):
    one, two = two_people
    lock(database, task, one)
    lock(database, task, two)
    project.workflow = "effects"

    effect_engine("release_all_locks").apply(task, "finish", one, project)

    assert locks(database, task) == []


def test_marking_tells_the_label_stream_whether_the_task_is_done(
    database, project, task
):
    project.workflow = "effects"
    project.maximum_annotations = 2
    task.total_annotations = 2

    effect_engine("mark_labeled").apply(task, "finish", None, project)
    labeled = task.is_labeled
    effect_engine("mark_unlabeled").apply(task, "again", None, project)
    unlabeled = task.is_labeled
    effect_engine("count_toward_overlap").apply(task, "finish", None, project)

    assert (labeled, unlabeled, task.is_labeled) == (True, False, True)


def test_a_plugin_effect_sees_the_context_and_runs_in_order(database, project, task):
    seen = []
    definition = WorkflowDefinition(
        name="own",
        title="Own",
        states=[State("open", initial=True), State("done", final=True)],
        transitions=[
            Transition(
                "finish", "open", "done", effects=("first", "mark_labeled", "second")
            )
        ],
        effects={
            "first": lambda context: seen.append(("first", context.task.is_labeled)),
            "second": lambda context: seen.append(("second", context.task.is_labeled)),
        },
    )
    project.workflow = "own"

    WorkflowEngine({"own": definition}).apply(task, "finish", None, project, "done!")

    assert seen == [("first", False), ("second", True)]


def test_the_project_declares_its_workflow_by_name(database, project, task):
    engine = WorkflowEngine({})
    project.workflow = f"project:{project.id}"
    project.workflow_definition = {
        "states": [{"name": "open", "initial": True}, {"name": "done", "final": True}],
        "transitions": [{"event": "finish", "source": "open", "target": "done"}],
    }

    assert engine.initial_state(project.workflow) == "open"
    assert engine.apply(task, "finish", None, project) == "done"


def test_a_declared_name_without_a_declaration_is_unknown(database, project):
    from labelcore.workflow import UnknownWorkflow

    with pytest.raises(UnknownWorkflow, match="declares no workflow of its own"):
        WorkflowEngine({}).initial_state(f"project:{project.id}")
    with pytest.raises(UnknownWorkflow):
        WorkflowEngine({}).initial_state("project:999")


def test_the_database_keeps_the_declared_workflow(database, project):
    project.workflow_definition = {"states": ["a"], "transitions": []}
    database.commit()
    database.expire_all()

    assert database.get(Project, project.id).workflow_definition == {
        "states": ["a"],
        "transitions": [],
    }
