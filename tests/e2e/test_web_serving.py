"""How the server hands out the web UI, its shared modules and plugin web modules.

These run against a small stand-in for the built web UI, so they check the
serving rules (client routes, cache headers, content types, build hints)
whether or not ``npm run build`` has run.
"""

from __future__ import annotations

import pytest

from labelcore import WebModule, hookimpl

IMPORT_MAP_NAMES = (
    "react",
    "react/jsx-runtime",
    "react-dom/client",
    "konva",
    "react-konva",
    "@labelcore/plugin-api",
)


class ShipsWebModules:
    """A plugin that contributes the web modules it is given."""

    LABELCORE_PLUGIN_NAME = "shipper"

    def __init__(self, *modules: WebModule):
        self.modules = list(modules)

    @hookimpl
    def register_web_modules(self):
        return self.modules


@pytest.fixture
def built_app(tmp_path, monkeypatch):
    """A stand-in for ``labelcore/static/app`` as ``npm run build`` leaves it."""
    import labelcore.web

    root = tmp_path / "app"
    (root / "assets").mkdir(parents=True)
    (root / "vendor").mkdir()
    (root / "index.html").write_text(
        "<!doctype html><html><head><script type=importmap>{}</script></head>"
        '<body><div id="root"></div></body></html>'
    )
    (root / "assets" / "index-3f9a1c.js").write_text("console.log('app');\n")
    (root / "vendor" / "react.js").write_text("export default {};\n")
    (root / "favicon.svg").write_text("<svg/>")
    monkeypatch.setattr(labelcore.web, "STATIC_APP", root)
    return root


@pytest.fixture
def plugin_source(tmp_path):
    """A plugin's source folder with a web build, as a checkout of it holds."""
    source = tmp_path / "plugin-src"
    (source / "web").mkdir(parents=True)
    (source / "web" / "package.json").write_text("{}")
    return source


@pytest.fixture
def web_client(make_app, built_app, plugin_source, tmp_path, admin_token):
    """A token client of an app whose one plugin ships a built and a missing module."""
    built = tmp_path / "ready.js"
    built.write_text("export default { tags: {} };\n")
    missing = plugin_source / "pkg" / "web" / "dist" / "missing.js"
    plugin = ShipsWebModules(
        WebModule(name="ready.js", path=str(built)),
        WebModule(name="missing.js", path=str(missing)),
    )

    app = make_app(plugins=[plugin], disable_plugin_autoload=True)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {admin_token}"
    return client


@pytest.mark.parametrize("path", ["/", "/projects", "/projects/7/label", "/login"])
def test_client_routes_answer_the_app(web_client, path):
    response = web_client.get(path)

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b'<div id="root">' in response.data
    assert response.headers["Cache-Control"] == "no-cache"


def test_hashed_assets_are_cached_for_a_year(web_client):
    response = web_client.get("/assets/index-3f9a1c.js")

    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


def test_vendor_modules_are_javascript_revalidated_each_load(web_client):
    response = web_client.get("/vendor/react.js")

    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"


def test_top_level_build_files_are_served_as_they_are(web_client):
    response = web_client.get("/favicon.svg")

    assert response.status_code == 200
    assert response.data == b"<svg/>"


@pytest.mark.parametrize(
    "path",
    [
        "/api/no-such-endpoint",
        "/assets/gone-123.js",
        "/vendor/nothing.js",
        "/vendor/..%2findex.html",
        "/plugins/nobody/thing.js",
    ],
)
def test_misses_outside_the_client_routes_are_json_404s(web_client, path):
    response = web_client.get(path)

    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["status_code"] == 404


def test_web_modules_are_listed_with_their_urls(web_client):
    response = web_client.get("/api/plugins/web-modules")

    assert response.status_code == 200
    assert response.get_json() == [
        {"plugin": "shipper", "name": "ready.js", "url": "/plugins/shipper/ready.js"},
        {
            "plugin": "shipper",
            "name": "missing.js",
            "url": "/plugins/shipper/missing.js",
        },
    ]


def test_a_plugin_web_module_is_served_as_javascript(web_client):
    response = web_client.get("/plugins/shipper/ready.js")

    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.data == b"export default { tags: {} };\n"


def test_an_unbuilt_web_module_names_the_command_that_builds_it(
    web_client, plugin_source
):
    response = web_client.get("/plugins/shipper/missing.js")

    body = response.get_json()
    assert response.status_code == 404
    assert body["code"] == "web_module_not_built"
    assert "'missing.js' of plugin 'shipper' is not built" in body["detail"]
    assert f"npm ci && npm run build (in {plugin_source / 'web'})" in body["detail"]


def test_an_unknown_module_of_a_known_plugin_is_refused_by_name(web_client):
    response = web_client.get("/plugins/shipper/other.js")

    assert response.status_code == 404
    assert (
        "Plugin 'shipper' has no web module 'other.js'" in response.get_json()["detail"]
    )


def test_an_unbuilt_web_ui_says_how_to_build_it(web_client, built_app):
    (built_app / "index.html").unlink()

    response = web_client.get("/projects")

    assert response.status_code == 503
    assert response.get_json()["code"] == "webapp_not_built"
    assert "npm ci && npm run build (in webapp/)" in response.get_json()["detail"]


def test_the_web_ui_needs_no_login_but_the_module_list_does(make_app, built_app):
    anonymous = make_app(disable_plugin_autoload=True).test_client()

    assert anonymous.get("/projects/1").status_code == 200
    assert anonymous.get("/api/plugins/web-modules").status_code == 401


def test_the_built_index_publishes_every_shared_name_in_its_import_map():
    import json
    import re

    import labelcore.web

    index = labelcore.web.STATIC_APP / "index.html"
    if not index.is_file():
        pytest.fail(
            f"{index} is missing: build the web UI with `npm ci && npm run build` "
            "in webapp/ (make run and make test do this)."
        )

    match = re.search(
        r'<script type="importmap">(.*?)</script>', index.read_text(), re.S
    )
    assert match, "index.html has no import map"
    imports = json.loads(match.group(1))["imports"]
    for name in IMPORT_MAP_NAMES:
        assert imports[name].startswith("/vendor/")
        assert (labelcore.web.STATIC_APP / imports[name].lstrip("/")).is_file()


def test_chunks_beside_a_web_module_are_served_and_nothing_else(web_client, tmp_path):
    (tmp_path / "chunk-9f3a.js").write_text("export const heavy = 1;\n")
    (tmp_path / "chart-5c1d.css").write_text(".u-over { cursor: crosshair; }\n")
    (tmp_path / "notes.txt").write_text("not a module\n")
    (tmp_path.parent / "outside.js").write_text("export {};\n")

    chunk = web_client.get("/plugins/shipper/chunk-9f3a.js")
    styles = web_client.get("/plugins/shipper/chart-5c1d.css")

    assert chunk.status_code == 200
    assert chunk.mimetype == "text/javascript"
    assert chunk.headers["Cache-Control"] == "no-cache"
    assert styles.mimetype == "text/css"
    for path in (
        "/plugins/shipper/notes.txt",
        "/plugins/shipper/../outside.js",
        "/plugins/shipper/%2E%2E/outside.js",
        "/plugins/someone-else/chunk-9f3a.js",
    ):
        assert web_client.get(path).status_code == 404, path
