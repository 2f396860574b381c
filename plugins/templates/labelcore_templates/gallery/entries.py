"""What one gallery entry declares; the group modules list them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VISION = "Computer Vision"
NLP = "Natural Language Processing"
AUDIO = "Audio and Speech Processing"
CONVERSATION = "Conversational AI"
RANKING = "Ranking and Scoring"
STRUCTURED = "Structured Data Parsing"
TIME_SERIES = "Time Series Analysis"
VIDEO = "Videos"
GENERATIVE = "Generative AI"
COMMUNITY = "Community Contributions"

GROUPS = (
    VISION,
    NLP,
    AUDIO,
    CONVERSATION,
    RANKING,
    STRUCTURED,
    TIME_SERIES,
    VIDEO,
    GENERATIVE,
    COMMUNITY,
)


@dataclass(frozen=True)
class Entry:
    """A template: its config, and the task data its sample should show.

    ``data`` gives realistic values for some keys; the sample task's other
    keys and its results are generated from the config (see
    ``tools/make_gallery_samples.py``). A string ``"@file"`` names a file of
    ``labelcore_templates/media``.
    """

    name: str
    title: str
    group: str
    description: str
    config: str
    data: dict[str, Any] = field(default_factory=dict)
