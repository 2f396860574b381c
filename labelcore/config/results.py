"""Checking annotation and prediction results against a compiled config.

A result is Label Studio's list of items ``{id, from_name, to_name, type,
value, score?, ...}``. The checks here know the format, not the tags: each
control's JSON schema, options and ``check_value`` bring the tag's own rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import fastjsonschema

from labelcore.config.data_keys import MISSING
from labelcore.config.issues import ResultIssue
from labelcore.config.suggest import quoted_list
from labelcore.config.value_kinds import describe_value
from labelcore.contrib.tags import ResultContext

if TYPE_CHECKING:
    from labelcore.config.compiled import CompiledControl
    from labelcore.config.parsed import ParsedConfig

RELATION = "relation"


def check_result_items(
    parsed: ParsedConfig, result: Any, task_data: Mapping[str, Any] | None
) -> list[ResultIssue]:
    if not isinstance(result, list):
        return [
            ResultIssue(
                None,
                "result",
                f"must be a list of result items; got {describe_value(result)}",
            )
        ]

    ids = {item.get("id") for item in result if isinstance(item, Mapping)}
    issues: list[ResultIssue] = []
    for index, item in enumerate(result):
        if not isinstance(item, Mapping):
            issues.append(
                ResultIssue(
                    index,
                    "item",
                    f"must be an object with from_name, to_name, type and value; "
                    f"got {describe_value(item)}",
                )
            )
        elif item.get("type") == RELATION:
            issues.extend(_check_relation(index, item, ids))
        else:
            issues.extend(_check_item(parsed, index, item, task_data))
    return issues


def _check_relation(index: int, item: Mapping[str, Any], ids: set) -> list:
    issues = []
    for end in ("from_id", "to_id"):
        region_id = item.get(end)
        if region_id not in ids:
            issues.append(
                ResultIssue(
                    index,
                    end,
                    f"the relation points at region {region_id!r}, which is not "
                    f"in this result; relate the ids of two items of the result",
                )
            )
    return issues


def _check_item(
    parsed: ParsedConfig,
    index: int,
    item: Mapping[str, Any],
    task_data: Mapping[str, Any] | None,
) -> list[ResultIssue]:
    from_name = item.get("from_name")
    control = parsed.controls.get(from_name) if isinstance(from_name, str) else None
    if control is None:
        return [
            ResultIssue(
                index,
                "from_name",
                f"no control named {from_name!r} in the config; expected one of "
                f"{quoted_list(parsed.controls)}",
            )
        ]

    def issue(field: str, message: str) -> ResultIssue:
        return ResultIssue(index, field, message, from_name)

    to_name = item.get("to_name")
    if control.to_name and to_name not in control.to_name:
        return [
            issue(
                "to_name",
                f"{control.tag!r} {control.name!r} labels "
                f"{quoted_list(control.to_name)}, not {to_name!r}",
            )
        ]

    expected_type = control.tag_type.result_type
    given_type = item.get("type")
    if not isinstance(given_type, str) or given_type.lower() != expected_type:
        return [
            issue(
                "type",
                f"must be {expected_type!r} for the {control.tag!r} control; got "
                f"{given_type!r}",
            )
        ]

    value = item.get("value")
    if not isinstance(value, Mapping):
        return [issue("value", f"must be an object; got {describe_value(value)}")]

    schema_problem = _schema_problem(control, value)
    if schema_problem is not None:
        return [issue(*schema_problem)]

    issues = [issue(f, m) for f, m in _option_problems(control, value, task_data)]
    score = item.get("score")
    if score is not None and not _is_probability(score):
        issues.append(
            issue("score", f"must be a number from 0 to 1; got {describe_value(score)}")
        )

    target = parsed.objects.get(to_name)
    object_value = None
    if target is not None and target.data_key is not None and task_data is not None:
        object_value = target.data_key.resolve(task_data)
        object_value = None if object_value is MISSING else object_value
    context = ResultContext(
        control=control,
        target=target,
        object_value=object_value,
        task_data=task_data,
    )
    for field, message in control.tag_type.check_value(value, context) or ():
        issues.append(issue(field, message))
    return issues


def _schema_problem(control: CompiledControl, value: Mapping) -> tuple | None:
    if control.validate_value is None:
        return None
    try:
        control.validate_value(dict(value))
    except fastjsonschema.JsonSchemaValueException as error:
        field = "value" + (error.name or "data")[len("data") :]
        rule = (error.message or "").replace(error.name or "data", "", 1).strip()
        shown = describe_value(error.value)
        return field, f"{rule or 'does not match the schema'}; got {shown}"
    return None


def _option_problems(
    control: CompiledControl, value: Mapping, task_data: Mapping | None
) -> list[tuple[str, str]]:
    if control.tag_type.option_tag is None:
        return []
    field = control.tag_type.result_type
    chosen = value.get(field)
    if not isinstance(chosen, list):
        return []

    allowed = _allowed_values(control, task_data)
    if allowed is None:
        return []

    noun = control.tag_type.option_tag.lower()
    expected = quoted_list(o.value for o in control.options) or quoted_list(
        sorted(allowed)
    )
    problems = []
    for choice in chosen:
        if isinstance(choice, list):
            # Nested choices (a taxonomy path) are checked by their tag.
            continue
        if choice not in allowed:
            problems.append(
                (
                    f"value.{field}",
                    f"{noun} {choice!r} is not in the config; expected one of "
                    f"{expected}",
                )
            )
    return problems


def _allowed_values(control: CompiledControl, task_data: Mapping | None):
    if control.dynamic_options_key is None:
        return control.allowed_values
    if task_data is None:
        return None

    # Options loaded from the task: a list of {"value": ...} objects (with
    # optional "alias"), or of plain strings.
    loaded = control.dynamic_options_key.resolve(task_data)
    if not isinstance(loaded, list):
        return None
    allowed = set(control.allowed_values)
    for option in loaded:
        if isinstance(option, Mapping):
            allowed.update(
                str(option[key]) for key in ("value", "alias") if key in option
            )
        elif isinstance(option, str):
            allowed.add(option)
    return allowed


def _is_probability(score: Any) -> bool:
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        return False
    return 0.0 <= score <= 1.0
