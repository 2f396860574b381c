"""Where each tag and attribute of a config starts, as line and column.

lxml gives an element only the line on which its start tag ends, so the
compiler finds positions itself: in well-formed XML the start tags appear in
the text in the same order as the elements in the tree, once comments, CDATA
sections and processing instructions are blanked out.
"""

from __future__ import annotations

import bisect
import re

_OPAQUE = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_START_TAG = re.compile(r"<([A-Za-z_][-\w.:]*)")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_SPACE = re.compile(r"\s*")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def masked(text: str) -> str:
    """``text`` with comments, CDATA and PIs replaced by spaces (same length)."""
    return _OPAQUE.sub(_blank, text)


class SourceMap:
    """Positions of the start tags of ``text``, in document order."""

    def __init__(self, text: str):
        self.raw_text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._masked: str | None = None
        self._tags: list[int] | None = None

    @property
    def text(self) -> str:
        # Masked only on demand: masking is linear for well-formed XML, and
        # only well-formed configs get as far as asking for tag positions.
        if self._masked is None:
            self._masked = masked(self.raw_text)
        return self._masked

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    @property
    def tag_offsets(self) -> list[int]:
        if self._tags is None:
            self._tags = [m.start() for m in _START_TAG.finditer(self.text)]
        return self._tags

    def element(self, index: int) -> tuple[int | None, int | None]:
        """(line, column) of the ``index``-th start tag, or ``(None, None)``."""
        if index >= len(self.tag_offsets):
            return None, None
        return self.position(self.tag_offsets[index])

    def attribute(self, index: int, name: str) -> tuple[int | None, int | None]:
        """(line, column) of attribute ``name`` in the ``index``-th start tag."""
        if index >= len(self.tag_offsets):
            return None, None
        start = self.tag_offsets[index]
        cursor = _START_TAG.match(self.text, start).end()
        while True:
            attribute = _ATTRIBUTE.match(
                self.text, _SPACE.match(self.text, cursor).end()
            )
            if attribute is None:
                return self.position(start)
            if attribute.group(1) == name:
                return self.position(attribute.start())
            cursor = attribute.end()
