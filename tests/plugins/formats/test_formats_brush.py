"""Brush masks: rle-pack streams decoded, and exported as PNG and NumPy."""

import io

import numpy
import pytest
from labelcore_formats.rle import MaskError, decode, encode, mask
from PIL import Image

from tests.plugins.formats.conftest import unzip

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <BrushLabels name="mask" toName="image"><Label value="Road"/></BrushLabels>
</View>"""

# A 4 x 3 image whose alpha is 255 on the middle two pixels of the top row
# and on the whole bottom row.
ALPHA = numpy.array(
    [[0, 255, 255, 0], [0, 0, 0, 0], [255, 255, 255, 255]], dtype=numpy.uint8
)


def rgba(alpha):
    pixels = numpy.zeros((*alpha.shape, 4), dtype=numpy.uint8)
    pixels[:, :, 0] = 7
    pixels[:, :, 3] = alpha
    return pixels.tobytes()


def test_a_hand_packed_stream_decodes():
    # 5 values of 8 bits; run sizes of 1, 1, 1 and 4 bits. A run of three 9s
    # (flag 1, size choice 3, length - 1 = 2, the value), then two literals
    # (flag 0, size choice 3, length - 1 = 1, the values 1 and 2).
    bits = (
        f"{5:032b}{7:05b}{0:04b}{0:04b}{0:04b}{3:04b}"
        f"1{3:02b}{2:04b}{9:08b}"
        f"0{3:02b}{1:04b}{1:08b}{2:08b}"
    )
    bits += "0" * (-len(bits) % 8)
    data = [int(bits[i : i + 8], 2) for i in range(0, len(bits), 8)]

    assert decode(data) == bytes([9, 9, 9, 1, 2])


def test_encode_and_decode_give_back_the_pixels():
    values = rgba(ALPHA)

    assert decode(encode(values)) == values
    assert (mask(encode(values), 4, 3) == ALPHA).all()


def test_a_mask_of_the_wrong_size_is_refused_with_the_sizes():
    with pytest.raises(MaskError, match="a 5x3 image needs 60"):
        mask(encode(rgba(ALPHA)), 5, 3)


@pytest.mark.postgres
def test_brush_regions_export_as_png_and_numpy(make_project, export):
    item = {
        "from_name": "mask",
        "to_name": "image",
        "type": "brushlabels",
        "original_width": 4,
        "original_height": 3,
        "value": {"format": "rle", "rle": encode(rgba(ALPHA)), "brushlabels": ["Road"]},
    }
    project_id = make_project(
        CONFIG,
        [
            {
                "data": {"image": "https://example.org/r.png"},
                "annotations": [{"result": [item]}],
            }
        ],
    )

    pngs = unzip(export(project_id, "BRUSH_TO_PNG"))
    arrays = unzip(export(project_id, "BRUSH_TO_NUMPY"))

    (png_name,) = pngs
    assert png_name.startswith("task-")
    assert png_name.endswith("-by-admin@example.com-mask-Road-0.png")
    assert (numpy.array(Image.open(io.BytesIO(pngs[png_name]))) == ALPHA).all()
    (npy_name,) = arrays
    assert npy_name == png_name.replace(".png", ".npy")
    assert (numpy.load(io.BytesIO(arrays[npy_name])) == ALPHA).all()
