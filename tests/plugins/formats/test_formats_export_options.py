"""The quick export's options in every format: ``download_resources``,
``ids`` and ``download_all_tasks``.

Images are real photographs from the team's shared data, uploaded through
the import API, plus one in the local-files root whose name is
percent-encoded UTF-8 in the task, so that a zip with resources shows
whether members get the decoded names.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import orjson
import pytest

from tests.plugins.formats.conftest import FORMAT_PLUGINS, unzip
from tests.support.results import rectangle
from tests.support.shared_data import shared_data_file

pytestmark = pytest.mark.postgres

BOX_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Cup"/><Label value="Rocket"/>
  </RectangleLabels>
</View>"""
LOCAL_NAME = "café noir.png"
LOCAL_URL = "/data/local-files/?d=photos/caf%C3%A9%20noir.png"


@pytest.fixture
def files_root(tmp_path) -> Path:
    folder = tmp_path / "files-root"
    (folder / "photos").mkdir(parents=True)
    return folder


@pytest.fixture
def app(make_app, files_root):
    return make_app(
        plugins=FORMAT_PLUGINS,
        disable_plugin_autoload=True,
        local_files_root=str(files_root),
    )


def shared_image(name: str) -> Path:
    return shared_data_file(f"images/{name}", "export real photographs")


def box(label: str) -> dict:
    """A 30 x 40 % box at (10 %, 20 %), drawn without the image's size."""
    return rectangle("label", label, 10, 20, 30, 40)


@pytest.fixture
def photos(client, files_root):
    """A project of three annotated photographs: two uploaded, one in the
    local-files root. Returns the project id and, per image URL, its file."""
    from PIL import Image

    created = client.post(
        "/api/projects/", json={"title": "Photos", "label_config": BOX_CONFIG}
    )
    project_id = created.get_json()["id"]
    files = {}
    for name in ("coffee.png", "rocket.jpg"):
        path = shared_image(name)
        uploaded = client.post(
            f"/api/projects/{project_id}/import?return_task_ids=true",
            data={"file": (io.BytesIO(path.read_bytes()), name)},
            content_type="multipart/form-data",
        )
        assert uploaded.status_code == 201, uploaded.get_json()
        task_id = uploaded.get_json()["task_ids"][0]
        url = client.get(f"/api/tasks/{task_id}").get_json()["data"]["image"]
        files[url] = (task_id, path)
    local = files_root / "photos" / LOCAL_NAME
    shutil.copyfile(shared_image("chelsea.png"), local)
    imported = client.post(
        f"/api/projects/{project_id}/import?return_task_ids=true",
        json=[{"image": LOCAL_URL}],
    )
    assert imported.status_code == 201, imported.get_json()
    files[LOCAL_URL] = (imported.get_json()["task_ids"][0], local)

    for url, (task_id, path) in files.items():
        label = "Rocket" if "rocket" in url else "Cup"
        answered = client.post(
            f"/api/tasks/{task_id}/annotations/", json={"result": [box(label)]}
        )
        assert answered.status_code == 201, answered.get_json()
        with Image.open(path) as image:
            files[url] = (task_id, path, image.size)
    return project_id, files


def member_name(url: str) -> str:
    """The decoded base name a zip member of the image should get."""
    return LOCAL_NAME if url == LOCAL_URL else url.rsplit("/", 1)[1]


# -- download_resources ----------------------------------------------------------


@pytest.mark.parametrize("resources", [None, "false"])
def test_without_resources_coco_lists_no_image_files_but_keeps_every_box(
    export, photos, resources
):
    project_id, files = photos
    query = {} if resources is None else {"download_resources": resources}

    members = unzip(export(project_id, "COCO", **query))

    assert set(members) == {"result.json"}
    result = orjson.loads(members["result.json"])
    by_name = {image["file_name"]: image for image in result["images"]}
    assert set(by_name) == {f"images/{member_name(url)}" for url in files}
    for url, (_task, _path, (width, height)) in files.items():
        image = by_name[f"images/{member_name(url)}"]
        assert (image["width"], image["height"]) == (width, height)
        (annotation,) = [
            found for found in result["annotations"] if found["image_id"] == image["id"]
        ]
        assert annotation["bbox"] == [
            round(width * 0.1, 4),
            round(height * 0.2, 4),
            round(width * 0.3, 4),
            round(height * 0.4, 4),
        ]
    assert [category["name"] for category in result["categories"]] == ["Cup", "Rocket"]


