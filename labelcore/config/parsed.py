"""A compiled label config: what it shows, what it asks, how to check tasks.

``ParsedConfig`` is built by ``ConfigCompiler`` and shared between requests;
everything per task (``check_task_data``, ``check_result``) reads
precomputed lookups only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from labelcore.config.compiled import CompiledControl, CompiledObject
from labelcore.config.data_keys import MISSING, DataKey
from labelcore.config.issues import ConfigIssue, ResultIssue
from labelcore.config.results import check_result_items
from labelcore.config.suggest import quoted_list
from labelcore.config.value_kinds import describe_value, kind_checker
from labelcore.contrib.tags import ObjectTagType


@dataclass(frozen=True)
class _DataCheck:
    """What one object tag needs from every task, precomputed."""

    data_key: DataKey
    accepts: Any
    wording: str
    shown_by: str
    tag_type: ObjectTagType
    custom_check: bool
    element: CompiledObject | None = None
    takes_text: bool = False
    """Any string will do (the kinds include ``text``)."""


class ParsedConfig:
    """The result of compiling a config.

    ``objects`` and ``controls`` map tag names to their compiled form,
    ``data_keys`` lists every ``$key`` the config reads (in config order),
    ``warnings`` the issues that did not refuse it.
    """

    def __init__(
        self,
        xml: str,
        objects: dict[str, CompiledObject],
        controls: dict[str, CompiledControl],
        data_keys: list[str],
        warnings: list[ConfigIssue],
    ):
        self.xml = xml
        self.objects = objects
        self.controls = controls
        self.data_keys = data_keys
        self.warnings = warnings
        checks = [_data_check(obj) for obj in objects.values() if obj.repeat is None]
        self._data_checks = [check for check in checks if check]
        self._repeated = [obj for obj in objects.values() if obj.repeat is not None]
        self._option_keys = [
            (control.dynamic_options_key, control)
            for control in controls.values()
            if control.dynamic_options_key is not None and control.repeat is None
        ]
        self._repeat_patterns = [
            (control.repeat.pattern(name), control)
            for name, control in controls.items()
            if control.repeat is not None and control.repeat.index_flag in name
        ]
        self.task_data_ok = self._quick_data_check()
        """``task_data_ok(data)``: True when ``check_task_data(data)`` would
        find nothing, in fewer steps; ask ``check_task_data`` for the why."""

    def __repr__(self) -> str:
        return (
            f"<ParsedConfig controls={list(self.controls)} "
            f"objects={list(self.objects)}>"
        )

    def as_dict(self) -> dict[str, Any]:
        """The config in Label Studio's ``parsed_label_config`` shape."""
        parsed = {}
        for control in self.controls.values():
            if "name" not in control.attributes:
                # An unnamed <Relations> has no entry in Label Studio's shape.
                continue
            inputs = []
            for target_name in control.to_name:
                target = self.objects.get(target_name)
                if target is None:
                    continue
                inputs.append(
                    {
                        "type": target.tag,
                        "valueType": target.attributes.get("valueType"),
                        "value": target.value_key,
                    }
                )
            parsed[control.name] = {
                "type": control.tag,
                "to_name": list(control.to_name),
                "inputs": inputs,
                "labels": control.labels,
                "labels_attrs": {
                    option.value: dict(option.attributes) for option in control.options
                },
            }
        return parsed

    def describe(self) -> dict[str, Any]:
        """Controls and objects as plain data, for the web UI, exporters and
        ML backends: each control's tag, targets, labels and result type, each
        object's tag and data key, and every key the config reads.
        """
        return {
            "controls": {
                name: {
                    "type": control.tag,
                    "result_type": control.tag_type.result_type,
                    "to_name": list(control.to_name),
                    "labels": control.labels,
                    "labels_attrs": {
                        o.value: dict(o.attributes) for o in control.options
                    },
                    "dynamic_labels": control.dynamic_options_key is not None,
                    "creates_regions": control.tag_type.creates_regions,
                    "attributes": _plain(control.attributes),
                    "value_schema": dict(control.tag_type.value_schema),
                }
                for name, control in self.controls.items()
            },
            "objects": {
                name: {
                    "type": target.tag,
                    "value": target.value_key,
                    "value_kinds": list(
                        target.tag_type.value_kinds_for(target.attributes)
                    ),
                    "attributes": _plain(target.attributes),
                }
                for name, target in self.objects.items()
            },
            "data_keys": list(self.data_keys),
            "warnings": [issue.as_dict() for issue in self.warnings],
        }

    def check_task_data(self, data: Any) -> list[str]:
        """Why ``data`` cannot be shown with this config; empty when it can.

        Every ``$key`` an object tag reads must be present with a value of
        the kind that tag shows (a string for ``Text``, a URL for ``Image``).
        """
        if type(data) is not dict and not isinstance(data, Mapping):
            return [
                f"the task data must be a JSON object with the keys "
                f"{quoted_list(self.data_keys)}; got {describe_value(data)}"
            ]

        problems: list[str] = []
        for check in self._data_checks:
            _check_one_value(check, check.data_key, data, problems)

        if self._repeated:
            problems.extend(self._check_repeated(data))
        for key, control in self._option_keys:
            problems.extend(_check_dynamic_options(key, control, data))
        return problems

    def _quick_data_check(self) -> Callable[[Any], bool]:
        """A yes-or-no ``check_task_data`` for the common config: plain keys
        whose values only need the right kind, no repeater, no options
        loaded from the task. An import runs it for every item."""
        check_task_data = self.check_task_data
        quick = [
            (check.data_key.key, check.accepts, check.takes_text)
            for check in self._data_checks
            if not check.custom_check and check.data_key.parts is None
        ]
        if len(quick) != len(self._data_checks) or self._repeated or self._option_keys:
            return lambda data: not check_task_data(data)

        def task_data_ok(data: Any) -> bool:
            if type(data) is not dict:
                return not check_task_data(data)
            for key, accepts, takes_text in quick:
                value = data.get(key, MISSING)
                if takes_text and type(value) is str:
                    continue
                if value is MISSING or not accepts(value):
                    return False
            return True

        return task_data_ok

    def _check_repeated(self, data: Mapping[str, Any]) -> list[str]:
        problems: list[str] = []
        for target in self._repeated:
            check = _data_check(target)
            items = target.repeat.on.resolve(data)
            if items is MISSING or not isinstance(items, list):
                got = (
                    "is missing"
                    if items is MISSING
                    else (f"is {describe_value(items)}")
                )
                problems.append(
                    f"data key {target.repeat.on.key!r} (repeated over by "
                    f"{target.tag} {target.name!r}) must be a list; it {got}"
                )
                continue
            if check is None:
                continue
            for index in range(len(items)):
                _check_one_value(check, target.data_key_at(index), data, problems)
        return list(dict.fromkeys(problems))

    def control_for(self, from_name: Any) -> tuple[CompiledControl | None, int | None]:
        """The control a result's ``from_name`` names, and its repeater index.

        Inside a ``Repeater`` the name ``choice_3`` matches the control
        written as ``choice_{{idx}}``, with index 3.
        """
        if not isinstance(from_name, str):
            return None, None
        control = self.controls.get(from_name)
        if control is not None:
            return control, None
        for pattern, repeated in self._repeat_patterns:
            match = pattern.fullmatch(from_name)
            if match:
                return repeated, int(match.group(1))
        return None, None

    def object_for(self, to_name: Any, index: int | None) -> CompiledObject | None:
        """The object a result's ``to_name`` names (a repeated one by index)."""
        if not isinstance(to_name, str):
            return None
        target = self.objects.get(to_name)
        if target is not None or index is None:
            return target
        for name, candidate in self.objects.items():
            repeat = candidate.repeat
            if repeat is not None and repeat.substitute(name, index) == to_name:
                return candidate
        return None

    def check_result(
        self, result: Any, task_data: Mapping[str, Any] | None = None
    ) -> list[ResultIssue]:
        """Every problem in an annotation's or prediction's ``result`` list.

        ``task_data`` lets span offsets be checked against the text; without
        it (a prediction on its own) those checks are skipped.
        """
        return check_result_items(self, result, task_data)


