"""What the gallery test does with the page: find a tag, draw, select text, drag.

Every action goes through Playwright's real mouse and keyboard; the few
JavaScript helpers only find where some text is on screen, or make a text
selection the way a person's drag would, and then send the mouse-up.
"""

from __future__ import annotations

from dataclasses import dataclass

# Where to find `needle` inside `selector` and select it, like a drag over it.
SELECT_TEXT = """([selector, needle]) => {
  const root = document.querySelector(selector);
  if (!root) return false;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    const box = range.getBoundingClientRect();
    node.parentElement.dispatchEvent(new MouseEvent('mouseup', {
      bubbles: true, clientX: box.right, clientY: box.bottom,
    }));
    return true;
  }
  return false;
}"""


@dataclass
class Box:
    left: float
    top: float
    width: float
    height: float

    def at(self, x_percent: float, y_percent: float) -> tuple[float, float]:
        return (
            self.left + self.width * x_percent / 100,
            self.top + self.height * y_percent / 100,
        )


class Ui:
    """The labeling page of one task."""

    def __init__(self, page):
        self.page = page

    def tag(self, name: str):
        """The element a renderer drew for the tag named ``name``."""
        return self.page.locator(f'[data-name="{name}"]').first

    def reveal(self, name: str) -> None:
        """Turn pages and open panels until the tag ``name`` is on screen."""
        panels = self.page.locator("details.lc-panel summary")
        for index in range(panels.count()):
            if self.tag(name).is_visible():
                return
            panels.nth(index).click()
        for _ in range(6):
            if self.tag(name).is_visible():
                return
            forward = self.page.get_by_role("button", name="Next page")
            if forward.count() == 0 or forward.first.is_disabled():
                return
            forward.first.click()

    def pick_option(self, name: str, position: int = 0, role: str = "radio") -> None:
        self.reveal(name)
        self.tag(name).get_by_role(role).nth(position).click()

    def box_of(self, selector: str) -> Box:
        element = self.page.locator(selector).first
        element.wait_for()
        element.scroll_into_view_if_needed()
        found = element.bounding_box()
        assert found, f"{selector} has no box on screen"
        return Box(found["x"], found["y"], found["width"], found["height"])

    def image(self, name: str) -> Box:
        """The photo of Image ``name``: at zoom 1 the stage is exactly the photo."""
        return self.box_of(f'[data-name="{name}"] .lc-image-canvas canvas')

    def drag(self, start, end, steps: int = 8) -> None:
        self.page.mouse.move(*start)
        self.page.mouse.down()
        self.page.mouse.move(*end, steps=steps)
        self.page.mouse.up()
        self.page.wait_for_timeout(60)

    def click(self, point) -> None:
        self.page.mouse.click(*point)
        self.page.wait_for_timeout(60)

    def select_text(self, selector: str, needle: str) -> None:
        self.page.locator(selector).first.wait_for()
        assert self.page.evaluate(SELECT_TEXT, [selector, needle]), (
            f"{needle!r} is not in {selector}"
        )
        self.page.wait_for_timeout(60)

    def select_region(self, position: int = 0) -> None:
        """Select a region by its row in the results."""
        self.page.locator(".result-list li[data-region-row] .result-main").nth(
            position
        ).click()

    def cell(self, index: int) -> tuple[tuple[float, float], tuple[float, float]]:
        """The ``index``-th of nine cells of an image, in percent, so that shapes
        drawn one after another never start on one another."""
        column, row = index % 3, (index // 3) % 3
        left, top = 4 + column * 32, 4 + row * 32
        return (left, top), (left + 26, top + 26)

    def region_count(self) -> int:
        return self.page.locator(".result-list li[data-region-row]").count()

    def wait_for_regions(self, count: int) -> None:
        rows = self.page.locator(".result-list li[data-region-row]")
        if count:
            rows.nth(count - 1).wait_for()
        self.page.wait_for_function(
            "(n) => document.querySelectorAll("
            "'.result-list li[data-region-row]').length === n",
            arg=count,
        )
