"""COCO, YOLO, YOLO oriented boxes and Pascal VOC against hand-computed files.

The photo is 1000 x 500 pixels. Its box sits at x=10 %, y=20 %, 30 % wide,
20 % high, turned 30 degrees clockwise about its top-left corner. In pixels
that is a 300 x 100 box at (100, 100) whose corners, turned, are

    (100, 100), (359.8076, 250), (309.8076, 336.6025), (50, 186.6025)

(cos 30 = 0.8660254, sin 30 = 0.5), so its axis-aligned envelope runs from
x 50 to 359.8076 and y 100 to 336.6025. Turning the percent values instead
would give a different, wrong envelope, which is the mistake tested for.
A second photo has no boxes, and its name is percent-encoded UTF-8.
"""

import io

import orjson
import pytest

from tests.plugins.formats.conftest import unzip
from tests.support.results import rectangle

pytestmark = pytest.mark.postgres

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Car"/><Label value="Person"/>
  </RectangleLabels>
</View>"""


def box(label, x, y, width, height, rotation=0, size=(1000, 500)):
    """A box of the ``label`` control, on the 1000 x 500 photo unless told."""
    return rectangle(
        "label",
        label,
        x,
        y,
        width,
        height,
        rotation=rotation,
        size=size,
        region_id=f"{label}-{x}",
    )


TASKS = [
    {
        "data": {"image": "https://example.org/photos/street.jpg"},
        "annotations": [
            {
                "result": [
                    box("Car", 10, 20, 30, 20, rotation=30),
                    box("Person", 50, 50, 10, 40),
                ]
            }
        ],
    },
    {
        "data": {"image": "https://example.org/photos/caf%C3%A9%20noir.jpg"},
        "annotations": [{"result": []}],
    },
]


@pytest.fixture
def project_id(make_project):
    return make_project(CONFIG, TASKS)


def test_yolo_boxes_are_the_true_envelope_of_a_rotated_rectangle(export, project_id):
    files = unzip(export(project_id, "YOLO"))

    assert files["classes.txt"] == b"Car\nPerson\n"
    assert files["labels/street.txt"].decode() == (
        "0 0.204904 0.436603 0.309808 0.473205\n1 0.550000 0.700000 0.100000 0.400000\n"
    )
    assert files["labels/café noir.txt"] == b""
    notes = orjson.loads(files["notes.json"])
    assert notes["categories"] == [
        {"id": 0, "name": "Car"},
        {"id": 1, "name": "Person"},
    ]


def test_yolo_oriented_boxes_give_the_four_corners(export, project_id):
    files = unzip(export(project_id, "YOLO_OBB"))

    assert files["labels/street.txt"].decode() == (
        "0 0.100000 0.200000 0.359808 0.500000 0.309808 0.673205 0.050000 0.373205\n"
        "1 0.500000 0.500000 0.600000 0.500000 0.600000 0.900000 0.500000 0.900000\n"
    )


def test_coco_lists_every_image_and_boxes_in_pixels(export, project_id):
    files = unzip(export(project_id, "COCO"))
    result = orjson.loads(files["result.json"])

    assert result["images"] == [
        {"width": 1000, "height": 500, "id": 0, "file_name": "images/street.jpg"},
        {"width": None, "height": None, "id": 1, "file_name": "images/café noir.jpg"},
    ]
    assert result["categories"] == [
        {"id": 0, "name": "Car"},
        {"id": 1, "name": "Person"},
    ]
    rotated, upright = result["annotations"]
    assert rotated == {
        "id": 0,
        "image_id": 0,
        "category_id": 0,
        "segmentation": [
            [100.0, 100.0, 359.8076, 250.0, 309.8076, 336.6025, 50.0, 186.6025]
        ],
        "bbox": [50.0, 100.0, 309.8076, 236.6025],
        "ignore": 0,
        "iscrowd": 0,
        "area": 30000.0,
    }
    assert upright["bbox"] == [500.0, 250.0, 100.0, 200.0]
    assert upright["segmentation"] == []
    assert upright["area"] == 20000.0


def test_voc_writes_an_xml_file_per_image_in_whole_pixels(export, project_id):
    files = unzip(export(project_id, "VOC"))

    street = files["Annotations/street.xml"].decode()
    assert "<filename>street.jpg</filename>" in street
    assert "<width>1000</width>" in street and "<height>500</height>" in street
    boxes = street.split("<object>")[1:]
    assert "<name>Car</name>" in boxes[0]
    for tag, value in (("xmin", 50), ("ymin", 100), ("xmax", 360), ("ymax", 337)):
        assert f"<{tag}>{value}</{tag}>" in boxes[0]
    for tag, value in (("xmin", 500), ("ymin", 250), ("xmax", 600), ("ymax", 450)):
        assert f"<{tag}>{value}</{tag}>" in boxes[1]
    assert "<object>" not in files["Annotations/café noir.xml"].decode()


def test_image_size_comes_from_the_task_when_results_lack_it(make_project, export):
    tasks = [
        {
            "data": {"image": "https://example.org/a.jpg"},
            "annotations": [
                {
                    "result": [
                        box("Car", 10, 20, 30, 20, rotation=30, size=None),
                        box("Person", 0, 0, 50, 50, size=(1000, 500)),
                    ]
                }
            ],
        },
        {
            "data": {
                "image": "https://example.org/b.jpg",
                "width": 1000,
                "height": 500,
            },
            "annotations": [{"result": [box("Car", 10, 20, 30, 20, 30, size=None)]}],
        },
    ]
    project_id = make_project(CONFIG, tasks, "Sizes")

    files = unzip(export(project_id, "YOLO"))

    expected = "0 0.204904 0.436603 0.309808 0.473205\n"
    assert files["labels/a.txt"].decode().splitlines()[0] + "\n" == expected
    assert files["labels/b.txt"].decode() == expected


def test_an_image_size_imported_from_csv_as_text_is_used(client, export):
    # A CSV import keeps every value as a string. The turned car needs the
    # size, 1000 x 500, to be placed (see the module's docstring); text that
    # is not a positive number is no size, so the second image's turned car
    # is left out.
    created = client.post(
        "/api/projects/", json={"title": "From CSV", "label_config": CONFIG}
    )
    project_id = created.get_json()["id"]
    rows = (
        b"image,width,height\n"
        b"https://example.org/a.jpg,1000,500\n"
        b"https://example.org/b.jpg,wide,0\n"
    )
    imported = client.post(
        f"/api/projects/{project_id}/import",
        data={"file": (io.BytesIO(rows), "images.csv")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 201, imported.get_json()
    tasks = client.get(f"/api/tasks/?project={project_id}").get_json()["tasks"]
    assert tasks[0]["data"]["width"] == "1000"
    for task in tasks:
        turned = box("Car", 10, 20, 30, 20, rotation=30, size=None)
        answered = client.post(
            f"/api/tasks/{task['id']}/annotations/", json={"result": [turned]}
        )
        assert answered.status_code == 201, answered.get_json()

    files = unzip(export(project_id, "YOLO"))

    assert files["labels/a.txt"].decode() == "0 0.204904 0.436603 0.309808 0.473205\n"
    assert files["labels/b.txt"].decode() == ""


def test_an_uploaded_image_gives_its_size_and_goes_into_the_zip(
    client, make_project, export
):
    from PIL import Image

    created = client.post(
        "/api/projects/", json={"title": "Upload", "label_config": CONFIG}
    )
    project_id = created.get_json()["id"]
    photo = _png(Image, 40, 20)
    uploaded = client.post(
        f"/api/projects/{project_id}/import?return_task_ids=true",
        data={"file": (photo, "photo.png")},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 201, uploaded.get_json()
    task_id = uploaded.get_json()["task_ids"][0]
    task = client.get(f"/api/tasks/{task_id}").get_json()
    result = [box("Car", 25, 50, 50, 50, size=None)]
    annotated = client.post(
        f"/api/tasks/{task_id}/annotations/", json={"result": result}
    )
    assert annotated.status_code == 201, annotated.get_json()

    files = unzip(export(project_id, "VOC", download_resources="true"))

    name = task["data"]["image"].rsplit("/", 1)[1]
    stem = name.rsplit(".", 1)[0]
    document = files[f"Annotations/{stem}.xml"].decode()
    assert "<width>40</width>" in document and "<height>20</height>" in document
    assert "<xmin>10</xmin>" in document and "<ymax>20</ymax>" in document
    assert files[f"images/{name}"][:8] == b"\x89PNG\r\n\x1a\n"


def _png(image_module, width, height):
    import io

    buffer = io.BytesIO()
    image_module.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def test_formats_list_says_which_fit_the_config(client, project_id):
    formats = client.get(f"/api/projects/{project_id}/export/formats").get_json()

    disabled = {entry["name"]: entry["disabled"] for entry in formats}
    assert {name for name, off in disabled.items() if not off} >= {
        "JSON",
        "JSON_MIN",
        "CSV",
        "TSV",
        "COCO",
        "YOLO",
        "YOLO_OBB",
        "VOC",
    }
    assert disabled["CONLL2003"] and disabled["ASR_MANIFEST"]
    assert disabled["BRUSH_TO_PNG"] and disabled["BRUSH_TO_NUMPY"]
    refused = client.get(f"/api/projects/{project_id}/export?exportType=CONLL2003")
    assert refused.status_code == 400
    assert "cannot express this project's config" in refused.get_json()["detail"]
