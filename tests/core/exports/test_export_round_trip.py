"""Export a project as JSON, import it into a new project, export that again:
the tasks, annotations and predictions come back as they were."""

import orjson
import pytest

pytestmark = pytest.mark.postgres

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="Car"/><Label value="Tree"/>
  </RectangleLabels>
  <Choices name="weather" toName="image">
    <Choice value="Sun"/><Choice value="Rain"/>
  </Choices>
</View>"""


def region(region_id, label, x, parent=None):
    item = {
        "id": region_id,
        "from_name": "box",
        "to_name": "image",
        "type": "rectanglelabels",
        "original_width": 800,
        "original_height": 600,
        "image_rotation": 0,
        "value": {
            "x": x,
            "y": 10,
            "width": 20,
            "height": 30,
            "rotation": 15,
            "rectanglelabels": [label],
        },
    }
    if parent:
        item["parentID"] = parent
    return item


WEATHER = {
    "id": "w1",
    "from_name": "weather",
    "to_name": "image",
    "type": "choices",
    "value": {"choices": ["Rain"]},
}
TASKS = [
    {
        "data": {"image": "https://example.org/1.jpg", "site": {"city": "Oslo"}},
        "meta": {"camera": 4},
        "annotations": [
            {
                "result": [region("r1", "Car", 5), region("r2", "Tree", 40, "r1")],
                "lead_time": 12.5,
                "ground_truth": True,
                "created_at": "2024-05-01T10:00:00.000000Z",
                "updated_at": "2024-05-02T11:30:00.000000Z",
            },
            {"result": [WEATHER], "lead_time": 3.0},
        ],
        "predictions": [
            {"result": [region("p1", "Car", 6)], "score": 0.75, "model_version": "v2"}
        ],
    },
    {
        "data": {"image": "https://example.org/2.jpg", "site": {"city": "Bergen"}},
        "annotations": [{"result": [], "was_cancelled": True}],
    },
    {"data": {"image": "https://example.org/3.jpg", "site": {"city": "Tromsø"}}},
]

KEPT_TASK_KEYS = ("data", "meta", "total_annotations", "cancelled_annotations")
KEPT_ANNOTATION_KEYS = (
    "result",
    "was_cancelled",
    "ground_truth",
    "lead_time",
    "created_at",
    "updated_at",
)
KEPT_PREDICTION_KEYS = ("result", "score", "model_version")


def exported(client, project_id):
    response = client.get(
        f"/api/projects/{project_id}/export?exportType=JSON&download_all_tasks=true"
    )
    assert response.status_code == 200
    return orjson.loads(response.get_data())


def comparable(tasks):
    return [
        {
            **{key: task[key] for key in KEPT_TASK_KEYS},
            "annotations": [
                {key: a[key] for key in KEPT_ANNOTATION_KEYS}
                for a in task["annotations"]
            ],
            "predictions": [
                {key: p[key] for key in KEPT_PREDICTION_KEYS}
                for p in task["predictions"]
            ],
        }
        for task in tasks
    ]


def new_project(client, title):
    response = client.post(
        "/api/projects/", json={"title": title, "label_config": CONFIG}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_json_export_imported_into_a_new_project_reproduces_it(client):
    first = new_project(client, "Original")
    imported = client.post(f"/api/projects/{first}/import", json=TASKS)
    assert imported.status_code == 201, imported.get_json()
    original = exported(client, first)

    second = new_project(client, "Copy")
    body = orjson.dumps(original)
    copied = client.post(
        f"/api/projects/{second}/import",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    assert copied.status_code == 201, copied.get_json()
    assert copied.get_json()["task_count"] == 3
    again = exported(client, second)

    assert comparable(again) == comparable(original)
    assert original[0]["annotations"][0]["created_at"] == "2024-05-01T10:00:00.000000Z"
    assert [a["import_id"] for a in again[0]["annotations"]] == [
        a["id"] for a in original[0]["annotations"]
    ]
    assert [task["id"] for task in again] != [task["id"] for task in original]
    assert [task["inner_id"] for task in again] == [1, 2, 3]
