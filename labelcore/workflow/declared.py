"""Workflows declared as data (JSON or YAML) instead of by a plugin.

The document's shape is checked here, each problem naming the state or
transition by its position and name; what the states and transitions mean
together is checked when the definition is compiled.

    {"name": "two-pass", "title": "Two passes",
     "states": [{"name": "new", "initial": true}, {"name": "done", "final": true}],
     "transitions": [{"event": "annotate", "source": "new", "target": "done",
                      "guard": "overlap_reached", "roles": [], "effects": []}]}
"""

from __future__ import annotations

from typing import Any

import orjson

from labelcore.contrib.workflows import State, Transition, WorkflowDefinition
from labelcore.workflow.machines import WorkflowDefinitionError

MAX_DOCUMENT_CHARACTERS = 200_000
MAX_STATES = 200
MAX_TRANSITIONS = 5_000
STATE_FLAGS = ("initial", "final", "review")


def read_document(document: Any, format_name: str = "json") -> Any:
    """The data of a workflow document sent as an object, or as JSON or YAML text."""
    if not isinstance(document, str):
        return document
    if len(document) > MAX_DOCUMENT_CHARACTERS:
        raise WorkflowDefinitionError(
            [
                f"The workflow document has {len(document):,} characters; at most "
                f"{MAX_DOCUMENT_CHARACTERS:,} are accepted."
            ]
        )

    if format_name == "yaml":
        return _read_yaml(document)
    if format_name != "json":
        raise WorkflowDefinitionError(
            [f"The format {format_name!r} is not known; send 'json' or 'yaml'."]
        )
    try:
        return orjson.loads(document)
    except orjson.JSONDecodeError as error:
        raise WorkflowDefinitionError(
            [f"The workflow document is not valid JSON: {error}."]
        ) from None


def _read_yaml(document: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(document)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise WorkflowDefinitionError(
            [f"The workflow document is not valid YAML{where}: {error.problem}."]
        ) from None
    except yaml.YAMLError as error:
        raise WorkflowDefinitionError(
            [f"The workflow document is not valid YAML: {error}."]
        ) from None


def definition_from_data(data: Any, name: str | None = None) -> WorkflowDefinition:
    """A WorkflowDefinition from declared data; ``name`` overrides its own.

    Raises WorkflowDefinitionError with every shape problem found.
    """
    if not isinstance(data, dict):
        raise WorkflowDefinitionError(
            [
                f"A workflow definition must be an object with 'states' and "
                f"'transitions', got {_kind(data)}."
            ]
        )

    problems: list[str] = []
    unknown = sorted(set(data) - {"name", "title", "description", *_LISTS})
    if unknown:
        problems.append(
            f"The workflow definition has the unknown key {unknown[0]!r}; the keys "
            f"are 'name', 'title', 'description', 'states' and 'transitions'."
        )
    for key in ("name", "title", "description"):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.append(f"'{key}' must be a string, got {_kind(data[key])}.")

    states = _states(data.get("states"), problems)
    transitions = _transitions(data.get("transitions"), problems)
    if problems:
        raise WorkflowDefinitionError(problems)

    own_name = data.get("name") or "custom"
    return WorkflowDefinition(
        name=name or own_name,
        title=data.get("title") or own_name,
        description=data.get("description") or "",
        states=states,
        transitions=transitions,
    )


_LISTS = ("states", "transitions")


def _states(items: Any, problems: list[str]) -> list[State]:
    if not isinstance(items, list) or not items:
        problems.append(
            f"'states' must be a non-empty list of states, got {_kind(items)}."
        )
        return []
    if len(items) > MAX_STATES:
        problems.append(f"'states' has {len(items)} states; at most {MAX_STATES}.")
        return []

    states = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"name": item}
        label = f"State {position}"
        if not isinstance(item, dict):
            problems.append(f"{label} must be an object or a name, got {_kind(item)}.")
            continue
        if isinstance(item.get("name"), str):
            label += f" ({item['name']!r})"
        unknown = sorted(set(item) - {"name", "title", *STATE_FLAGS})
        if unknown:
            problems.append(
                f"{label} has the unknown key {unknown[0]!r}; a state has 'name', "
                f"'title', 'initial', 'final' and 'review'."
            )
        if not isinstance(item.get("name"), str) or not item["name"]:
            problems.append(f"{label} needs a 'name' that is a non-empty string.")
            continue
        if item.get("title") is not None and not isinstance(item["title"], str):
            problems.append(f"{label}: 'title' must be a string.")
        flags = {}
        for flag in STATE_FLAGS:
            value = item.get(flag, False)
            if not isinstance(value, bool):
                problems.append(
                    f"{label}: '{flag}' must be true or false, got {value!r}."
                )
            flags[flag] = value is True
        states.append(State(name=item["name"], title=item.get("title") or "", **flags))
    return states


