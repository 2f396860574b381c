"""Write ``labelcore_templates/media/sample-video.mp4``: two seconds, 10 fps.

A ball crosses a 160x90 frame, so that video templates have something to
track. Run once with PyAV installed (``pip install av``); the file is
shipped, so neither PyAV nor this script is needed at run time.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy

WIDTH, HEIGHT, FPS, FRAMES = 160, 90, 10, 20
TARGET = (
    Path(__file__).parents[1] / "labelcore_templates" / "media" / "sample-video.mp4"
)


def frame_at(step: int) -> numpy.ndarray:
    picture = numpy.full((HEIGHT, WIDTH, 3), (235, 240, 245), dtype=numpy.uint8)
    centre_x = 20 + step * (WIDTH - 40) // (FRAMES - 1)
    ys, xs = numpy.ogrid[:HEIGHT, :WIDTH]
    ball = (xs - centre_x) ** 2 + (ys - HEIGHT // 2) ** 2 <= 12**2
    picture[ball] = (220, 60, 60)
    return picture


def main() -> None:
    with av.open(str(TARGET), "w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height = WIDTH, HEIGHT
        stream.pix_fmt = "yuv420p"
        stream.options = {"crf": "30"}
        for step in range(FRAMES):
            frame = av.VideoFrame.from_ndarray(frame_at(step), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
