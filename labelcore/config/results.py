"""Checking annotation and prediction results against a compiled config.

A result is Label Studio's list of items ``{id, from_name, to_name, type,
value, score?, ...}``. The checks here know the format, not the tags: each
control's JSON schema, options and ``check_value`` bring the tag's own rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import fastjsonschema
import orjson

from labelcore.config.data_keys import MISSING
from labelcore.config.issues import ResultIssue
from labelcore.config.suggest import quoted_list
from labelcore.config.value_kinds import describe_value
from labelcore.contrib.tags import ControlTagType, ResultContext

if TYPE_CHECKING:
    from labelcore.config.compiled import CompiledControl
    from labelcore.config.parsed import ParsedConfig

RELATION = "relation"
DIRECTIONS = ("left", "right", "bi")


def check_result_items(
    parsed: ParsedConfig, result: Any, task_data: Mapping[str, Any] | None
) -> list[ResultIssue]:
    if type(result) is list and _quickly_valid(parsed, result, task_data):
        return []

    if not isinstance(result, list):
        return [
            ResultIssue(
                None,
                "result",
                f"must be a list of result items; got {describe_value(result)}",
            )
        ]

    ids = {
        item.get("id")
        for item in result
        if isinstance(item, Mapping) and _is_id(item.get("id"))
    }
    region_ids = _region_ids(parsed, result)
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
            issues.extend(_check_relation(parsed, index, item, ids, task_data))
        else:
            issues.extend(
                _check_item(parsed, index, item, task_data, result, region_ids)
            )

    issues.extend(_usage_problems(parsed, result))
    return issues


def _region_ids(parsed: ParsedConfig, result: list) -> set:
    region_ids = set()
    for item in result:
        if not isinstance(item, Mapping):
            continue
        control, _ = parsed.control_for(item.get("from_name"))
        makes_region = control is not None and control.tag_type.creates_regions
        if makes_region and _is_id(item.get("id")):
            region_ids.add(item.get("id"))
    return region_ids


def _check_relation(parsed, index: int, item: Mapping[str, Any], ids: set, data):
    issues = []
    for end in ("from_id", "to_id"):
        region_id = item.get(end)
        if not _is_id(region_id) or region_id not in ids:
            issues.append(
                ResultIssue(
                    index,
                    end,
                    f"the relation points at region {region_id!r}, which is not "
                    f"in this result; relate the ids of two items of the result",
                )
            )

    direction = item.get("direction", "right")
    if direction not in DIRECTIONS:
        issues.append(
            ResultIssue(
                index,
                "direction",
                f"must be one of {quoted_list(DIRECTIONS)}; got "
                f"{describe_value(direction)}",
            )
        )

    labels = item.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        issues.append(
            ResultIssue(
                index,
                "labels",
                f"must be a list of relation labels (strings); got "
                f"{describe_value(labels)}",
            )
        )
        return issues

    relations = [
        c for c in parsed.controls.values() if c.tag_type.result_type == RELATION
    ]
    if not relations or not labels:
        return issues
    allowed: set[str] = set()
    for control in relations:
        found = _allowed_values(control, data)
        if found is None:
            return issues
        allowed |= found
    for label in labels:
        if label not in allowed:
            issues.append(
                ResultIssue(
                    index,
                    "labels",
                    f"relation label {label!r} is not in the config; expected one "
                    f"of {quoted_list(sorted(allowed))}",
                )
            )
    return issues


def _check_item(
    parsed: ParsedConfig,
    index: int,
    item: Mapping[str, Any],
    task_data: Mapping[str, Any] | None,
    result: list,
    region_ids: set,
) -> list[ResultIssue]:
    from_name = item.get("from_name")
    control, repeat_index = parsed.control_for(from_name)
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
    targets = control.to_name
    if control.repeat is not None and repeat_index is not None:
        targets = tuple(control.repeat.substitute(t, repeat_index) for t in targets)
    # A control may name itself as the target (Pairwise, Chat).
    if targets and to_name not in targets and to_name != control.name:
        return [
            issue(
                "to_name",
                f"{control.tag!r} {control.name!r} labels "
                f"{quoted_list(targets)}, not {to_name!r}",
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
    region_id = item.get("id")
    on_region = _is_id(region_id) and region_id in region_ids
    if control.attribute("perRegion") and not on_region:
        issues.append(
            issue(
                "id",
                f'{control.name!r} is per region (perRegion="true"), so its '
                f"result must carry the id of a region in this result; got "
                f"{describe_value(item.get('id'))}",
            )
        )

    target = parsed.object_for(to_name, repeat_index)
    object_value = _object_value(target, repeat_index, task_data)
    problem = _item_index_problem(item, object_value)
    if problem is not None:
        issues.append(issue("item_index", problem))
        object_value = None
    elif isinstance(object_value, list) and item.get("item_index") is not None:
        object_value = object_value[item["item_index"]]

    context = ResultContext(
        control=control,
        target=target,
        object_value=object_value,
        task_data=task_data,
        item=item,
        config=parsed,
        items=result,
    )
    for field, message in control.tag_type.check_value(value, context) or ():
        issues.append(issue(field, message))
    return issues


def _object_value(target, repeat_index: int | None, task_data) -> Any:
    if target is None or task_data is None:
        return None
    key = target.data_key_at(repeat_index)
    if key is None:
        return None
    value = key.resolve(task_data)
    return None if value is MISSING else value


def _item_index_problem(item: Mapping[str, Any], object_value: Any) -> str | None:
    # Several images (or texts) per task: each region says which one it is on.
    if "item_index" not in item or item["item_index"] is None:
        return None
    position = item["item_index"]
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        return f"must be a whole number from 0; got {describe_value(position)}"
    if isinstance(object_value, list) and position >= len(object_value):
        return (
            f"is {position}, but the task has {len(object_value)} items at that "
            f"key; item_index counts from 0"
        )
    return None


def _usage_problems(parsed: ParsedConfig, result: list) -> list[ResultIssue]:
    """``maxUsages``: how often one label may be used in one result."""
    counts: dict[tuple[str, str], int] = {}
    issues = []
    for index, item in enumerate(result):
        if not isinstance(item, Mapping):
            continue
        control, _ = parsed.control_for(item.get("from_name"))
        if control is None or not control.tag_type.creates_regions:
            continue
        limits = control.option_limits
        value = item.get("value")
        if not limits or not isinstance(value, Mapping):
            continue
        chosen = value.get(control.tag_type.result_type)
        if not isinstance(chosen, list):
            continue
        for label in chosen:
            if not isinstance(label, str) or label not in limits:
                continue
            key = (control.name, label)
            counts[key] = counts.get(key, 0) + 1
            if counts[key] == limits[label] + 1:
                issues.append(
                    ResultIssue(
                        index,
                        f"value.{control.tag_type.result_type}",
                        f"label {label!r} may be used at most "
                        f"{_times(limits[label])} per task (maxUsages); this "
                        f"is use {counts[key]}",
                        control.name,
                    )
                )
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

    problems = []
    for choice in chosen:
        if isinstance(choice, list):
            # Nested choices (a taxonomy path) are checked by their tag.
            continue
        if choice not in allowed:
            noun = control.tag_type.option_tag.lower()
            expected = quoted_list(o.value for o in control.options) or quoted_list(
                sorted(allowed)
            )
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


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _is_id(region_id: Any) -> bool:
    return isinstance(region_id, (str, int)) and not isinstance(region_id, bool)


# -- the quick path ----------------------------------------------------------
#
# Most results an import or the labeling UI sends are plain: items of
# controls named as they are, no relation, no per-region control, no
# ``maxUsages``. For those, each control's rules are gathered once per
# compiled config into a ``_QuickCheck``, and an item only passes through
# them. Where nothing but the value decides (the tag says
# ``checks_value_alone``, its options are not loaded from the task, and it
# makes no region), a value found valid is remembered: a classifier's
# predictions repeat a few values over a whole import. Whatever the quick
# path does not handle, or finds wrong, goes through the checks above,
# which say what is wrong: the quick path only ever answers "valid".

KNOWN_VALUES = 4096
"""Values remembered valid per control, before the memory starts anew."""


class _QuickCheck:
    __slots__ = (
        "allowed",
        "check_value",
        "control",
        "dynamic",
        "known",
        "option_field",
        "result_type",
        "target",
        "targets",
        "validate",
    )

    def __init__(self, parsed: ParsedConfig, control: CompiledControl):
        tag_type = control.tag_type
        self.control = control
        self.result_type = tag_type.result_type
        self.targets = frozenset(control.to_name) | {control.name}
        if not control.to_name:
            self.targets = None
        self.validate = control.validate_value
        self.known: set[bytes] | None = None
        self.option_field = tag_type.result_type if tag_type.option_tag else None
        self.dynamic = control.dynamic_options_key is not None
        self.allowed = control.allowed_values
        own_check = type(tag_type).check_value is not ControlTagType.check_value
        self.check_value = tag_type.check_value if own_check else None
        # A remembered value stands for the whole verdict when nothing in it
        # reads the task: not the tag's own check, nor options from the task.
        value_alone = not self.dynamic and (
            not own_check or tag_type.checks_value_alone
        )
        if value_alone and not tag_type.creates_regions:
            self.known = set()
        self.target = (
            {name: parsed.object_for(name, None) for name in control.to_name}
            if own_check
            else None
        )

    def valid(
        self,
        parsed: ParsedConfig,
        item: dict,
        task_data: Mapping[str, Any] | None,
        result: list,
    ) -> bool:
        to_name = item.get("to_name")
        if self.targets is not None and (
            type(to_name) is not str or to_name not in self.targets
        ):
            return False
        given_type = item.get("type")
        if type(given_type) is not str or given_type.lower() != self.result_type:
            return False
        if "item_index" in item or not _score_ok(item.get("score")):
            return False
        value = item.get("value")
        if type(value) is not dict:
            return False
        known = self.known
        key = None
        if known is not None:
            try:
                key = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
            except TypeError:
                return False
            if key in known:
                return True
        if not self._value_ok(value, task_data, item, result, parsed):
            return False
        if key is not None:
            if len(known) >= KNOWN_VALUES:
                known.clear()
            known.add(key)
        return True

    def _value_ok(
        self,
        value: dict,
        task_data: Mapping[str, Any] | None,
        item: dict,
        result: list,
        parsed: ParsedConfig,
    ) -> bool:
        if self.validate is not None:
            try:
                self.validate(dict(value))
            except fastjsonschema.JsonSchemaValueException:
                return False
        if self.option_field is not None and not self._options_ok(value, task_data):
            return False
        if self.check_value is None:
            return True

        to_name = item.get("to_name")
        target = None
        if self.target is not None and type(to_name) is str:
            target = self.target.get(to_name)
        if target is None:
            target = parsed.object_for(to_name, None)
        context = ResultContext(
            control=self.control,
            target=target,
            object_value=_object_value(target, None, task_data),
            task_data=task_data,
            item=item,
            config=parsed,
            items=result,
        )
        return not self.check_value(value, context)

    def _options_ok(self, value: dict, task_data: Mapping[str, Any] | None) -> bool:
        chosen = value.get(self.option_field)
        if type(chosen) is not list:
            return not isinstance(chosen, list)
        allowed = self.allowed
        if self.dynamic:
            allowed = _allowed_values(self.control, task_data)
            if allowed is None:
                return True
        for choice in chosen:
            # Nested choices (a taxonomy path) are the tag's to check; the
            # options are strings, so anything else is not one of them.
            if isinstance(choice, list):
                continue
            if type(choice) is not str or choice not in allowed:
                return False
        return True


def _score_ok(score: Any) -> bool:
    return score is None or _is_probability(score)


def _quick_checks(parsed: ParsedConfig) -> dict[str, _QuickCheck]:
    checks = getattr(parsed, "_quick_checks", None)
    if checks is None:
        checks = {}
        for name, control in parsed.controls.items():
            tag_type = control.tag_type
            if (
                control.repeat is not None
                or tag_type.result_type == RELATION
                or control.attribute("perRegion")
                or (tag_type.creates_regions and control.option_limits)
            ):
                continue
            checks[name] = _QuickCheck(parsed, control)
        parsed._quick_checks = checks
    return checks


def _quickly_valid(
    parsed: ParsedConfig, result: list, task_data: Mapping[str, Any] | None
) -> bool:
    """True only when ``result`` has no problem; False also when the quick
    path cannot tell."""
    checks = _quick_checks(parsed)
    for item in result:
        if type(item) is not dict:
            return False
        from_name = item.get("from_name")
        check = checks.get(from_name) if type(from_name) is str else None
        if check is None or not check.valid(parsed, item, task_data, result):
            return False
    return True
