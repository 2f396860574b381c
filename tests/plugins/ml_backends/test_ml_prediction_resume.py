"""A prediction job taken over from a runner that died goes on after its
checkpoint: the tasks its batches answered are not asked for again, and
its result and progress count the whole job, not the last attempt."""

from __future__ import annotations

from tests.support.jobs import run_after_its_runner_died


def test_a_taken_over_prediction_job_goes_on_after_its_checkpoint(
    ml_app, ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(30)
    backend = connect_backend(project["id"], protocol_backend.url)
    task_ids = project["task_ids"]
    with ml_app.app_context():
        # The first runner's batch of 16 came back empty (nothing stored, so
        # the tasks still lack a prediction), it committed its checkpoint,
        # and then it died.
        job_id = run_after_its_runner_died(
            kind="ml_backends.predict",
            project_id=project["id"],
            params={"backend_id": backend["id"], "activate": False, "scope": "missing"},
            progress_done=16,
            progress_total=30,
            checkpoint={
                "after": task_ids[15],
                "done": 16,
                "total": 30,
                "predicted": 0,
                "empty": 16,
                "problem_count": 0,
                "problems": [],
            },
        )

    answered = ml_client.get(f"/api/jobs/{job_id}").json
    asked = [
        task["id"]
        for body in protocol_backend.calls("/predict")
        for task in body["tasks"]
    ]

    assert answered["state"] == "finished", answered
    assert answered["attempts"] == 2
    assert asked == task_ids[16:]
    assert answered["result"]["predicted"] == 14
    assert answered["result"]["empty"] == 16
    assert answered["progress"] == {"done": 30, "total": 30}
