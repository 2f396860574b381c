"""label-studio-sdk's webhook client against a live server: create, list,
the catalogue, and a delivery to a receiver on 127.0.0.1."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_the_sdk_creates_a_webhook_that_hears_a_project_created_by_the_sdk(
    launch_live_server, receiver
):
    from label_studio_sdk import LabelStudio

    server = launch_live_server(
        extra_environment={"LABELCORE_OUTBOUND_ALLOW": "127.0.0.1"}
    )
    sdk = LabelStudio(base_url=server.url, api_key=server.token)

    hook = sdk.webhooks.create(url=receiver.url, actions=["PROJECT_CREATED"])
    project = sdk.projects.create(title="Told by a webhook")
    received = receiver.wait_for(1)

    assert hook.id in [item.id for item in sdk.webhooks.list()]
    assert received[0]["json"]["action"] == "PROJECT_CREATED"
    assert received[0]["json"]["project"]["id"] == project.id
    assert received[0]["json"]["project"]["title"] == "Told by a webhook"
    info = sdk.webhooks.info()
    assert info.project_created is not None
