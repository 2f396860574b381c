"""The web UI: the built single-page app, its shared ES modules and plugin web modules.

The app is built by ``npm run build`` in ``webapp/`` into ``labelcore/static/app``
(carried by the wheel). ``index.html`` answers ``/`` and every other path that is
not the API, an asset or a plugin module, so the app can route on the client.
Hashed files under ``assets/`` never change and are cached for a year; the
stable URLs of the import map (``vendor/``) and of plugin modules are revalidated
on every load, so an upgrade reaches the browser at once. A plugin module may
import chunks that lie in its own folder (heavy libraries loaded on demand);
they are served beside it, at ``/plugins/<plugin>/<file>``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, jsonify, send_file, url_for

log = logging.getLogger(__name__)

STATIC_APP = Path(__file__).parent / "static" / "app"
WEBAPP_BUILD = "npm ci && npm run build (in webapp/)"
ONE_YEAR = 365 * 24 * 3600
JAVASCRIPT = "text/javascript; charset=utf-8"
# What a web module may load from its own folder on demand.
CHUNK_SUFFIXES = (".js", ".mjs", ".css")
# Paths the client router never owns: a miss there is a real 404, not the app.
NOT_APP_PREFIXES = ("api/", "assets/", "vendor/", "plugins/", "data/", "health")

blp = Blueprint("labelcore_web", __name__)


def _error(status: int, detail: str, **extra):
    response = jsonify({"status_code": status, "detail": detail, **extra})
    response.status_code = status
    return response


def _web_modules() -> list:
    return current_app.extensions["labelcore"].plugins.web_modules


def _build_hint(module_path: Path) -> str:
    """The command that builds a missing web module, found beside its sources."""
    for folder in list(module_path.parents)[:5]:
        for candidate in (folder / "package.json", folder / "web" / "package.json"):
            if candidate.is_file():
                return f"npm ci && npm run build (in {candidate.parent})"
    return "the plugin's web build (see its README), then reinstall the plugin"


@blp.get("/api/plugins/web-modules")
def list_web_modules():
    """Every plugin web module the web UI imports, in load order."""
    return jsonify(
        [
            {
                "plugin": plugin_name,
                "name": module.name,
                "url": url_for(
                    "labelcore_web.plugin_module",
                    plugin_name=plugin_name,
                    module_name=module.name,
                ),
            }
            for plugin_name, module in _web_modules()
        ]
    )


@blp.get("/plugins/<plugin_name>/<path:module_name>")
def plugin_module(plugin_name: str, module_name: str):
    """One plugin web module, as JavaScript."""
    found = next(
        (
            module
            for owner, module in _web_modules()
            if owner == plugin_name and module.name == module_name
        ),
        None,
    )
    if found is None:
        chunk = _chunk_beside_modules(plugin_name, module_name)
        if chunk is not None:
            return _javascript(chunk)
    if found is None:
        return _error(
            404,
            f"Plugin {plugin_name!r} has no web module {module_name!r}; "
            f"GET /api/plugins/web-modules lists the modules that are installed.",
            code="not_found",
        )

    path = Path(found.path)
    if not path.is_file():
        hint = _build_hint(path)
        log.warning("Web module %s of plugin %s is not built", path, plugin_name)
        return _error(
            404,
            f"The web module {module_name!r} of plugin {plugin_name!r} is not built: "
            f"{path} is missing. Build it with: {hint}.",
            code="web_module_not_built",
            build_command=hint,
        )

    return _javascript(path)


def _javascript(path: Path):
    mimetype = "text/css" if path.suffix == ".css" else JAVASCRIPT
    response = send_file(path, mimetype=mimetype, max_age=0, conditional=True)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _chunk_beside_modules(plugin_name: str, file_name: str) -> Path | None:
    """A file a plugin's web module imports on demand (a chunk of a heavy library),
    found in the folder of one of that plugin's modules and nowhere else."""
    if "/" in file_name or not file_name.endswith(CHUNK_SUFFIXES):
        return None
    for owner, module in _web_modules():
        if owner != plugin_name:
            continue
        folder = Path(module.path).parent.resolve()
        candidate = (folder / file_name).resolve()
        if candidate.parent == folder and candidate.is_file():
            return candidate
    return None


@blp.get("/assets/<path:file_name>")
def hashed_asset(file_name: str):
    """A build file whose name carries its content hash: cached for a year."""
    response = _static_file("assets", file_name)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


@blp.get("/vendor/<path:file_name>")
def vendor_module(file_name: str):
    """A shared module of the import map (React, Konva, the plugin API)."""
    response = _static_file("vendor", file_name)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _static_file(folder: str, file_name: str):
    # Each route serves its own folder only, however the name is spelled.
    root = (STATIC_APP / folder).resolve()
    path = (root / file_name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        abort(404)
    mimetype = JAVASCRIPT if path.suffix in {".js", ".mjs"} else None
    return send_file(path, mimetype=mimetype, max_age=0, conditional=True)


@blp.get("/", defaults={"client_path": ""})
@blp.get("/<path:client_path>")
def single_page_app(client_path: str):
    """``index.html`` for the app's own routes; real files at the top level as is."""
    if client_path.startswith(NOT_APP_PREFIXES):
        abort(404)

    if client_path and "/" not in client_path:
        top_level = STATIC_APP / client_path
        if top_level.is_file() and top_level.name != "index.html":
            return send_file(top_level, max_age=3600, conditional=True)

    index = STATIC_APP / "index.html"
    if not index.is_file():
        return _error(
            503,
            f"The web UI is not built: {index} is missing. "
            f"Build it with: {WEBAPP_BUILD}; the API works meanwhile.",
            code="webapp_not_built",
            build_command=WEBAPP_BUILD,
        )
    response = send_file(index, mimetype="text/html", max_age=0, conditional=True)
    response.headers["Cache-Control"] = "no-cache"
    return response


def register_web(app: Flask) -> None:
    """Serve the web UI and the plugins' web modules on ``app``."""
    app.register_blueprint(blp)
