"""The two heavy pages of issue 4, measured in the browser.

A photo holding 1,000 boxes: time to first render (from navigation to the
frame that shows every box) and frame times while one box is dragged. A text
of 1 MB holding 2,000 spans: time to first render, and the time to add a span
(from the mouse-up over a selection to the frame that shows the new mark).
"""

from __future__ import annotations

import base64
import io
import random
import statistics
from dataclasses import dataclass

from bench.server import BenchServer

BOXES_CONFIG = """<View>
  <Image name="photo" value="$image"/>
  <RectangleLabels name="box" toName="photo">
    <Label value="Thing"/>
    <Label value="Other"/>
  </RectangleLabels>
</View>"""

STREAM_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" showInline="true">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>"""

SPANS_CONFIG = """<View>
  <Labels name="ner" toName="text">
    <Label value="Word"/>
    <Label value="Other"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>"""

WORDS = [
    *("label", "annotate", "server", "plugin", "region", "image", "text", "span"),
    *("browser", "canvas", "konva", "project", "task", "result", "export"),
    *("import", "stream", "sample", "config", "value"),
]

# Resolves on the first frame that shows `count` boxes (`what` "boxes", read from the
# page's own Konva: the import map gives the one instance the app uses) or `count`
# marks of spans ("marks"), with the time since navigation.
WAIT_FOR_FRAME = """async ([what, count]) => {
  const konva = (await import('konva')).default;
  const shown = () =>
    what === 'boxes'
      ? (konva.stages[0]?.find('.region').length ?? 0)
      : document.querySelectorAll('.lc-text-body mark').length;
  return new Promise((resolve) => {
    const check = () =>
      shown() >= count ? requestAnimationFrame(() => resolve(performance.now()))
                       : requestAnimationFrame(check);
    check();
  });
}"""

RECORD_FRAMES = """() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (now) => {
    window.__frames.push(now - last);
    last = now;
    if (window.__recording) requestAnimationFrame(tick);
  };
  window.__recording = true;
  requestAnimationFrame(tick);
}"""

ADD_SPAN = """([position]) => new Promise((resolve) => {
  const root = document.querySelector('.lc-text-body');
  const before = root.querySelectorAll('mark').length;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node = null;
  for (let seen = 0, each = walker.nextNode(); each; each = walker.nextNode()) {
    const plain = each.parentElement.tagName !== 'MARK' && each.length > 40;
    if (plain && seen++ >= position) {
      node = each;
      break;
    }
  }
  const start = node.data.indexOf(' ', 10) + 1;
  const end = node.data.indexOf(' ', start);
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const began = performance.now();
  root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  const check = () => {
    if (root.querySelectorAll('mark').length > before) {
      requestAnimationFrame(() => resolve(performance.now() - began));
    } else requestAnimationFrame(check);
  };
  check();
})"""


@dataclass
class Figure:
    what: str
    value: float
    unit: str
    target: str


