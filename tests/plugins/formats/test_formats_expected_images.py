"""COCO, YOLO, YOLO oriented boxes, Pascal VOC and brush masks, whole files.

Each zip is compared with a folder under ``expected/`` written by hand:
the same member names, and each member the same. The project has three
images:

``street.jpg``, 1000 x 500, whose results carry the size. Its car sits at
x=10 %, y=20 %, 30 % wide, 20 % high, turned 30 degrees clockwise about its
top-left corner. In pixels that is a 300 x 100 box at (100, 100); with
cos 30 = 0.8660254 and sin 30 = 0.5 its corners, clockwise from its own
top-left, are

    (100, 100)
    (100 + 300 cos, 100 + 300 sin)                    = (359.8076, 250)
    (100 + 300 cos - 100 sin, 100 + 300 sin + 100 cos) = (309.8076, 336.6025)
    (100 - 100 sin, 100 + 100 cos)                    = (50, 186.6025)

so its axis-aligned envelope runs from x 50 to 359.8076 and y 100 to
336.6025: 309.8076 x 236.6025 pixels, centred on (204.9038, 218.3013).
Turning the percent values instead would give another, wrong, envelope.
Its person is upright: x=50 %, y=50 %, 10 % x 40 %, so (500, 250) to
(600, 450).

``café noir.jpg`` (its URL percent-encodes the UTF-8 and the space) has an
annotation without regions. Its size, 640 x 480, is in the task's meta.

``lot.png``, whose results carry no size: the task's data gives
800 x 400, as the strings "800" and "400" that a CSV import stores. Its
car, x=50 %, y=25 %, 10 % x 20 %, is a 80 x 80 box at (400, 100) turned
90 degrees, so its corners are (400, 100), (400, 180), (320, 180) and
(320, 100). Its zone is a polygon at (10 %, 10 %), (30 %, 10 %),
(10 %, 50 %): (80, 40), (240, 40), (80, 200) in pixels.
"""

import io

import numpy
import pytest
from labelcore_formats.rle import encode
from PIL import Image

from tests.plugins.formats.expected_files import (
    assert_same_members,
    expected_members,
    import_project,
    known_ids,
    members,
)
from tests.support.results import rectangle

pytestmark = pytest.mark.postgres

IMAGE_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="Car"/><Label value="Person"/>
  </RectangleLabels>
  <PolygonLabels name="zone" toName="image">
    <Label value="Zone"/>
  </PolygonLabels>
</View>"""


def polygon(label, points):
    return {
        "from_name": "zone",
        "to_name": "image",
        "type": "polygonlabels",
        "value": {"points": points, "polygonlabels": [label]},
    }


IMAGE_TASKS = [
    {
        "data": {"image": "https://example.org/photos/street.jpg"},
        "annotations": [
            {
                "result": [
                    rectangle(
                        "box", "Car", 10, 20, 30, 20, rotation=30, size=(1000, 500)
                    ),
                    rectangle("box", "Person", 50, 50, 10, 40, size=(1000, 500)),
                ]
            }
        ],
    },
    {
        "data": {"image": "https://example.org/photos/caf%C3%A9%20noir.jpg"},
        "meta": {"original_width": 640, "original_height": 480},
        "annotations": [{"result": []}],
    },
    {
        "data": {
            "image": "https://example.org/photos/lot.png",
            "width": "800",
            "height": "400",
        },
        "annotations": [
            {
                "result": [
                    rectangle("box", "Car", 50, 25, 10, 20, rotation=90),
                    polygon("Zone", [[10, 10], [30, 10], [10, 50]]),
                ]
            }
        ],
    },
]


@pytest.fixture
def image_project(client):
    project_id, _ = import_project(client, IMAGE_CONFIG, IMAGE_TASKS, "Images")
    return project_id


def test_coco_is_the_expected_file(export, image_project):
    # Boxes are [left, top, width, height] in pixels, 4 decimals:
    #   street car    [50, 100, 359.8076 - 50, 336.6025 - 100]
    #   street person [500, 250, 100, 200]
    #   lot car       [320, 100, 400 - 320, 180 - 100]
    #   lot zone      [80, 40, 240 - 80, 200 - 40]
    # A turned box also gives its corners as a segmentation; its area is
    # the box's own, as turning keeps it: 300 * 100 = 30000, 80 * 80 = 6400.
    # The zone's area by the shoelace formula:
    #   |(80*40 - 240*40) + (240*200 - 80*40) + (80*40 - 80*200)| / 2
    #   = |-6400 + 44800 - 12800| / 2 = 12800.
    # The café noir image has no regions and is listed all the same.
    files = members(export(image_project, "COCO"))

    assert_same_members(files, expected_members("coco"))


def test_yolo_is_the_expected_file(export, image_project):
    # Lines are "class x_centre y_centre width height" in fractions:
    #   street car    204.9038/1000 218.3013/500 309.8076/1000 236.6025/500
    #                 = 0.204904 0.436603 0.309808 0.473205
    #   street person 550/1000 350/500 100/1000 200/500
    #   lot car       360/800 140/400 80/800 80/400
    #                 = 0.45 0.35 0.1 0.2
    # The zone is a segment line, its points over 800 and 400:
    #   80/800 40/400 240/800 40/400 80/800 200/400 = 0.1 0.1 0.3 0.1 0.1 0.5
    # The café noir image gets an empty label file named after its decoded
    # name; classes follow the config: Car 0, Person 1, Zone 2.
    files = members(export(image_project, "YOLO"))

    assert_same_members(files, expected_members("yolo"))


def test_yolo_oriented_boxes_are_the_expected_files(export, image_project):
    # The four corners over the image's width and height:
    #   street car    100/1000 100/500 359.8076/1000 250/500
    #                 309.8076/1000 336.6025/500 50/1000 186.6025/500
    #                 = 0.1 0.2 0.359808 0.5 0.309808 0.673205 0.05 0.373205
    #   street person 0.5 0.5, 0.6 0.5, 0.6 0.9, 0.5 0.9
    #   lot car       400/800 100/400 400/800 180/400 320/800 180/400
    #                 320/800 100/400 = 0.5 0.25 0.5 0.45 0.4 0.45 0.4 0.25
    files = members(export(image_project, "YOLO_OBB"))

    assert_same_members(files, expected_members("yolo-obb"))


def test_voc_is_the_expected_file(export, image_project):
    # Whole pixels, halves rounded up: the street car's envelope
    # 50, 100, 359.8076, 336.6025 is 50, 100, 360, 337. VOC holds boxes
    # only, so the lot's zone is not in it.
    files = members(export(image_project, "VOC"))

    assert_same_members(files, expected_members("voc"))


BRUSH_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <BrushLabels name="mask" toName="image">
    <Label value="Road"/><Label value="Sky"/><Label value="Side/walk"/>
  </BrushLabels>
</View>"""

