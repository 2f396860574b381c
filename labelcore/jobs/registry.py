"""Job kinds by name, so a queue entry needs only the kind and the job id."""

from __future__ import annotations

from collections.abc import Callable

_KINDS: dict[str, Callable] = {}
_PRIORITIES: dict[str, str] = {}


def job_kind(name: str, priority: str = "default") -> Callable[[Callable], Callable]:
    """Register the decorated function as the runner of jobs of kind ``name``,
    queued at ``priority`` (``high``, ``default`` or ``low``) unless the
    caller of ``enqueue`` says otherwise."""

    def register(function: Callable) -> Callable:
        existing = _KINDS.get(name)
        if existing is not None and existing is not function:
            raise ValueError(
                f"Job kind {name!r} is already registered by "
                f"{existing.__module__}.{existing.__qualname__}."
            )
        _KINDS[name] = function
        _PRIORITIES[name] = priority
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


def priority_of(name: str) -> str:
    return _PRIORITIES.get(name, "default")