def _photo(width: int = 1600, height: int = 1067) -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (120, 140, 160))
    draw = ImageDraw.Draw(image)
    for step in range(0, width, 40):
        draw.line([(step, 0), (width - step, height)], fill=(90, 110, 130), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def _boxes(count: int) -> list[dict]:
    columns = 40
    rows = -(-count // columns)
    width, height = 100 / columns, 100 / rows
    return [
        {
            "id": f"b{index}",
            "from_name": "box",
            "to_name": "photo",
            "type": "rectanglelabels",
            "value": {
                "x": (index % columns) * width + width * 0.1,
                "y": (index // columns) * height + height * 0.1,
                "width": width * 0.8,
                "height": height * 0.8,
                "rotation": 0,
                "rectanglelabels": ["Thing"],
            },
        }
        for index in range(count)
    ]


def _text_with_spans(size: int, spans: int) -> tuple[str, list[dict]]:
    chooser = random.Random(4)
    words = []
    length = 0
    while length < size:
        word = chooser.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)
    offsets = []
    at = 0
    for word in words:
        offsets.append((at, at + len(word)))
        at += len(word) + 1
    step = len(offsets) // spans
    items = [
        {
            "id": f"s{index}",
            "from_name": "ner",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": offsets[index * step][0],
                "end": offsets[index * step][1],
                "text": text[offsets[index * step][0] : offsets[index * step][1]],
                "labels": ["Word"],
            },
        }
        for index in range(spans)
    ]
    return text, items


def _project(server: BenchServer, title: str, config: str, task: dict) -> int:
    session = server.session
    answer = session.post(
        server.api("projects/"), json={"title": title, "label_config": config}
    )
    answer.raise_for_status()
    project = answer.json()["id"]
    imported = session.post(server.api(f"projects/{project}/import"), json=[task])
    imported.raise_for_status()
    return project


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def measure_boxes(server: BenchServer, page, count: int = 1000) -> list[Figure]:
    task = {
        "data": {"image": _photo()},
        "predictions": [{"model_version": "bench", "result": _boxes(count)}],
    }
    project = _project(server, f"{count} boxes", BOXES_CONFIG, task)
    renders = []
    for _ in range(3):
        page.goto(f"{server.url}/projects/{project}/label")
        renders.append(page.evaluate(WAIT_FOR_FRAME, ["boxes", count]))

    canvas = page.locator(".lc-image-canvas canvas").first.bounding_box()
    page.locator(".result-list li[data-region-row] .result-main").first.click()
    start_x = canvas["x"] + canvas["width"] * 0.012
    start_y = canvas["y"] + canvas["height"] * 0.015
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.evaluate(RECORD_FRAMES)
    for step in range(1, 121):
        page.mouse.move(start_x + step * 3, start_y + step * 2)
    frames = page.evaluate(
        "(() => { window.__recording = false; return window.__frames; })()"
    )
    page.mouse.up()
    moving = frames[2:] or frames
    return [
        Figure(
            f"photo with {count} boxes: first render",
            statistics.median(renders),
            "ms",
            "< 1000 ms",
        ),
        Figure(
            f"dragging one of {count} boxes: frame time, median",
            statistics.median(moving),
            "ms",
            "≤ 16.7 ms (60 fps)",
        ),
        Figure(
            f"dragging one of {count} boxes: frame time, p95",
            _percentile(moving, 0.95),
            "ms",
            "< 33 ms",
        ),
    ]


def measure_spans(
    server: BenchServer, page, size: int = 1_000_000, spans: int = 2000
) -> list[Figure]:
    text, items = _text_with_spans(size, spans)
    task = {
        "data": {"text": text},
        "predictions": [{"model_version": "bench", "result": items}],
    }
    project = _project(server, f"{spans} spans", SPANS_CONFIG, task)
    renders = []
    for _ in range(3):
        page.goto(f"{server.url}/projects/{project}/label")
        renders.append(page.evaluate(WAIT_FOR_FRAME, ["marks", spans]))
    page.get_by_role("radio", name="Other").click()
    additions = [page.evaluate(ADD_SPAN, [position * 37]) for position in range(10)]
    return [
        Figure(
            f"1 MB text with {spans} spans: first render",
            statistics.median(renders),
            "ms",
            "< 1000 ms",
        ),
        Figure(
            f"1 MB text with {spans} spans: add a span, median",
            statistics.median(additions),
            "ms",
            "< 100 ms",
        ),
        Figure(
            f"1 MB text with {spans} spans: add a span, p95",
            _percentile(additions, 0.95),
            "ms",
            "< 150 ms",
        ),
    ]


def measure_stream(server: BenchServer, page, submits: int = 50) -> list[Figure]:
    """Submit → next task on screen, with the next task prefetched by the web UI."""
    session = server.session
    answer = session.post(
        server.api("projects/"), json={"title": "Stream", "label_config": STREAM_CONFIG}
    )
    answer.raise_for_status()
    project = answer.json()["id"]
    tasks = [{"text": f"Review number {n}"} for n in range(submits + 5)]
    session.post(
        server.api(f"projects/{project}/import"), json=tasks
    ).raise_for_status()

    page.goto(f"{server.url}/projects/{project}/label")
    for count in range(1, submits + 1):
        page.locator(".labeling .tag-tree").wait_for()
        page.keyboard.press("1")
        page.keyboard.press("Control+Enter")
        page.get_by_text(f"{count} done in this session").wait_for()
    timings = page.evaluate("window.__labelcoreTimings")
    shown = [entry["shownMilliseconds"] for entry in timings]
    saved = [entry["saveMilliseconds"] for entry in timings]
    return [
        Figure(
            "submit → next task on screen, median",
            statistics.median(shown),
            "ms",
            "≤ 100 ms",
        ),
        Figure(
            "submit → next task on screen, p95",
            _percentile(shown, 0.95),
            "ms",
            "≤ 100 ms",
        ),
        Figure(
            "the save, done behind the shown task, median",
            statistics.median(saved),
            "ms",
            "",
        ),
    ]
