"""Checking a project's sampler parameters against the sampler's schema."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import fastjsonschema
import orjson

from labelcore.contrib.samplers import SamplerParametersInvalid


@lru_cache(maxsize=128)
def _validator(schema_json: bytes):
    return fastjsonschema.compile(orjson.loads(schema_json))


def parameters_schema(sampler) -> dict[str, Any]:
    """The whole JSON schema of a sampler's parameters, as the API lists it."""
    return {
        "type": "object",
        "properties": dict(sampler.parameters),
        "additionalProperties": False,
    }


def check_sampler_parameters(sampler, given: Mapping[str, Any] | None) -> dict:
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        raise SamplerParametersInvalid(
            f"The parameters of the sampler {sampler.name!r} must be a JSON "
            f"object, got {type(given).__name__}. Send them as "
            f'{{"sampler_parameters": {{...}}}}.'
        )

    unknown = sorted(set(given) - set(sampler.parameters))
    if unknown:
        known = ", ".join(sorted(sampler.parameters)) or "none"
        raise SamplerParametersInvalid(
            f"The sampler {sampler.name!r} has no parameter "
            f"{', '.join(repr(name) for name in unknown)}; its parameters are: "
            f"{known}."
        )

    validate = _validator(orjson.dumps(parameters_schema(sampler)))
    try:
        checked = validate(dict(given))
    except fastjsonschema.JsonSchemaValueException as error:
        field = error.path[-1] if len(error.path) > 1 else "parameters"
        raise SamplerParametersInvalid(
            f"The sampler {sampler.name!r} refused its parameter {field!r}: "
            f"{error.message}, got {error.value!r}."
        ) from None
    return checked
