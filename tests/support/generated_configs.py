"""Hypothesis strategies for configs and results, shared by the server-side
property tests and the browser round trip: random label sets (any script,
``&``, quotes) on six controls, and values drawn inside what validation
accepts."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from hypothesis import strategies as st

label_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters=",\x00"
    ),
    min_size=1,
    max_size=12,
).filter(lambda text: text.strip() == text and text)
label_sets = st.lists(label_text, min_size=1, max_size=5, unique=True)

CONTROLS = {
    "Choices": ("Choice", "Text", "choices"),
    "Labels": ("Label", "Text", "labels"),
    "RectangleLabels": ("Label", "Image", "rectanglelabels"),
    "PolygonLabels": ("Label", "Image", "polygonlabels"),
    "KeyPointLabels": ("Label", "Image", "keypointlabels"),
    "Taxonomy": ("Choice", "Text", "taxonomy"),
}

# Emoji (two UTF-16 units each), right-to-left and combining text: the
# offsets a browser counts differ from the code points the result stores.
span_text = st.text(
    alphabet=st.sampled_from(list("ab cd😀👩‍💻שלוםمرحبا é\u0301")),
    min_size=4,
    max_size=30,
).filter(lambda text: text.strip())
percent = st.floats(min_value=0, max_value=100, allow_nan=False).map(
    lambda value: round(value, 2)
)


def config_for(control: str, labels: list[str]) -> str:
    option, target, _ = CONTROLS[control]
    options = "".join(f"<{option} value={quoteattr(label)}/>" for label in labels)
    value = "$text" if target == "Text" else "$image"
    return (
        f'<View><{target} name="obj" value="{value}"/>'
        f'<{control} name="ctl" toName="obj">{options}</{control}></View>'
    )


@st.composite
def span(draw, text: str) -> dict:
    start = draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = draw(st.integers(min_value=start + 1, max_value=len(text)))
    return {"start": start, "end": end, "text": text[start:end]}


@st.composite
def box(draw) -> dict:
    x, y = (
        draw(percent.filter(lambda v: v < 90)),
        draw(percent.filter(lambda v: v < 90)),
    )
    width = draw(st.floats(min_value=2, max_value=100 - x).map(lambda v: round(v, 2)))
    height = draw(st.floats(min_value=2, max_value=100 - y).map(lambda v: round(v, 2)))
    return {
        "x": x,
        "y": y,
        "width": min(width, round(100 - x, 2)),
        "height": min(height, round(100 - y, 2)),
        "rotation": 0,
    }


@st.composite
def polygon(draw) -> dict:
    points = draw(st.lists(st.tuples(percent, percent), min_size=3, max_size=6))
    return {"points": [list(point) for point in points], "closed": True}


@st.composite
def keypoint(draw) -> dict:
    return {"x": draw(percent), "y": draw(percent), "width": 0.75}


@st.composite
def generated_value(draw, control: str, label: str, text: str) -> dict:
    """A result ``value`` for ``control`` carrying ``label``."""
    kind = CONTROLS[control][2]
    if control == "Choices":
        return {"choices": [label]}
    if control == "Taxonomy":
        return {"taxonomy": [[label]]}
    if control == "Labels":
        return {**draw(span(text)), "labels": [label]}
    geometry = {"RectangleLabels": box, "PolygonLabels": polygon}.get(control, keypoint)
    return {**draw(geometry()), kind: [label]}
