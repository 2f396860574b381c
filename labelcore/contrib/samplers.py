"""What a sampler is: it orders the candidate tasks of a label stream."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass
class SamplingContext:
    """Everything a sampler may read when it orders candidates.

    ``task`` is the Task model class (its columns are what a sampler orders
    by), ``project`` and ``user`` the rows, ``parameters`` the project's
    settings for this sampler, ``dialect`` ``"sqlite"`` or ``"postgresql"``.
    """

    project: Any
    user: Any
    task: Any
    parameters: Mapping[str, Any] = field(default_factory=dict)
    dialect: str = "sqlite"


class Sampler:
    """Orders the candidates of a label stream.

    ``order(candidates, context)`` receives a SQLAlchemy ``Select`` of the
    tasks the annotator may get (already narrowed by state, overlap, locks
    and the annotator's own earlier work) and returns it ordered, or a
    sequence of selects tried in turn until one yields a task (a random
    sampler starts at a random key and wraps around). It must return
    queries, never a Python list of ids: the core adds ``LIMIT`` and runs
    them.
    """

    name: ClassVar[str]
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    aliases: ClassVar[Sequence[str]] = ()
    """Other names a project may use, such as Label Studio's ``sampling`` values."""
    parameters: ClassVar[Mapping[str, Any]] = {}
    """JSON schema properties of this sampler's per-project parameters."""

    def order(self, candidates: Any, context: SamplingContext) -> Any:
        raise NotImplementedError
