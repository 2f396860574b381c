"""``GET /api/projects/<id>/export/formats`` names every format of the issue
and says, per config, which of them can express the project."""

import pytest

pytestmark = pytest.mark.postgres

EVERY_FORMAT = {
    "JSON",
    "JSON_MIN",
    "CSV",
    "TSV",
    "CONLL2003",
    "COCO",
    "YOLO",
    "YOLO_OBB",
    "VOC",
    "BRUSH_TO_PNG",
    "BRUSH_TO_NUMPY",
    "ASR_MANIFEST",
}
COMMON = {"JSON", "JSON_MIN", "CSV", "TSV"}

CONFIGS = [
    pytest.param(
        """<View><Text name="text" value="$text"/>
        <Labels name="entity" toName="text"><Label value="PER"/></Labels></View>""",
        COMMON | {"CONLL2003"},
        id="spans",
    ),
    pytest.param(
        """<View><Image name="image" value="$image"/>
        <BrushLabels name="mask" toName="image"><Label value="Road"/></BrushLabels>
        </View>""",
        COMMON | {"BRUSH_TO_PNG", "BRUSH_TO_NUMPY"},
        id="brush",
    ),
    pytest.param(
        """<View><Audio name="audio" value="$audio"/>
        <TextArea name="transcription" toName="audio"/></View>""",
        COMMON | {"ASR_MANIFEST"},
        id="speech",
    ),
    pytest.param(
        """<View><Text name="text" value="$text"/>
        <Choices name="label" toName="text"><Choice value="A"/></Choices></View>""",
        COMMON,
        id="classification",
    ),
]


@pytest.mark.parametrize(("config", "enabled"), CONFIGS)
def test_each_config_enables_the_formats_that_can_express_it(client, config, enabled):
    created = client.post(
        "/api/projects/", json={"title": "Formats", "label_config": config}
    )
    assert created.status_code == 201, created.get_json()
    project_id = created.get_json()["id"]

    formats = client.get(f"/api/projects/{project_id}/export/formats").get_json()

    listed = {entry["name"]: entry for entry in formats}
    assert set(listed) >= EVERY_FORMAT
    on = {name for name in EVERY_FORMAT if not listed[name]["disabled"]}
    assert on == enabled
    assert all(listed[name]["title"] for name in EVERY_FORMAT)