# Three masks on a 4 x 3 image, the alpha channel of each pixel.
FIRST_ROAD = numpy.array(
    [[0, 255, 255, 0], [0, 0, 0, 0], [255, 255, 255, 255]], dtype=numpy.uint8
)
SECOND_ROAD = numpy.array(
    [[255, 0, 0, 0], [255, 128, 0, 0], [255, 255, 0, 0]], dtype=numpy.uint8
)
SKY = numpy.array(
    [[255, 255, 255, 255], [64, 64, 64, 64], [0, 0, 0, 0]], dtype=numpy.uint8
)


def brush(label, alpha, size=(4, 3)):
    # Label Studio's masks are RGBA; only the alpha channel is exported, so
    # the red channel is set too, to show that it is left out.
    pixels = numpy.zeros((*alpha.shape, 4), dtype=numpy.uint8)
    pixels[:, :, 0] = 7
    pixels[:, :, 3] = alpha
    item = {
        "from_name": "mask",
        "to_name": "image",
        "type": "brushlabels",
        "value": {
            "format": "rle",
            "rle": encode(pixels.tobytes()),
            "brushlabels": [label],
        },
    }
    if size:
        item["original_width"], item["original_height"] = size
    return item


BRUSH_TASKS = [
    {
        "data": {"image": "https://example.org/road.png"},
        "annotations": [
            {
                "result": [
                    brush("Road", FIRST_ROAD),
                    brush("Sky", SKY),
                    brush("Road", SECOND_ROAD),
                    brush("Sky", SKY, size=None),
                    brush("Side/walk", SECOND_ROAD),
                ]
            },
            {"result": [brush("Road", SKY)], "was_cancelled": True},
        ],
    }
]


def test_brush_masks_are_the_hand_built_masks(client, export):
    project_id, task_ids = import_project(client, BRUSH_CONFIG, BRUSH_TASKS, "Brushes")
    known = known_ids(client, project_id, task_ids)
    # As in Label Studio:
    # task-<task>-annotation-<annotation>-by-<e-mail>-<control>-<labels>-<n>,
    # n counting the annotation's regions of that control and labels from 0,
    # and a "/" in a label written "-". The second Sky region has no image
    # size, so it is named in problems.txt instead. The skipped annotation
    # has no masks.
    prefix = (
        f"task-{known['task_1']}-annotation-{known['annotation_1_1']}"
        "-by-admin@example.com-mask-"
    )
    masks = {
        "Road-0": FIRST_ROAD,
        "Sky-0": SKY,
        "Road-1": SECOND_ROAD,
        "Side-walk-0": SECOND_ROAD,
    }

    pngs = members(export(project_id, "BRUSH_TO_PNG"))
    arrays = members(export(project_id, "BRUSH_TO_NUMPY"))

    for files, extension in ((pngs, ".png"), (arrays, ".npy")):
        assert sorted(files) == sorted(
            [*(f"{prefix}{name}{extension}" for name in masks), "problems.txt"]
        )
        assert files["problems.txt"].decode() == (
            f"{prefix}Sky-1{extension}: the region has no original_width and "
            f"original_height\n"
        )
    for name, mask in masks.items():
        image = Image.open(io.BytesIO(pngs[f"{prefix}{name}.png"]))
        assert (image.mode, image.size) == ("L", (4, 3))
        assert numpy.array_equal(numpy.array(image), mask), name
        array = numpy.load(io.BytesIO(arrays[f"{prefix}{name}.npy"]))
        assert (array.dtype, array.shape) == (numpy.uint8, (3, 4))
        assert numpy.array_equal(array, mask), name
