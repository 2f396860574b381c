"""How each model version's predictions agree with what annotators decided.

For every task that has both a prediction of the version and submitted
annotations (the ground-truth ones when a task has any), the prediction is
compared with each annotation, control by control, through the tag types'
own ``compare``:

- controls that make regions: predicted and annotated regions are matched
  one to one, best pairs first; a text span (a value with ``start`` and
  ``end``) matches only with the same bounds and label (span F1), any other
  region at an overlap (IoU) of at least 0.5. Precision, recall and F1.
- every other control (``Choices``, ``Rating``, ``TextArea``, ...): accuracy
  (the same answer) and the mean similarity.

``agreement`` is the mean over all comparisons of the per-control scores
(similarity, or the regions' F1). A version trained here is measured only
on tasks it did not learn from: the tasks annotated up to its training run
are left out (``training_tasks_left_out``). The figures of a version are stored and
computed again only when its predictions or the project's annotations
changed since.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from labelcore.models import Annotation, Prediction, Project, db, isoformat, utcnow
from labelcore_ml_backends.models import EvaluationFigures, TrainingRun

IOU_THRESHOLD = 0.5
EXACT = 1.0 - 1e-9
IDS_PER_LOOKUP = 500


@dataclass
class ControlTally:
    kind: str
    tag: str
    compared: int = 0
    correct: int = 0
    similarity: float = 0.0
    matched: int = 0
    predicted: int = 0
    annotated: int = 0
    spans: bool = False

    def as_dict(self) -> dict[str, Any]:
        if self.kind == "classification":
            return {
                "type": self.tag,
                "metric": "accuracy",
                "compared": self.compared,
                "accuracy": _ratio(self.correct, self.compared),
                "agreement": _ratio(self.similarity, self.compared),
            }
        precision = _ratio(self.matched, self.predicted)
        recall = _ratio(self.matched, self.annotated)
        f1 = None
        if precision is not None and recall is not None:
            f1 = (
                0.0
                if precision + recall == 0
                else 2 * precision * recall / (precision + recall)
            )
        return {
            "type": self.tag,
            "metric": "span_f1" if self.spans else "iou_f1",
            "match": "same bounds and label"
            if self.spans
            else (f"IoU >= {IOU_THRESHOLD} and same label"),
            "compared": self.compared,
            "predicted": self.predicted,
            "annotated": self.annotated,
            "matched": self.matched,
            "precision": precision,
            "recall": recall,
            "f1": None if f1 is None else round(f1, 6),
        }


@dataclass
class Tally:
    tasks: int = 0
    comparisons: int = 0
    agreement: float = 0.0
    controls: dict[str, ControlTally] = field(default_factory=dict)


def _ratio(part: float, whole: float) -> float | None:
    return None if not whole else round(part / whole, 6)


def _by_control(parsed, result: list) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for item in result or []:
        if not isinstance(item, dict) or item.get("type") == "relation":
            continue
        control, _ = parsed.control_for(item.get("from_name"))
        if control is not None:
            grouped[item["from_name"]].append(item)
    return grouped


def match_regions(tag_type, predicted: list[dict], annotated: list[dict]) -> int:
    """How many predicted regions pair one to one with annotated ones."""
    pairs = []
    for i, one in enumerate(predicted):
        for j, other in enumerate(annotated):
            score = tag_type.compare(one, other)
            if score >= _threshold(one, other):
                pairs.append((score, i, j))
    pairs.sort(reverse=True)
    used_predicted, used_annotated = set(), set()
    for _, i, j in pairs:
        if i not in used_predicted and j not in used_annotated:
            used_predicted.add(i)
            used_annotated.add(j)
    return len(used_predicted)


def _is_span(item: dict) -> bool:
    value = item.get("value") or {}
    return "start" in value and "end" in value


def _threshold(one: dict, other: dict) -> float:
    return EXACT if _is_span(one) and _is_span(other) else IOU_THRESHOLD


def compare_results(parsed, prediction: list, annotation: list, tally: Tally) -> None:
    """Add one prediction-annotation comparison to ``tally``."""
    predicted = _by_control(parsed, prediction)
    annotated = _by_control(parsed, annotation)
    scores = []
    for name in sorted(set(predicted) | set(annotated)):
        control, _ = parsed.control_for(name)
        tag_type = control.tag_type
        regions = tag_type.creates_regions
        entry = tally.controls.setdefault(
            name,
            ControlTally("regions" if regions else "classification", control.tag),
        )
        entry.compared += 1
        mine, theirs = predicted.get(name, []), annotated.get(name, [])
        if regions:
            matched = match_regions(tag_type, mine, theirs)
            entry.matched += matched
            entry.predicted += len(mine)
            entry.annotated += len(theirs)
            entry.spans = entry.spans or any(_is_span(item) for item in mine + theirs)
            total = len(mine) + len(theirs)
            scores.append(1.0 if not total else 2 * matched / total)
            continue
        similarity = 0.0
        if mine and theirs:
            similarity = tag_type.compare(mine[0], theirs[0])
        entry.similarity += similarity
        entry.correct += similarity >= EXACT
        scores.append(similarity)
    if scores:
        tally.comparisons += 1
        tally.agreement += sum(scores) / len(scores)


def _latest_predictions(project_id: int, version: str) -> dict[int, list]:
    """The newest prediction of ``version`` per task that has annotations."""
    submitted = sa.exists().where(
        Annotation.task_id == Prediction.task_id,
        Annotation.was_cancelled.is_(False),
    )
    rows = db.session.execute(
        sa.select(Prediction.task_id, Prediction.result)
        .where(
            Prediction.project_id == project_id,
            Prediction.model_version == version,
            submitted,
        )
        .order_by(Prediction.id)
    )
    return {task_id: result for task_id, result in rows}


def _references(task_ids: list[int]) -> dict[int, list[list]]:
    """Per task, the results to compare with: ground truth when there is."""
    found: dict[int, list[tuple[bool, list]]] = defaultdict(list)
    for start in range(0, len(task_ids), IDS_PER_LOOKUP):
        rows = db.session.execute(
            sa.select(Annotation.task_id, Annotation.ground_truth, Annotation.result)
            .where(
                Annotation.task_id.in_(task_ids[start : start + IDS_PER_LOOKUP]),
                Annotation.was_cancelled.is_(False),
            )
            .order_by(Annotation.id)
        )
        for task_id, ground_truth, result in rows:
            found[task_id].append((bool(ground_truth), result))
    references = {}
    for task_id, submitted in found.items():
        truth = [result for is_truth, result in submitted if is_truth]
        references[task_id] = truth or [result for _, result in submitted]
    return references


def training_tasks(project_id: int, version: str) -> set[int]:
    """The tasks whose annotations version ``version`` was trained on."""
    through = db.session.scalar(
        sa.select(sa.func.max(TrainingRun.through_annotation)).where(
            TrainingRun.project_id == project_id,
            TrainingRun.model_version == version,
            TrainingRun.state == "finished",
        )
    )
    if not through:
        return set()
    return set(
        db.session.scalars(
            sa.select(Annotation.task_id).where(
                Annotation.project_id == project_id,
                Annotation.id <= through,
                Annotation.was_cancelled.is_(False),
            )
        )
    )


def evaluate_version(parsed, project_id: int, version: str) -> dict[str, Any]:
    predictions = _latest_predictions(project_id, version)
    learned_from = training_tasks(project_id, version) & set(predictions)
    for task_id in learned_from:
        del predictions[task_id]
    references = _references(sorted(predictions))
    tally = Tally()
    for task_id, prediction in predictions.items():
        reference = references.get(task_id)
        if not reference:
            continue
        tally.tasks += 1
        for annotation in reference:
            compare_results(parsed, prediction, annotation, tally)
    return {
        "model_version": version,
        "tasks": tally.tasks,
        "comparisons": tally.comparisons,
        "training_tasks_left_out": len(learned_from),
        "agreement": _ratio(tally.agreement, tally.comparisons),
        "controls": {
            name: entry.as_dict() for name, entry in sorted(tally.controls.items())
        },
    }


# -- per project, stored -------------------------------------------------------------


def model_versions(project_id: int) -> list[tuple[str, int]]:
    """Each model version of the project's predictions with its count, oldest
    first."""
    rows = db.session.execute(
        sa.select(Prediction.model_version, sa.func.count(), sa.func.min(Prediction.id))
        .where(Prediction.project_id == project_id)
        .group_by(Prediction.model_version)
        .order_by(sa.func.min(Prediction.id))
    )
    return [(version, count) for version, count, _ in rows]


def _signature(project: Project, version: str) -> str:
    predictions = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(Prediction.updated_at)).where(
            Prediction.project_id == project.id, Prediction.model_version == version
        )
    ).one()
    annotations = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(Annotation.updated_at)).where(
            Annotation.project_id == project.id
        )
    ).one()
    parts = (*predictions, *annotations, project.config_version)
    return "|".join(str(part) for part in parts)[:200]


def project_evaluation(project: Project, parsed) -> list[dict[str, Any]]:
    """The figures of every model version of ``project``, computed when stale.

    The fresh figures are added to the session; ``keep_figures`` commits them.
    """
    stored = {
        row.model_version: row
        for row in db.session.scalars(
            sa.select(EvaluationFigures).where(
                EvaluationFigures.project_id == project.id
            )
        )
    }
    answers = []
    for version, count in model_versions(project.id):
        signature = _signature(project, version)
        row = stored.get(version)
        if row is None:
            row = EvaluationFigures(project_id=project.id, model_version=version)
            db.session.add(row)
        if row.signature != signature:
            row.figures = evaluate_version(parsed, project.id, version)
            row.signature = signature
            row.computed_at = utcnow()
        answers.append(
            {
                **row.figures,
                "predictions": count,
                "current": version == project.model_version,
                "computed_at": isoformat(row.computed_at),
            }
        )
    return answers


def keep_figures() -> None:
    """Commit the figures just computed; when another writer holds SQLite's
    lock, drop them instead: they are computed again on the next request."""
    try:
        db.session.commit()
    except sa.exc.OperationalError:
        db.session.rollback()
