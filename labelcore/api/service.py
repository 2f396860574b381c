"""The server itself: version, health, plugins, templates."""

from __future__ import annotations

from dataclasses import asdict

from flask import jsonify
from flask_smorest import Blueprint

import labelcore
from labelcore.api.access import app_state

blp = Blueprint("service", __name__, description="Server, plugins and templates")


@blp.route("/api/version/", methods=["GET"])
def version():
    """Versions of the server and its plugins (Label Studio's shape)."""
    plugins = {
        info["distribution"] or info["name"]: info["version"]
        for info in app_state().plugins.describe()
    }
    return jsonify(
        {
            "release": labelcore.__version__,
            "edition": "Community",
            "labelcore": {"version": labelcore.__version__},
            "plugins": plugins,
        }
    )


@blp.route("/health", methods=["GET"])
def health():
    """Liveness: ``{"status": "UP"}``."""
    return jsonify({"status": "UP"})


@blp.route("/api/plugins/", methods=["GET"])
def list_plugins():
    """Every loaded plugin with its distribution, version and contributions."""
    return jsonify(app_state().plugins.describe())


@blp.route("/api/templates/", methods=["GET"])
def list_templates():
    """The template gallery."""
    templates = app_state().plugins.templates.values()
    return jsonify(
        [
            {key: value for key, value in asdict(template).items()}
            for template in sorted(templates, key=lambda item: (item.group, item.title))
        ]
    )
