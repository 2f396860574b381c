"""The ``templates`` plugin: built-in tags, the template gallery, the demos."""

from __future__ import annotations

from pathlib import Path

from labelcore import WebModule, hookimpl
from labelcore_templates.tags import ALL_TAG_TYPES

LABELCORE_PLUGIN_NAME = "templates"
"""Registered under the entry-point name even when a test passes the module."""

HERE = Path(__file__).parent
RENDERERS = HERE / "web" / "dist" / "renderers.js"


@hookimpl
def register_tag_types():
    return [tag_type() for tag_type in ALL_TAG_TYPES]


@hookimpl
def register_templates():
    from labelcore_templates.gallery import templates

    return templates()


@hookimpl
def register_demos():
    from labelcore_templates.demos import demos

    return demos()


@hookimpl
def register_web_modules():
    # Registered whether or not the web build has run: the server answers a
    # missing file with the command that builds it.
    return [WebModule(name="renderers.js", path=str(RENDERERS))]
