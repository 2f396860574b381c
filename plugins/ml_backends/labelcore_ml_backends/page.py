"""``/ml/projects/<id>``: a page with a project's models and how good each is.

Backends with their state, training runs, and per model version the
agreement of its predictions with the annotations (accuracy, span F1,
IoU-matched precision and recall), with a bar per version, so that a team
sees whether a new model is better before it trusts it. The page is plain
HTML from the same figures as the API; it needs the web UI's login.
"""

from __future__ import annotations

from flask import Blueprint, g
from markupsafe import Markup, escape

from labelcore import ApiError, app_state, get_project
from labelcore.models import db
from labelcore_ml_backends import permissions as rules
from labelcore_ml_backends.evaluation import keep_figures, project_evaluation

page_blueprint = Blueprint("ml_backends_page", __name__)

STYLE = """
body{font:14px system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f4f4f4}.bar{background:#4a7;height:12px}
.current{font-weight:bold}.error{color:#b00}
"""


def _figure(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _control_cells(figures: dict) -> Markup:
    parts = []
    for name, control in figures.get("controls", {}).items():
        if control["metric"] == "accuracy":
            text = f"{name}: accuracy {_figure(control['accuracy'])}"
        else:
            text = (
                f"{name}: P {_figure(control['precision'])} "
                f"R {_figure(control['recall'])} F1 {_figure(control['f1'])} "
                f"({control['match']})"
            )
        parts.append(escape(text))
    return Markup("<br>").join(parts)


def _versions_table(versions: list[dict]) -> Markup:
    rows = []
    for figures in versions:
        agreement = figures.get("agreement")
        width = int((agreement or 0) * 200)
        rows.append(
            Markup(
                "<tr class='{current}'><td>{version}</td><td>{predictions}</td>"
                "<td>{tasks}</td><td>{agreement}<div class='bar' "
                "style='width:{width}px'></div></td><td>{controls}</td></tr>"
            ).format(
                current="current" if figures["current"] else "",
                version=figures["model_version"] or "(none)",
                predictions=figures["predictions"],
                tasks=figures["tasks"],
                agreement=_figure(agreement),
                width=width,
                controls=_control_cells(figures),
            )
        )
    return Markup(
        "<table><tr><th>model version</th><th>predictions</th><th>tasks with "
        "annotations</th><th>agreement</th><th>per control</th></tr>{}</table>"
    ).format(Markup("").join(rows))


def _backends_table(project_id: int) -> Markup:
    import sqlalchemy as sa

    from labelcore_ml_backends.models import STATES, MLBackend, TrainingRun

    rows = []
    backends = db.session.scalars(
        sa.select(MLBackend).where(MLBackend.project_id == project_id)
    )
    for backend in backends:
        runs = db.session.scalars(
            sa.select(TrainingRun)
            .where(TrainingRun.backend_id == backend.id)
            .order_by(TrainingRun.id.desc())
            .limit(5)
        )
        history = ", ".join(f"{run.model_version or '…'} ({run.state})" for run in runs)
        rows.append(
            Markup(
                "<tr><td>{id}</td><td>{title}</td><td>{kind}</td><td>{state}"
                "<div class='error'>{error}</div></td><td>{version}</td>"
                "<td>{history}</td></tr>"
            ).format(
                id=backend.id,
                title=backend.title or backend.url,
                kind=backend.type,
                state=STATES.get(backend.state, backend.state),
                error=backend.error_message or "",
                version=backend.model_version,
                history=history,
            )
        )
    return Markup(
        "<table><tr><th>id</th><th>backend</th><th>type</th><th>state</th>"
        "<th>model version</th><th>latest trainings</th></tr>{}</table>"
    ).format(Markup("").join(rows))


@page_blueprint.get("/ml/projects/<int:project_id>")
@rules.models_page
def models_page(project_id: int):
    if g.get("user") is None:
        raise ApiError(401, "Log in to the web UI first, then open this page again.")
    project = get_project(project_id)
    parsed = app_state().compiler.compile(project.label_config)
    versions = project_evaluation(project, parsed)
    keep_figures()
    body = Markup(
        "<!doctype html><html><head><meta charset='utf-8'><title>Models of "
        "{title}</title><style>{style}</style></head><body><h1>Models of {title}"
        "</h1><p>The project uses model version <b>{version}</b> for its label "
        "stream.</p><h2>Backends</h2>{backends}<h2>Model versions against the "
        "annotations</h2>{versions}</body></html>"
    ).format(
        title=project.title,
        style=Markup(STYLE),
        version=project.model_version or "(none)",
        backends=_backends_table(project.id),
        versions=_versions_table(versions),
    )
    return str(body), 200, {"Content-Type": "text/html; charset=utf-8"}
