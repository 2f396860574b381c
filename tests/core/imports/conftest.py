"""Apps with exactly the plugins an import needs, registered directly.

The plugins other packages install into the shared environment stay out,
so these tests see only the core, the tags, the formats and the workflow.
"""

import labelcore_formats.plugin
import labelcore_samplers.plugin
import labelcore_templates.plugin
import labelcore_workflows.plugin
import pytest

from tests.support.credentials import ADMIN_TOKEN

IMPORT_PLUGINS = (
    labelcore_templates.plugin,
    labelcore_formats.plugin,
    labelcore_samplers.plugin,
    labelcore_workflows.plugin,
)


@pytest.fixture
def make_import_app(make_app):
    def factory(plugins=(), **settings):
        return make_app(
            plugins=(*IMPORT_PLUGINS, *plugins),
            disable_plugin_autoload=True,
            **settings,
        )

    return factory


@pytest.fixture
def app(make_import_app):
    return make_import_app()


def _token_client(flask_app):
    client = flask_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    return client


@pytest.fixture
def client_for():
    """``client_for(app)``: a test client that sends the admin's token."""
    return _token_client


@pytest.fixture
def client(app):
    return _token_client(app)
