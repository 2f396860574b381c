"""What a sampler is: it orders the candidate tasks of a label stream."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

COSTS = ("index", "scan")


class SamplerParametersInvalid(ValueError):
    """A project's parameters for a sampler do not fit the sampler's schema."""


@dataclass
class SamplingContext:
    """Everything a sampler may read when it orders candidates.

    ``task`` is the Task model class (its columns are what a sampler orders
    by: ``inner_id``, ``random_key``, the stored keys ``prediction_score``,
    ``prediction_margin``, ``prediction_entropy`` and ``disagreement``),
    ``project`` and ``user`` the rows, ``parameters`` the project's
    parameters for this sampler (checked against its schema, defaults
    filled in), ``dialect`` ``"sqlite"`` or ``"postgresql"``. ``prediction``
    and ``annotation`` are those model classes, for a sampler that needs a
    subquery of its own.
    """

    project: Any
    user: Any
    task: Any
    parameters: Mapping[str, Any] = field(default_factory=dict)
    dialect: str = "sqlite"
    prediction: Any = None
    annotation: Any = None


class Sampler:
    """Orders the candidates of a label stream.

    ``order(candidates, context)`` receives a SQLAlchemy ``Select`` of the
    tasks the annotator may get (already narrowed by state, overlap, locks,
    the annotator's own earlier work and the data-manager view they label
    from) and returns it ordered, or a sequence of selects tried in turn
    until one yields a task (a random sampler starts at a random key and
    wraps around). It must return queries, never a Python list of ids: the
    core adds ``LIMIT 1``, row locking, and runs them.
    """

    name: ClassVar[str]
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    aliases: ClassVar[Sequence[str]] = ()
    """Other names a project may use, such as Label Studio's ``sampling`` values."""
    parameters: ClassVar[Mapping[str, Any]] = {}
    """JSON schema properties of this sampler's per-project parameters; a
    ``default`` in a property fills a parameter the project leaves out."""
    keys: ClassVar[Sequence[str]] = ()
    """The stored task keys this sampler orders by (``prediction_score``,
    ...), so that the core refreshes them when the project's model version
    changes before the sampler reads them."""
    cost: ClassVar[str] = "index"
    """``"index"`` when each request reads one index range, whatever the
    project's size; ``"scan"`` when it may read many candidates (say so in
    ``description``)."""

    def order(self, candidates: Any, context: SamplingContext) -> Any:
        raise NotImplementedError

    def check_parameters(self, given: Mapping[str, Any] | None) -> dict[str, Any]:
        """``given`` checked against ``parameters``, with defaults filled in.

        Raises ``SamplerParametersInvalid`` with a sentence naming the
        sampler, the parameter, what it expects and what came.
        """
        from labelcore.sampling.parameters import check_sampler_parameters

        return check_sampler_parameters(self, given)
