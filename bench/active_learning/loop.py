"""One run of the active-learning loop on a LabelCore app, through its API.

A project classifies Debian package descriptions into their sections. The
built-in text classifier is connected as the project's ML backend; the
project retrains it after every ``every`` annotations and predicts the
unlabeled tasks with each new version, which becomes the project's model
version. A simulated annotator asks the label stream for the next task
(``GET /api/projects/<id>/next/``) and answers with the package's true
section. After every training the classifier's accuracy is measured on
held-out packages that are not in the project.
"""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

ADMIN_TOKEN = "bench-active-learning-token-0123456789abcd"
CLASSIFIER_URL = "labelcore://text_classifier"


@dataclass
class Point:
    annotations: int
    accuracy: float
    mean_score: float
    calibration_error: float
    model_version: str


@dataclass
class RunResult:
    strategy: str
    seed: int
    points: list[Point] = field(default_factory=list)
    seconds: float = 0.0
    versions: list[dict] = field(default_factory=list)


def section_config(sections: list[str]) -> str:
    choices = "".join(f"<Choice value={quoteattr(name)}/>" for name in sections)
    return (
        '<View><Text name="text" value="$text"/>'
        f'<Choices name="section" toName="text" choice="single">{choices}</Choices>'
        "</View>"
    )


def choice(section: str) -> list[dict]:
    return [
        {
            "from_name": "section",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": [section]},
        }
    ]


def calibration_error(right: list[bool], scores: list[float], bins: int = 10) -> float:
    """Expected calibration error: the gap between confidence and accuracy,
    averaged over ten equal-width confidence bins weighted by their size."""
    total, error = len(scores), 0.0
    for low in range(bins):
        members = [
            index
            for index, score in enumerate(scores)
            if low / bins <= score < (low + 1) / bins
            or (low == bins - 1 and score == 1)
        ]
        if members:
            accuracy = sum(right[index] for index in members) / len(members)
            confidence = sum(scores[index] for index in members) / len(members)
            error += len(members) / total * abs(accuracy - confidence)
    return error


class Loop:
    def __init__(self, pool, held_out, sections, *, every: int, seed: int, data_dir):
        from labelcore.app import create_app
        from labelcore.settings import Settings

        self.pool, self.held_out, self.sections = pool, held_out, sections
        self.every, self.seed = every, seed
        self.app = create_app(
            Settings(
                data_dir=str(data_dir),
                admin_email="bench@example.com",
                admin_password="bench-password-0123",
                admin_token=ADMIN_TOKEN,
                secret_key="bench-active-learning",
                log_level="WARNING",
                job_workers=2,
                # One inline import of the whole pool, for its task ids.
                sync_import_limit=len(pool) + 1,
            )
        )
        self.client = self.app.test_client()
        self.client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"

    def api(self, method: str, path: str, **body) -> dict:
        response = self.client.open(path, method=method, **body)
        assert response.status_code < 300, (path, response.status_code, response.json)
        return response.json

    def setup_project(self) -> None:
        project = self.api(
            "POST",
            "/api/projects/",
            json={
                "title": "Debian sections",
                "label_config": section_config(self.sections),
                "settings": {"ml_train_every": self.every},
            },
        )
        self.project_id = project["id"]
        imported = self.api(
            "POST",
            f"/api/projects/{self.project_id}/import?return_task_ids=true",
            json=[{"text": record["text"]} for record in self.pool],
        )
        self.truth = {
            task_id: record["section"]
            for task_id, record in zip(imported["task_ids"], self.pool, strict=True)
        }
        self.backend_id = self.api(
            "POST", "/api/ml/", json={"project": self.project_id, "url": CLASSIFIER_URL}
        )["id"]

    def annotate(self, task_id: int) -> None:
        self.api(
            "POST",
            f"/api/tasks/{task_id}/annotations/",
            json={"result": choice(self.truth[task_id])},
        )

    def wait_for_training(self, trainings: int) -> None:
        """Until the ``trainings``-th run and its predictions are done."""
        deadline = time.monotonic() + 600
        while True:
            runs = self.api("GET", f"/api/ml/{self.backend_id}/training-runs")
            finished = [run for run in runs if run["state"] in ("finished", "failed")]
            if len(finished) >= trainings:
                run = runs[0]
                assert run["state"] == "finished", run
                job = self.api("GET", f"/api/jobs/{run['job']}")
                follow = (job.get("result") or {}).get("prediction_job")
                if follow is None or self.api("GET", f"/api/jobs/{follow}")[
                    "state"
                ] in ("finished", "failed"):
                    return
            assert time.monotonic() < deadline, "training did not finish in 600 s"
            time.sleep(0.05)

    def measure(self, annotations: int) -> Point:
        from labelcore_ml_backends.models import MLBackend
        from labelcore_ml_backends.records import open_model

        from labelcore.models import db

        with self.app.app_context():
            backend = db.session.get(MLBackend, self.backend_id)
            model = open_model(backend)
            answers = model.predict(
                [
                    {"id": index, "data": {"text": record["text"]}}
                    for index, record in enumerate(self.held_out)
                ]
            )
            version = backend.model_version
        right = [
            answer["result"][0]["value"]["choices"][0] == record["section"]
            for answer, record in zip(answers, self.held_out, strict=True)
        ]
        scores = [answer["score"] for answer in answers]
        return Point(
            annotations=annotations,
            accuracy=sum(right) / len(right),
            mean_score=sum(scores) / len(scores),
            calibration_error=calibration_error(right, scores),
            model_version=version,
        )

    def run(self, strategy: str, budget: int) -> RunResult:
        started = time.monotonic()
        result = RunResult(strategy=strategy, seed=self.seed)
        self.setup_project()

        # The same first batch for both strategies: a seeded random sample,
        # since there is no model to be uncertain with yet.
        seeds = random.Random(self.seed).sample(sorted(self.truth), self.every)
        for task_id in seeds:
            self.annotate(task_id)
        self.wait_for_training(1)
        result.points.append(self.measure(self.every))
        self.api(
            "PATCH",
            f"/api/projects/{self.project_id}/",
            json={"sampling": strategy},
        )

        done = self.every
        while done < budget:
            task = self.api("GET", f"/api/projects/{self.project_id}/next/")
            self.annotate(task["id"])
            done += 1
            if done % self.every == 0:
                self.wait_for_training(done // self.every)
                result.points.append(self.measure(done))

        result.versions = self.api(
            "GET", f"/api/projects/{self.project_id}/model-versions/evaluation"
        )["versions"]
        result.seconds = time.monotonic() - started
        return result

    def close(self) -> None:
        from labelcore.models import db

        self.app.extensions["labelcore"].job_runner.shutdown()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def run_strategy(pool, held_out, sections, strategy, *, budget, every, seed, keep):
    folder = Path(tempfile.mkdtemp(prefix=f"labelcore-al-{strategy}-"))
    loop = Loop(pool, held_out, sections, every=every, seed=seed, data_dir=folder)
    try:
        return loop.run(strategy, budget)
    finally:
        loop.close()
        if not keep:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
