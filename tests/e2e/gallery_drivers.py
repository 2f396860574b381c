"""One driver per control tag: how a person makes one result with it, and what
the stored result must then hold.

``act`` uses the page as a person would (clicks, drags, typing); ``check``
reads the annotation from the API and compares it with what was done:
geometry in percent of the image, spans in code points of the task's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from lxml import etree

from tests.e2e.gallery_ui import Ui

TOLERANCE = 0.8
TYPED = "Typed by the browser test ✓"


@dataclass
class Control:
    tag: str
    name: str
    attrs: dict[str, str]
    targets: list[str]
    options: list[str]
    element: Any
    objects: dict[str, etree._Element] = field(repr=False, default_factory=dict)

    @property
    def target(self) -> str:
        return self.targets[0] if self.targets else self.name

    @property
    def object_tag(self) -> str:
        found = self.objects.get(self.target)
        return found.tag if found is not None else ""

    @property
    def per_region(self) -> bool:
        return self.attrs.get("perRegion") == "true"


def resolve(data: dict, reference: str) -> Any:
    key = reference.lstrip("$")
    if key in data:
        return data[key]
    current: Any = data
    for part in [p for p in re.split(r"[.\[\]]+", key) if p]:
        if isinstance(current, list) and part.isdigit():
            current = current[int(part)]
        elif isinstance(current, dict):
            current = current.get(part)
        else:
            return None
    return current


def _expanded(root: etree._Element, data: dict) -> etree._Element:
    """The config with Repeaters unrolled for their first item, as the UI does."""
    for repeater in list(root.iter("Repeater")):
        flag = repeater.get("indexFlag", "{{idx}}")
        holder = etree.Element("View")
        for child in repeater:
            copy = etree.fromstring(etree.tostring(child).replace(flag.encode(), b"0"))
            holder.append(copy)
        repeater.getparent().replace(repeater, holder)
    return root


def controls_of(config: str, data: dict) -> list[Control]:
    root = _expanded(etree.fromstring(config.encode()), data)
    objects = {
        element.get("name"): element
        for element in root.iter()
        if isinstance(element.tag, str) and element.get("name")
    }
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in DRIVERS:
            continue
        attrs = dict(element.attrib)
        options = [
            option.get("alias") or option.get("value")
            for option in element.iter("Choice", "Label", "Relation")
            if option.getparent() is element or element.tag != "Taxonomy"
        ]
        has_options = element.tag.endswith(("Labels", "Choices", "Taxonomy"))
        if has_options and attrs.get("value", "").startswith("$"):
            listed = resolve(data, attrs["value"]) or []
            options += [
                entry["value"] if isinstance(entry, dict) else str(entry)
                for entry in listed
            ]
        found.append(
            Control(
                tag=element.tag,
                name=attrs.get("name", ""),
                attrs=attrs,
                targets=[t.strip() for t in attrs.get("toName", "").split(",") if t],
                options=options,
                element=element,
                objects=objects,
            )
        )
    return found


def wanted_choices(config: str) -> dict[str, str]:
    """Choices that must be made for conditional parts to show: control → value."""
    root = etree.fromstring(config.encode())
    wanted = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("visibleWhen") == "choice-selected" and element.get(
            "whenTagName"
        ):
            value = (element.get("whenChoiceValue") or "").split(",")[0].strip()
            if value:
                wanted[element.get("whenTagName")] = value
    return wanted


@dataclass
class Run:
    """What the test knows while it labels one task."""

    ui: Ui
    data: dict
    wanted: dict[str, str]
    drawn: dict[str, Any] = field(default_factory=dict)
    cells_used: int = 0
    result: list = field(default_factory=list)

    def next_cell(self):
        cell = self.ui.cell(self.cells_used)
        self.cells_used += 1
        return cell


def text_of(control: Control, run: Run) -> str:
    target = control.objects[control.target]
    return str(resolve(run.data, target.get("value", "")))


def first_word(text: str) -> str:
    return next(word for word in re.findall(r"\w{3,}", text))


# --- classification -----------------------------------------------------------


def act_choices(control: Control, run: Run) -> None:
    value = run.wanted.get(control.name) or control.options[0]
    position = control.options.index(value)
    run.ui.reveal(control.name)
    if control.attrs.get("layout") == "select":
        run.ui.tag(control.name).locator("select").select_option(value)
        return
    role = "checkbox" if control.attrs.get("choice") == "multiple" else "radio"
    run.ui.pick_option(control.name, position, role)
    run.drawn[control.name] = value


def check_choices(items, control: Control, run: Run) -> None:
    assert items[0]["value"]["choices"] == [run.drawn[control.name]]


def act_taxonomy(control: Control, run: Run) -> None:
    run.ui.tag(control.name).get_by_role("checkbox").first.check()


def check_taxonomy(items, control: Control, run: Run) -> None:
    first = control.element.find("Choice")
    assert items[0]["value"]["taxonomy"] == [[first.get("alias") or first.get("value")]]


def act_rating(control: Control, run: Run) -> None:
    run.ui.tag(control.name).get_by_role("radio").nth(2).click()


def check_rating(items, control: Control, run: Run) -> None:
    assert items[0]["value"] == {"rating": 3}


def act_number(control: Control, run: Run) -> None:
    field_ = run.ui.tag(control.name).locator("input")
    field_.fill("42")
    field_.press("Tab")


def check_number(items, control: Control, run: Run) -> None:
    assert items[0]["value"] == {"number": 42}


def act_datetime(control: Control, run: Run) -> None:
    field_ = run.ui.tag(control.name).locator("input")
    kind = field_.get_attribute("type")
    typed = {"date": "2024-05-03", "time": "12:30", "month": "2024-05"}.get(
        kind, "2024-05-03T12:30"
    )
    field_.fill(typed)
    run.drawn[control.name] = typed


def check_datetime(items, control: Control, run: Run) -> None:
    assert items[0]["value"] == {"datetime": run.drawn[control.name]}


def act_textarea(control: Control, run: Run) -> None:
    field_ = run.ui.tag(control.name).locator("textarea")
    field_.click()
    run.ui.page.keyboard.type(TYPED)
    if int(control.attrs.get("maxSubmissions", "0") or 0) > 1:
        run.ui.page.keyboard.press("Enter")


def check_textarea(items, control: Control, run: Run) -> None:
    assert all(item["value"]["text"] == [TYPED] for item in items), items


def act_pairwise(control: Control, run: Run) -> None:
    run.ui.tag(control.name).get_by_role("radio").first.click()


def check_pairwise(items, control: Control, run: Run) -> None:
    assert items[0]["value"] == {"selected": "left"}
    assert items[0]["to_name"] == control.name


def act_ranker(control: Control, run: Run) -> None:
    buckets = control.element.findall("Bucket")
    ranker = run.ui.tag(control.name)
    first_item = ranker.locator("li[data-item]").first
    item = first_item.get_attribute("data-item")
    run.drawn[control.name] = item
    if buckets:
        first_item.drag_to(ranker.locator(f'[data-bucket="{buckets[0].get("name")}"]'))
    else:
        ranker.get_by_role("button", name=f"Move {item} down").click()


def check_ranker(items, control: Control, run: Run) -> None:
    ranking = items[0]["value"]["ranker"]
    item = run.drawn[control.name]
    buckets = control.element.findall("Bucket")
    if buckets:
        assert ranking == {buckets[0].get("name"): [item]}
    else:
        assert ranking[control.name][1] == item


# --- spans ------------------------------------------------------------------------


def act_labels(control: Control, run: Run) -> None:
    kind = control.object_tag
    if kind == "Image":
        return act_shape(control, run)
    run.ui.pick_option(control.name, 0)
    if kind == "Text":
        word = first_word(text_of(control, run))
        run.drawn[control.name] = word
        run.ui.select_text(f'[data-name="{control.target}"] .lc-text-body', word)
    elif kind == "Audio":
        wave = run.ui.page.locator(f'[data-name="{control.target}"] .lc-waveform')
        wave.locator("xpath=.").wait_for()
        run.ui.page.locator(
            f'[data-name="{control.target}"] .lc-waveform[data-ready="true"]'
        ).wait_for(timeout=15_000)
        box = run.ui.box_of(f'[data-name="{control.target}"] .lc-waveform')
        run.ui.drag(box.at(20, 50), box.at(60, 50), steps=10)
    elif kind == "Video":
        overlay = run.ui.box_of(
            f'[data-name="{control.target}"] .lc-video-overlay canvas'
        )
        run.ui.drag(overlay.at(20, 20), overlay.at(50, 60))


def check_labels(items, control: Control, run: Run) -> None:
    kind = control.object_tag
    if kind == "Image":
        # The label rides on a shape of a plain tool: an item of its own, same id.
        assert items[0]["value"]["labels"] == [control.options[0]]
        shapes = [
            i for i in run.result if i["id"] == items[0]["id"] and i is not items[0]
        ]
        assert shapes, [(i["id"], i["from_name"], i["type"]) for i in run.result]
        assert shapes[0]["type"] in ("rectangle", "polygon", "brush", "magicwand"), (
            shapes
        )
        return
    if kind == "Video":
        return
    value = items[0]["value"]
    assert value["labels"] == [control.options[0]]
    if kind == "Text":
        text = text_of(control, run)
        assert text[value["start"] : value["end"]] == run.drawn[control.name]
        assert value["text"] == run.drawn[control.name]
    elif kind == "Audio":
        assert 0 <= value["start"] < value["end"]


def act_hypertext_labels(control: Control, run: Run) -> None:
    run.ui.pick_option(control.name, 0)
    selector = f'[data-name="{control.target}"]'
    word = run.ui.page.locator(selector).inner_text().split()[0].strip(".,:;!?")
    run.drawn[control.name] = word
    run.ui.select_text(selector, word)


def check_hypertext_labels(items, control: Control, run: Run) -> None:
    value = items[0]["value"]
    assert value["text"] == run.drawn[control.name]
    assert value["globalOffsets"]["end"] - value["globalOffsets"]["start"] == len(
        run.drawn[control.name]
    )
    assert value["start"].startswith("/") and "text()" in value["start"]


def act_paragraph_labels(control: Control, run: Run) -> None:
    run.ui.pick_option(control.name, 0)
    target = control.objects[control.target]
    paragraphs = resolve(run.data, target.get("value"))
    text = paragraphs[0][target.get("textKey", "text")]
    word = first_word(text)
    run.drawn[control.name] = word
    run.ui.select_text(
        f'[data-name="{control.target}"] [data-paragraph="0"] .lc-paragraph-text', word
    )


def check_paragraph_labels(items, control: Control, run: Run) -> None:
    value = items[0]["value"]
    assert (value["start"], value["end"]) == ("0", "0")
    assert value["text"] == run.drawn[control.name]


def act_timeseries_labels(control: Control, run: Run) -> None:
    run.ui.pick_option(control.name, 0)
    plot = run.ui.box_of(f'[data-name="{control.target}"] .lc-timeseries-plots .u-over')
    run.ui.drag(plot.at(20, 50), plot.at(60, 50))


def check_timeseries_labels(items, control: Control, run: Run) -> None:
    value = items[0]["value"]
    assert value["timeserieslabels"] == [control.options[0]]
    assert value["start"] < value["end"]


def act_timeline_labels(control: Control, run: Run) -> None:
    run.ui.pick_option(control.name, 0)
    bar = run.ui.box_of(f'[data-name="{control.target}"] .lc-timeline')
    run.ui.drag(bar.at(10, 50), bar.at(50, 50))


def check_timeline_labels(items, control: Control, run: Run) -> None:
    [part] = items[0]["value"]["ranges"]
    assert 1 <= part["start"] < part["end"]


def act_video_rectangle(control: Control, run: Run) -> None:
    # With a Labels control over the video, its label was picked and the track drawn.
    labeled = any(
        c.tag == "Labels" and c.target == control.target for c in run.drawn["_controls"]
    )
    if not labeled:
        overlay = run.ui.box_of(
            f'[data-name="{control.target}"] .lc-video-overlay canvas'
        )
        run.ui.drag(overlay.at(20, 20), overlay.at(50, 60))


def check_video_rectangle(items, control: Control, run: Run) -> None:
    value = items[0]["value"]
    [key] = value["sequence"]
    assert key["frame"] >= 1 and key["enabled"] is True
    assert key["x"] == pytest.approx(20, abs=TOLERANCE)
    assert key["width"] == pytest.approx(30, abs=TOLERANCE)


# --- shapes on images ---------------------------------------------------------


def _switch_or_label(control: Control, run: Run) -> None:
    run.ui.reveal(control.name)
    if control.options:
        run.ui.pick_option(control.name, 0)
    else:
        run.ui.tag(control.name).get_by_role("switch").first.click()


def act_shape(control: Control, run: Run) -> None:
    """Boxes, ellipses, masks: one drag, in a cell of the image of its own."""
    _switch_or_label(control, run)
    image = run.ui.image(control.target)
    start, end = run.next_cell()
    run.ui.drag(image.at(*start), image.at(*end))
    run.drawn[control.name] = (start, end)


def check_rectangle_like(item: dict, drawn) -> None:
    (x0, y0), (x1, y1) = drawn
    value = item["value"]
    for key, expected in {
        "x": x0,
        "y": y0,
        "width": x1 - x0,
        "height": y1 - y0,
    }.items():
        assert value[key] == pytest.approx(expected, abs=TOLERANCE), key
    assert item["original_width"] > 0 and item["original_height"] > 0


def check_rectangle(items, control: Control, run: Run) -> None:
    check_rectangle_like(items[-1], run.drawn[control.name])


def check_ellipse(items, control: Control, run: Run) -> None:
    (x0, y0), (x1, y1) = run.drawn[control.name]
    value = items[0]["value"]
    assert value["x"] == pytest.approx(x0, abs=TOLERANCE)
    assert value["radiusX"] == pytest.approx(x1 - x0, abs=TOLERANCE)
    assert value["radiusY"] == pytest.approx(y1 - y0, abs=TOLERANCE)


def check_mask(items, control: Control, run: Run) -> None:
    value = items[0]["value"]
    assert value.get("format", "rle") in ("rle", "png")
    assert value.get("rle") or value.get("imageDataURL", "").startswith(
        "data:image/png"
    )


def _polygon_in(cell) -> list[tuple[float, float]]:
    (left, top), (right, bottom) = cell
    return [(left + 2, top + 2), (right - 2, top + 6), ((left + right) / 2, bottom - 2)]


def act_polygon(control: Control, run: Run) -> None:
    _switch_or_label(control, run)
    image = run.ui.image(control.target)
    points = _polygon_in(run.next_cell())
    for point in points:
        run.ui.click(image.at(*point))
    run.ui.click(image.at(*points[0]))
    run.drawn[control.name] = points


def check_polygon(items, control: Control, run: Run) -> None:
    points = items[-1]["value"]["points"]
    assert len(points) == 3
    for (x, y), (ex, ey) in zip(points, run.drawn[control.name], strict=True):
        assert x == pytest.approx(ex, abs=TOLERANCE)
        assert y == pytest.approx(ey, abs=TOLERANCE)


def act_keypoint(control: Control, run: Run) -> None:
    _switch_or_label(control, run)
    (left, top), _ = run.next_cell()
    run.ui.click(run.ui.image(control.target).at(left + 5, top + 5))
    run.drawn[control.name] = (left + 5, top + 5)


def check_keypoint(items, control: Control, run: Run) -> None:
    value = items[0]["value"]
    x, y = run.drawn[control.name]
    assert value["x"] == pytest.approx(x, abs=TOLERANCE)
    assert value["y"] == pytest.approx(y, abs=TOLERANCE)


def act_vector(control: Control, run: Run) -> None:
    _switch_or_label(control, run)
    image = run.ui.image(control.target)
    run.ui.click(image.at(20, 30))
    run.ui.click(image.at(70, 60))
    run.ui.page.keyboard.press("Enter")


def check_vector(items, control: Control, run: Run) -> None:
    vertices = items[0]["value"]["vertices"]
    assert [(round(v["x"]), round(v["y"])) for v in vertices] == [(20, 30), (70, 60)]
    assert vertices[1]["prevPointId"] == vertices[0]["id"]


def act_magic_wand(control: Control, run: Run) -> None:
    _switch_or_label(control, run)
    (left, top), _ = run.next_cell()
    run.ui.click(run.ui.image(control.target).at(left + 10, top + 10))


# --- relations and chat -----------------------------------------------------------


def act_relations(control: Control, run: Run) -> None:
    labels = next(c for c in run.drawn["_controls"] if c.tag == "Labels")
    text = text_of(labels, run)
    words = re.findall(r"\w{4,}", text)
    run.ui.pick_option(labels.name, 1)
    run.ui.select_text(f'[data-name="{labels.target}"] .lc-text-body', words[-1])
    run.ui.select_region(0)
    run.ui.page.keyboard.press("Alt+r")
    run.ui.page.locator(".result-list li.link-target .result-main").first.click()
    run.ui.page.locator(".relation-row").first.wait_for()
    run.ui.page.locator(".relation-labels").get_by_role("checkbox").first.click()


def check_relations(items, control: Control, run: Run) -> None:
    raise AssertionError("relations are checked apart, having no control name")


def act_chat(control: Control, run: Run) -> None:
    chat = run.ui.tag(control.name)
    role = chat.locator("select")
    if role.count():
        role.select_option("assistant")
    chat.locator("textarea").fill(TYPED)
    chat.locator("textarea").press("Enter")


def check_chat(items, control: Control, run: Run) -> None:
    assert items[0]["value"]["chatmessage"]["content"] == TYPED


def act_per_region_first(act: Callable) -> Callable:
    """A per-region control answers for the first region; a required one for each."""

    def acting(control: Control, run: Run) -> None:
        if not control.per_region:
            act(control, run)
            return
        count = run.ui.region_count() if control.attrs.get("required") == "true" else 1
        for position in range(count):
            run.ui.select_region(position)
            answer = run.ui.page.locator(
                f'[data-region-for] [data-name="{control.name}"]'
            )
            if position > 0 and not answer.first.is_visible():
                continue
            answer.first.wait_for()
            act(control, run)

    return acting


@dataclass
class Driver:
    result_type: str
    act: Callable
    check: Callable
    # Region makers go first, answers about regions after them.
    order: int = 2


DRIVERS: dict[str, Driver] = {
    "Chat": Driver("chatmessage", act_chat, check_chat, 0),
    "Labels": Driver("labels", act_labels, check_labels, 0),
    "HyperTextLabels": Driver(
        "hypertextlabels", act_hypertext_labels, check_hypertext_labels, 0
    ),
    "ParagraphLabels": Driver(
        "paragraphlabels", act_paragraph_labels, check_paragraph_labels, 0
    ),
    "TimeSeriesLabels": Driver(
        "timeserieslabels", act_timeseries_labels, check_timeseries_labels, 0
    ),
    "TimelineLabels": Driver(
        "timelinelabels", act_timeline_labels, check_timeline_labels, 0
    ),
    "VideoRectangle": Driver(
        "videorectangle", act_video_rectangle, check_video_rectangle, 1
    ),
    "RectangleLabels": Driver("rectanglelabels", act_shape, check_rectangle, 0),
    "Rectangle": Driver("rectangle", act_shape, check_rectangle, 0),
    "EllipseLabels": Driver("ellipselabels", act_shape, check_ellipse, 0),
    "Ellipse": Driver("ellipse", act_shape, check_ellipse, 0),
    "BrushLabels": Driver("brushlabels", act_shape, check_mask, 0),
    "Brush": Driver("brush", act_shape, check_mask, 0),
    "BitmaskLabels": Driver("bitmasklabels", act_shape, check_mask, 0),
    "Bitmask": Driver("bitmask", act_shape, check_mask, 0),
    "MagicWand": Driver("magicwand", act_magic_wand, check_mask, 0),
    "PolygonLabels": Driver("polygonlabels", act_polygon, check_polygon, 0),
    "Polygon": Driver("polygon", act_polygon, check_polygon, 0),
    "KeyPointLabels": Driver("keypointlabels", act_keypoint, check_keypoint, 0),
    "KeyPoint": Driver("keypoint", act_keypoint, check_keypoint, 0),
    "VectorLabels": Driver("vectorlabels", act_vector, check_vector, 0),
    "Vector": Driver("vector", act_vector, check_vector, 0),
    "Relations": Driver("relation", act_relations, check_relations, 1),
    "Choices": Driver("choices", act_per_region_first(act_choices), check_choices),
    "Taxonomy": Driver("taxonomy", act_per_region_first(act_taxonomy), check_taxonomy),
    "Rating": Driver("rating", act_per_region_first(act_rating), check_rating),
    "Number": Driver("number", act_per_region_first(act_number), check_number),
    "DateTime": Driver("datetime", act_per_region_first(act_datetime), check_datetime),
    "TextArea": Driver("textarea", act_per_region_first(act_textarea), check_textarea),
    "Pairwise": Driver("pairwise", act_pairwise, check_pairwise),
    "Ranker": Driver("ranker", act_ranker, check_ranker),
}
