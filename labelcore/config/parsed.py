"""A compiled label config: what it shows, what it asks, how to check tasks.

``ParsedConfig`` is built by ``ConfigCompiler`` and shared between requests;
everything per task (``check_task_data``, ``check_result``) reads
precomputed lookups only.
"""

from __future__ import annotations

from collections.abc import Mapping
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
        self._data_checks = [_data_check(obj) for obj in objects.values()]
        self._data_checks = [check for check in self._data_checks if check]

    def __repr__(self) -> str:
        return (
            f"<ParsedConfig controls={list(self.controls)} "
            f"objects={list(self.objects)}>"
        )

    def as_dict(self) -> dict[str, Any]:
        """The config in Label Studio's ``parsed_label_config`` shape."""
        parsed = {}
        for control in self.controls.values():
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

    def check_task_data(self, data: Any) -> list[str]:
        """Why ``data`` cannot be shown with this config; empty when it can.

        Every ``$key`` an object tag reads must be present with a value of
        the kind that tag shows (a string for ``Text``, a URL for ``Image``).
        """
        if not isinstance(data, Mapping):
            return [
                f"the task data must be a JSON object with the keys "
                f"{quoted_list(self.data_keys)}; got {describe_value(data)}"
            ]

        problems: list[str] = []
        for check in self._data_checks:
            value = check.data_key.resolve(data)
            if value is MISSING:
                problems.append(_missing_key(check, data))
            elif not check.accepts(value):
                problems.append(
                    f"data key {check.data_key.key!r} (shown by {check.shown_by}) "
                    f"must be {check.wording}; got {describe_value(value)}"
                )
            elif check.custom_check:
                reason = check.tag_type.check_data(value)
                if reason:
                    problems.append(
                        f"data key {check.data_key.key!r} (shown by "
                        f"{check.shown_by}): {reason}"
                    )
        return problems

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
    custom = type(target.tag_type).check_data is not ObjectTagType.check_data
    return _DataCheck(
        data_key=target.data_key,
        accepts=accepts,
        wording=wording,
        shown_by=f"{target.tag} {target.name!r}",
        tag_type=target.tag_type,
        custom_check=custom,
    )


def _missing_key(check: _DataCheck, data: Mapping[str, Any]) -> str:
    present = quoted_list(list(data)) if data else "no keys"
    return (
        f"data key {check.data_key.key!r} (shown by {check.shown_by}) is "
        f"missing; the task has {present}. Rename the field in your data or "
        f"the $key in the config"
    )
