"""The REST API: Label Studio's paths and shapes, documented as OpenAPI."""

from __future__ import annotations

from flask import Flask, send_from_directory
from flask_smorest import Api

import labelcore
from labelcore.api.errors import register_error_handlers

SWAGGER_ASSETS = "/api/docs/assets/"


def _swagger_folder() -> str:
    import swagger_ui_bundle

    return swagger_ui_bundle.swagger_ui_path


def register_api(app: Flask) -> Api:
    from labelcore.api import (
        config,
        data_manager,
        drafts,
        jobs,
        members,
        organizations,
        projects,
        service,
        tasks,
        tokens,
        transfer,
        user_merge,
        users,
        workflow,
    )

    app.config.update(
        API_TITLE="LabelCore",
        API_VERSION=labelcore.__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/docs",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/",
        # Served by LabelCore itself: the docs must work with no network.
        OPENAPI_SWAGGER_UI_URL=SWAGGER_ASSETS,
    )
    api = Api(app, spec_kwargs={"info": {"description": "The LabelCore REST API."}})
    api.spec.components.security_scheme(
        "Token",
        {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <your API token>`",
        },
    )
    for module in (
        service,
        users,
        projects,
        config,
        tasks,
        transfer,
        jobs,
        data_manager,
        workflow,
        organizations,
        members,
        tokens,
        drafts,
        user_merge,
    ):
        api.register_blueprint(module.blp)

    @app.get(SWAGGER_ASSETS + "<path:filename>")
    def swagger_assets(filename: str):
        return send_from_directory(_swagger_folder(), filename, max_age=86400)

    register_error_handlers(app)
    return api
