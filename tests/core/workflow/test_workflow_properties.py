"""Random valid workflows under random events: the machine stays inside its states,
takes the transition the definition says, and the log replays to the task's state."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelcore import State, Transition, WorkflowDefinition
from labelcore.models import Organization, Project, Task, TaskEvent, db
from labelcore.workflow import TransitionRefused, WorkflowEngine, replay
from labelcore.workflow.catalog import GUARDS
from labelcore.workflow.declared import definition_from_data, definition_to_data

EVENTS = ("annotate", "unannotate", "skip", "go", "back")
COUNT_GUARDS = (
    "no_completed_annotations",
    "has_completed_annotations",
    "fewer_than_overlap",
    "overlap_reached",
    "only_skips",
    "no_annotations",
    "has_comment",
)
ROLE_SETS = ((), ("reviewer", "manager"), ("annotator",), ("manager",))


@st.composite
def workflows(draw) -> WorkflowDefinition:
    count = draw(st.integers(min_value=2, max_value=7))
    finals = draw(st.integers(min_value=0, max_value=count - 2))
    names = [f"s{position}" for position in range(count)]
    open_states = names[: count - finals]

    def transition(source: str, target: str) -> Transition:
        return Transition(
            event=draw(st.sampled_from(EVENTS)),
            source=source,
            target=target,
            guard=draw(st.none() | st.sampled_from(COUNT_GUARDS)),
            roles=draw(st.sampled_from(ROLE_SETS)),
        )

    # A tree from the initial state reaches every state; then every open
    # state gets a way out, and some more transitions for variety.
    transitions = [
        transition(draw(st.sampled_from(open_states[:position])), name)
        for position, name in enumerate(names)
        if position > 0
    ]
    for source in open_states:
        if not any(t.source == source for t in transitions):
            transitions.append(transition(source, draw(st.sampled_from(names))))
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        transitions.append(
            transition(draw(st.sampled_from(open_states)), draw(st.sampled_from(names)))
        )

    # Rivals share an event and a source with an earlier transition, so that
    # the order of declaration decides which one is taken.
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        rival = draw(st.sampled_from(transitions))
        transitions.append(
            Transition(
                event=rival.event,
                source=rival.source,
                target=draw(st.sampled_from(names)),
                guard=draw(st.none() | st.sampled_from(COUNT_GUARDS)),
            )
        )

    unique = list({_key(t): t for t in reversed(transitions)}.values())[::-1]
    return WorkflowDefinition(
        name="random",
        title="Random",
        states=[
            State(name, initial=position == 0, final=name not in open_states)
            for position, name in enumerate(names)
        ],
        transitions=unique,
    )


def _key(transition: Transition) -> tuple:
    return (
        transition.event,
        transition.source,
        transition.target,
        transition.guard,
        transition.roles,
    )


steps = st.lists(
    st.tuples(
        st.sampled_from(EVENTS),
        st.integers(min_value=0, max_value=3),
        st.integers(min_value=0, max_value=2),
        st.sampled_from((None, "annotator", "reviewer", "manager")),
        st.sampled_from(("", "why")),
    ),
    max_size=25,
)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    app = Flask(__name__)
    path = tmp_path_factory.mktemp("properties") / "db.sqlite3"
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    db.init_app(app)
    with app.app_context():
        db.create_all()
        organization = Organization(title="Properties")
        db.session.add(organization)
        db.session.commit()
        yield SimpleNamespace(session=db.session, organization_id=organization.id)
        db.session.remove()


def expected_target(definition, state, event, completed, skipped, overlap, role, text):
    """What the definition says: the first transition that fits, in order."""
    context = SimpleNamespace(
        completed_annotations=completed,
        skipped_annotations=skipped,
        overlap=overlap,
        comment=text,
    )
    for transition in definition.transitions:
        if transition.source != state or transition.event != event:
            continue
        if transition.roles and role not in transition.roles:
            continue
        if transition.guard and not GUARDS[transition.guard].check(context):
            continue
        return transition.target
    return None


class FixedRoleEngine(WorkflowEngine):
    """The engine with the actor's role given by the test, not looked up."""

    role = None

    def context_for(self, task, actor, project, comment="", extra=None):
        context = super().context_for(task, None, project, comment, extra)
        context.actor = actor
        context.role = self.role
        return context


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(definition=workflows(), events=steps, overlap=st.integers(1, 3))
def test_random_events_stay_in_the_workflow_and_the_log_replays(
    database, definition, events, overlap
):
    engine = FixedRoleEngine({"random": definition})
    names = {state.name for state in definition.states}
    project = Project(
        organization_id=database.organization_id,
        workflow="random",
        maximum_annotations=overlap,
    )
    database.session.add(project)
    database.session.flush()
    task = Task(project_id=project.id, inner_id=1, data={}, state="s0")
    database.session.add(task)
    database.session.flush()
    actor = SimpleNamespace(id=None)

    try:
        for event, completed, skipped, role, text in events:
            before = task.state
            task.total_annotations, task.cancelled_annotations = completed, skipped
            engine.role = role
            expected = expected_target(
                definition, before, event, completed, skipped, overlap, role, text
            )

            try:
                reached = engine.apply(task, event, actor, project, comment=text)
            except TransitionRefused as refused:
                assert expected is None
                assert refused.state == before
                assert task.state == before
            else:
                assert reached == expected
            assert task.state in names

        logged = (
            database.session.query(TaskEvent)
            .filter_by(task_id=task.id)
            .order_by(TaskEvent.id)
            .all()
        )
        replayed = replay(engine.initial_state("random"), logged)
        assert replayed.consistent, replayed.breaks
        assert replayed.state == task.state
        assert all(row.from_state != row.to_state for row in logged)
    finally:
        database.session.rollback()


@settings(max_examples=60, deadline=None)
@given(definition=workflows())
def test_random_workflows_compile_and_round_trip_as_data(definition):
    engine = WorkflowEngine({"random": definition})

    again = definition_from_data(definition_to_data(definition))

    assert engine.initial_state("random") == "s0"
    assert list(again.states) == list(definition.states)
    assert list(again.transitions) == list(definition.transitions)