def _data_check(target: CompiledObject) -> _DataCheck | None:
    if target.data_key is None:
        return None
    kinds = tuple(target.tag_type.value_kinds_for(target.attributes))
    accepts, wording = kind_checker(kinds)
    tag_class = type(target.tag_type)
    custom = (
        tag_class.check_data is not ObjectTagType.check_data
        or tag_class.check_data_for is not ObjectTagType.check_data_for
    )
    return _DataCheck(
        data_key=target.data_key,
        accepts=accepts,
        wording=wording,
        shown_by=f"{target.tag} {target.name!r}",
        tag_type=target.tag_type,
        custom_check=custom,
        element=target,
        takes_text="text" in kinds or "any" in kinds or not kinds,
    )


def _check_one_value(check: _DataCheck, key: DataKey, data, problems: list) -> None:
    value = key.resolve(data)
    if value is MISSING:
        problems.append(_missing_key(check, data, key))
    elif not check.accepts(value):
        problems.append(
            f"data key {key.key!r} (shown by {check.shown_by}) "
            f"must be {check.wording}; got {describe_value(value)}"
        )
    elif check.custom_check:
        reason = check.tag_type.check_data_for(value, check.element)
        if reason:
            problems.append(
                f"data key {key.key!r} (shown by {check.shown_by}): {reason}"
            )


def _check_dynamic_options(key: DataKey, control: CompiledControl, data) -> list:
    noun = (control.tag_type.option_tag or "option").lower()
    loaded = key.resolve(data)
    where = f"data key {key.key!r} (the {noun}s of {control.tag} {control.name!r})"
    if loaded is MISSING:
        present = quoted_list(list(data)) if data else "no keys"
        return [
            f"{where} is missing; the task has {present}. Add the list of "
            f'{noun}s to the task, or remove value="${key.key}" from the config'
        ]
    if not isinstance(loaded, list):
        return [
            f"{where} must be a list of strings or of objects with a 'value'; "
            f"got {describe_value(loaded)}"
        ]
    for position, option in enumerate(loaded):
        if isinstance(option, str):
            continue
        if isinstance(option, Mapping) and isinstance(option.get("value"), str):
            continue
        return [
            f"{where}: item {position} must be a string or an object with a "
            f"string 'value'; got {describe_value(option)}"
        ]
    return []


def _missing_key(check: _DataCheck, data: Mapping[str, Any], key: DataKey) -> str:
    present = quoted_list(list(data)) if data else "no keys"
    return (
        f"data key {key.key!r} (shown by {check.shown_by}) is "
        f"missing; the task has {present}. Rename the field in your data or "
        f"the $key in the config"
    )


def _plain(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: value
        for name, value in attributes.items()
        if isinstance(value, (str, int, float, bool)) or value is None
    }
