"""Changing a project's workflow through ``PATCH /api/projects/<id>`` obeys the
same rule as the workflow endpoint: no task is left in a state the new one lacks."""

from tests.core.api.debian_packages import choice_result


def test_patching_the_workflow_refuses_stranded_states_then_maps_them(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)
    task_id = project["task_ids"][0]
    annotated = client.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice_result(sections[0])}
    )
    assert annotated.status_code == 201

    refused = client.patch(
        f"/api/projects/{project['id']}", json={"workflow": "review"}
    )

    assert refused.status_code == 400
    assert refused.json["stranded"] == {"completed": 1}
    assert client.get(f"/api/projects/{project['id']}").json["workflow"] == "default"

    mapped = client.patch(
        f"/api/projects/{project['id']}",
        json={"workflow": "review", "state_map": {"completed": "in_review"}},
    )

    assert mapped.status_code == 200, mapped.json
    assert mapped.json["workflow"] == "review"
    assert client.get(f"/api/tasks/{task_id}").json["state"] == "in_review"