@pytest.mark.parametrize("resources", [None, "false"])
def test_without_resources_yolo_has_labels_and_no_images(export, photos, resources):
    project_id, files = photos
    query = {} if resources is None else {"download_resources": resources}

    members = unzip(export(project_id, "YOLO", **query))

    assert not [name for name in members if name.startswith("images/")]
    assert set(members) == {
        "classes.txt",
        "notes.json",
        *(f"labels/{member_name(url).rsplit('.', 1)[0]}.txt" for url in files),
    }
    for url in files:
        stem = member_name(url).rsplit(".", 1)[0]
        class_id = 1 if "rocket" in url else 0
        expected = f"{class_id} 0.250000 0.400000 0.300000 0.400000\n"
        assert members[f"labels/{stem}.txt"].decode() == expected


@pytest.mark.parametrize("kind", ["COCO", "YOLO", "VOC"])
def test_with_resources_the_images_are_in_the_zip_under_their_decoded_names(
    export, photos, kind
):
    project_id, files = photos

    members = unzip(export(project_id, kind, download_resources="true"))

    images = {name for name in members if name.startswith("images/")}
    assert images == {f"images/{member_name(url)}" for url in files}
    assert f"images/{LOCAL_NAME}" in images
    for url, (_task, path, _size) in files.items():
        assert members[f"images/{member_name(url)}"] == path.read_bytes()
    if kind == "COCO":
        result = orjson.loads(members["result.json"])
        assert {image["file_name"] for image in result["images"]} == images
        assert len(result["annotations"]) == len(files)
    else:
        folder, extension = (
            ("labels", "txt") if kind == "YOLO" else ("Annotations", "xml")
        )
        labels = {name for name in members if name.startswith(f"{folder}/")}
        assert labels == {
            f"{folder}/{member_name(url).rsplit('.', 1)[0]}.{extension}"
            for url in files
        }


# -- ids -------------------------------------------------------------------------

MARKERS = ("alpha", "bravo", "charlie", "delta")


def _image_tasks(extension: str, item) -> list[dict]:
    return [
        {
            "data": {"image": f"https://example.org/{marker}.{extension}"},
            "annotations": [{"result": [item]}],
        }
        for marker in MARKERS
    ]


def _box_item() -> dict:
    return {**box("Cup"), "original_width": 100, "original_height": 50}


def _text_tasks() -> list[dict]:
    tasks = []
    for marker in MARKERS:
        name = marker.capitalize()
        span = {
            "from_name": "entity",
            "to_name": "text",
            "type": "labels",
            "value": {"start": 0, "end": len(name), "text": name, "labels": ["PER"]},
        }
        tasks.append(
            {
                "data": {"text": f"{name} visited Paris."},
                "annotations": [{"result": [span]}],
            }
        )
    return tasks


def _audio_tasks() -> list[dict]:
    return [
        {
            "data": {"audio": f"https://example.org/{marker}.wav"},
            "annotations": [
                {
                    "result": [
                        {
                            "from_name": "transcription",
                            "to_name": "audio",
                            "type": "textarea",
                            "value": {"text": [f"said {marker}"]},
                        }
                    ]
                }
            ],
        }
        for marker in MARKERS
    ]


def _brush_item() -> dict:
    from labelcore_formats.rle import encode

    pixels = bytes([7, 0, 0, 255] * 12)
    return {
        "from_name": "mask",
        "to_name": "image",
        "type": "brushlabels",
        "original_width": 4,
        "original_height": 3,
        "value": {"format": "rle", "rle": encode(pixels), "brushlabels": ["Road"]},
    }


TEXT_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="entity" toName="text"><Label value="PER"/></Labels>
</View>"""
AUDIO_CONFIG = """<View>
  <Audio name="audio" value="$audio"/>
  <TextArea name="transcription" toName="audio"/>
