"""Job kinds by name, so a queue entry needs only the kind and the job id."""

from __future__ import annotations

from collections.abc import Callable

_KINDS: dict[str, Callable] = {}


def job_kind(name: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as the runner of jobs of kind ``name``."""

    def register(function: Callable) -> Callable:
        existing = _KINDS.get(name)
        if existing is not None and existing is not function:
            raise ValueError(
                f"Job kind {name!r} is already registered by "
                f"{existing.__module__}.{existing.__qualname__}."
            )
        _KINDS[name] = function
        return function

    return register


def runner_for(name: str) -> Callable:
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join(sorted(_KINDS)) or "none"
        raise LookupError(
            f"No job kind {name!r} is registered (known: {known})."
        ) from None