def _transitions(items: Any, problems: list[str]) -> list[Transition]:
    if not isinstance(items, list):
        problems.append(f"'transitions' must be a list, got {_kind(items)}.")
        return []
    if len(items) > MAX_TRANSITIONS:
        problems.append(
            f"'transitions' has {len(items)} transitions; at most {MAX_TRANSITIONS}."
        )
        return []

    transitions = []
    for position, item in enumerate(items, start=1):
        label = f"Transition {position}"
        if not isinstance(item, dict):
            problems.append(f"{label} must be an object, got {_kind(item)}.")
            continue
        if isinstance(item.get("event"), str):
            label += f" ({item['event']!r})"
        transitions.extend(_transition(item, label, problems))
    return transitions


def _transition(item: dict, label: str, problems: list[str]) -> list[Transition]:
    keys = {"event", "source", "target", "guard", "roles", "effects"}
    unknown = sorted(set(item) - keys)
    if unknown:
        problems.append(
            f"{label} has the unknown key {unknown[0]!r}; a transition has 'event', "
            f"'source', 'target', 'guard', 'roles' and 'effects'."
        )

    found = len(problems)
    for key in ("event", "target"):
        if not isinstance(item.get(key), str) or not item[key]:
            problems.append(f"{label} needs '{key}': a non-empty string.")
    sources = item.get("source")
    if isinstance(sources, str):
        sources = [sources]
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(source, str) for source in sources)
    ):
        problems.append(
            f"{label} needs 'source': a state name or a non-empty list of them."
        )
    guard = item.get("guard")
    if guard is not None and not isinstance(guard, str):
        problems.append(f"{label}: 'guard' must be the name of a guard or null.")
    names = {key: _names(item, key, label, problems) for key in ("roles", "effects")}
    if len(problems) > found:
        return []

    return [
        Transition(
            event=item["event"],
            source=source,
            target=item["target"],
            guard=guard,
            roles=names["roles"],
            effects=names["effects"],
        )
        for source in sources
    ]


def _names(item: dict, key: str, label: str, problems: list[str]) -> tuple[str, ...]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{label}: '{key}' must be a list of names.")
        return ()
    return tuple(value)


def definition_to_data(definition: WorkflowDefinition) -> dict[str, Any]:
    """The definition as declared data, guards and effects by name."""
    return {
        "name": definition.name,
        "title": definition.title,
        "description": definition.description,
        "states": [
            {
                "name": state.name,
                "title": state.title,
                "initial": state.initial,
                "final": state.final,
                "review": state.review,
            }
            for state in definition.states
        ],
        "transitions": [
            {
                "event": transition.event,
                "source": transition.source,
                "target": transition.target,
                "guard": transition.guard,
                "roles": list(transition.roles),
                "effects": list(transition.effects),
            }
            for transition in definition.transitions
        ],
    }


def _kind(value: Any) -> str:
    # People write JSON or YAML, not Python: name the type they sent.
    if value is None:
        return "nothing"
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    return names.get(type(value), "a number")
