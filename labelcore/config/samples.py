"""Sample tasks for any config: data for every object, a result per control.

The config editor previews a config that has no data yet with one of
these, and the gallery fills in what its templates leave out. The tags make
the values up (``ObjectTagType.sample_data``, ``ControlTagType.sample_value``);
this module only places them: data at each ``$key`` (list items for a
``Repeater``), loaded options at dynamic keys, per-region results on the id
of a region, and a relation between the first two regions.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from labelcore.config.data_keys import MISSING, DataKey
from labelcore.config.parsed import ParsedConfig
from labelcore.contrib.tags import ResultContext

REPEAT_ITEMS = 2
RELATION = "relation"


def sample_task(parsed: ParsedConfig, data: Mapping[str, Any] | None = None) -> dict:
    """``{"data": ..., "predictions": [{"result": [...]}]}`` for ``parsed``.

    Keys already in ``data`` are kept as given; the rest are made up. Every
    control that makes results gets one valid result item.
    """
    data = copy.deepcopy(dict(data or {}))
    for target in parsed.objects.values():
        _fill_object(target, data)
    for control in parsed.controls.values():
        key = control.dynamic_options_key
        if key is not None and key.resolve(data) is MISSING:
            _place(data, key, [{"value": "Option A"}, {"value": "Option B"}])

    return {
        "data": data,
        "predictions": [
            {
                "model_version": "sample",
                "score": 0.5,
                "result": sample_result(parsed, data),
            }
        ],
    }


def _fill_object(target, data: dict) -> None:
    if target.data_key is None:
        return
    if target.repeat is None:
        if target.data_key.resolve(data) is MISSING:
            _place(data, target.data_key, _sample_data(target))
        return

    if target.repeat.on.resolve(data) is MISSING:
        _place(data, target.repeat.on, [{} for _ in range(REPEAT_ITEMS)])
    items = target.repeat.on.resolve(data)
    for index in range(len(items) if isinstance(items, list) else 0):
        key = target.data_key_at(index)
        if key.resolve(data) is MISSING:
            _place(data, key, _sample_data(target))


def _sample_data(target) -> Any:
    value = target.tag_type.sample_data(target)
    return value if value is not None else f"Sample {target.tag} data"


def _place(data: dict, key: DataKey, value: Any) -> None:
    """Put ``value`` where ``key`` reads it: the literal key, or its path."""
    if key.parts is None or len(key.parts) == 1:
        data[key.key if key.parts is None else key.parts[0]] = value
        return

    holder: Any = data
    for part, following in zip(key.parts, key.parts[1:], strict=False):
        holder = _step(holder, part, following)
        if holder is None:
            data[key.key] = value
            return
    last = key.parts[-1]
    if isinstance(holder, list):
        index = int(last)
        holder.extend({} for _ in range(index + 1 - len(holder)))
        holder[index] = value
    else:
        holder[last] = value


def _step(holder: Any, part: str, following: str) -> Any:
    empty: Any = [] if following.isdigit() else {}
    if isinstance(holder, list):
        if not part.isdigit():
            return None
        index = int(part)
        holder.extend({} for _ in range(index + 1 - len(holder)))
        if not isinstance(holder[index], (dict, list)) or holder[index] == {}:
            holder[index] = holder[index] or empty
        return holder[index]
    if not isinstance(holder.get(part), (dict, list)):
        holder[part] = empty
    return holder[part]


def sample_result(parsed: ParsedConfig, data: Mapping[str, Any]) -> list[dict]:
    """One valid result item per control of ``parsed`` over ``data``."""
    regions: list[dict] = []
    others: list[dict] = []
    per_region = []
    for control in parsed.controls.values():
        if control.attribute("perRegion"):
            per_region.append(control)
            continue
        item = _item_for(parsed, control, data, f"sample-{len(regions) + len(others)}")
        if item is None:
            continue
        (regions if control.tag_type.creates_regions else others).append(item)

    for control in per_region:
        region = _region_on(regions, control)
        if region is None:
            continue
        item = _item_for(parsed, control, data, region["id"])
        if item is not None:
            item["to_name"] = region["to_name"]
            others.append(item)

    relations = [
        c for c in parsed.controls.values() if c.tag_type.result_type == RELATION
    ]
    if relations and len(regions) >= 2:
        relation = {
            "type": RELATION,
            "from_id": regions[0]["id"],
            "to_id": regions[1]["id"],
            "direction": "right",
        }
        if relations[0].options:
            relation["labels"] = [relations[0].options[0].value]
        others.append(relation)
    return regions + others


def _region_on(regions: list[dict], control) -> dict | None:
    for region in regions:
        if not control.to_name or region["to_name"] in control.to_name:
            return region
    return None


def _item_for(parsed: ParsedConfig, control, data, item_id: str) -> dict | None:
    name = control.name
    targets = control.to_name
    index = None
    if control.repeat is not None and control.repeat.index_flag in name:
        index = 0
        name = control.repeat.substitute(name, index)
        targets = tuple(control.repeat.substitute(t, index) for t in targets)
    to_name = targets[0] if targets else control.name

    target = parsed.object_for(to_name, index)
    object_value = None
    if target is not None:
        key = target.data_key_at(index)
        found = key.resolve(data) if key is not None else MISSING
        object_value = None if found is MISSING else found

    context = ResultContext(
        control=control,
        target=target,
        object_value=object_value,
        task_data=data,
        config=parsed,
    )
    value = control.tag_type.sample_value(context)
    if value is None:
        return None
    return {
        "id": item_id,
        "from_name": name,
        "to_name": to_name,
        "type": control.tag_type.result_type,
        "value": dict(value),
    }