</View>"""
BRUSH_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <BrushLabels name="mask" toName="image"><Label value="Road"/></BrushLabels>
</View>"""
PROJECTS = {
    "boxes": (BOX_CONFIG, lambda: _image_tasks("jpg", _box_item())),
    "text": (TEXT_CONFIG, _text_tasks),
    "audio": (AUDIO_CONFIG, _audio_tasks),
    "brush": (BRUSH_CONFIG, lambda: _image_tasks("png", _brush_item())),
}
FORMATS = {
    "JSON": "boxes",
    "JSON_MIN": "boxes",
    "CSV": "boxes",
    "TSV": "boxes",
    "COCO": "boxes",
    "YOLO": "boxes",
    "YOLO_OBB": "boxes",
    "VOC": "boxes",
    "CONLL2003": "text",
    "ASR_MANIFEST": "audio",
    "BRUSH_TO_PNG": "brush",
    "BRUSH_TO_NUMPY": "brush",
}


def test_every_format_is_covered(client):
    project = client.post(
        "/api/projects/", json={"title": "Formats", "label_config": BOX_CONFIG}
    ).get_json()
    listed = client.get(f"/api/projects/{project['id']}/export/formats").get_json()

    assert {entry["name"] for entry in listed} == set(FORMATS)


def mentioned(body: bytes, markers: dict[str, int]) -> set[str]:
    """The markers whose task the export holds: named in its text (a zip's
    member names and contents), or by task id in a member name."""
    if body.startswith(b"PK"):
        members = unzip(body)
        text = "\n".join(members) + "\n".join(
            content.decode("utf-8", "replace") for content in members.values()
        )
    else:
        text = body.decode()
    return {
        marker
        for marker, task_id in markers.items()
        if marker in text.lower() or f"task-{task_id}-" in text
    }


@pytest.mark.parametrize("kind", FORMATS)
def test_ids_restrict_the_export_in_every_format(client, make_project, export, kind):
    config, tasks = PROJECTS[FORMATS[kind]]
    project_id = make_project(config, tasks(), kind)
    listed = client.get(f"/api/tasks/?project={project_id}").get_json()["tasks"]
    markers = {
        next(
            marker
            for marker in MARKERS
            if marker in orjson.dumps(task["data"]).decode().lower()
        ): task["id"]
        for task in listed
    }
    chosen = [markers["bravo"], markers["delta"]]

    everything = export(project_id, kind)
    some = export(project_id, kind, ids=",".join(map(str, chosen)))
    one = export(project_id, kind, **{"ids[]": str(markers["alpha"])})

    assert mentioned(everything, markers) == set(MARKERS)
    assert mentioned(some, markers) == {"bravo", "delta"}
    assert mentioned(one, markers) == {"alpha"}


# -- download_all_tasks ----------------------------------------------------------


@pytest.fixture
def half_annotated(make_project):
    """Three tasks, only the second annotated."""
    tasks = [
        {"data": {"image": "https://example.org/alpha.jpg"}},
        {
            "data": {"image": "https://example.org/bravo.jpg"},
            "annotations": [{"result": [_box_item()]}],
        },
        {"data": {"image": "https://example.org/charlie.jpg"}},
    ]
    return make_project(BOX_CONFIG, tasks, "Half annotated")


def _rows(kind: str, body: bytes) -> list[dict]:
    if kind == "JSON_MIN":
        return orjson.loads(body)
    delimiter = "\t" if kind == "TSV" else ","
    return list(csv.DictReader(io.StringIO(body.decode()), delimiter=delimiter))


@pytest.mark.parametrize("kind", ["CSV", "TSV", "JSON_MIN"])
def test_download_all_tasks_adds_the_unannotated_tasks(export, half_annotated, kind):
    annotated = _rows(kind, export(half_annotated, kind))
    everything = _rows(kind, export(half_annotated, kind, download_all_tasks="true"))

    assert [row["image"] for row in annotated] == ["https://example.org/bravo.jpg"]
    assert [row["image"] for row in everything] == [
        f"https://example.org/{marker}.jpg" for marker in ("alpha", "bravo", "charlie")
    ]
    empty = "" if kind != "JSON_MIN" else None
    first, second, third = everything
    assert first["annotation_id"] == third["annotation_id"] == empty
    assert "label" not in first or first["label"] == empty
    assert second["annotation_id"] not in ("", None)
    assert second["label"]
