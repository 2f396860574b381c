"""The plugin module the ``labelcore`` entry point ``example_tag`` names."""

from __future__ import annotations

from pathlib import Path

from labelcore import WebModule, hookimpl
from labelcore_example_tag.slider import Slider

LABELCORE_PLUGIN_NAME = "example_tag"

RENDERER = Path(__file__).parent / "web" / "slider.js"


@hookimpl
def register_tag_types():
    return [Slider()]


@hookimpl
def register_web_modules():
    # A hand-written ES module: no build step, so a pip install is all it needs.
    return [WebModule(name="slider.js", path=str(RENDERER))]
