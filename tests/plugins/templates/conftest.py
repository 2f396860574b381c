"""The config compiler built the way the app builds it: from a plugin set."""

from __future__ import annotations

import labelcore_templates.plugin
import pytest

from labelcore.config import ConfigCompiler
from labelcore.plugins import build_plugin_set
from labelcore.settings import Settings


@pytest.fixture(scope="session")
def plugin_set():
    return build_plugin_set(
        Settings(disable_plugin_autoload=True),
        extra_plugins=[labelcore_templates.plugin],
    )


@pytest.fixture(scope="session")
def compiler(plugin_set):
    return ConfigCompiler(plugin_set.tag_types)
