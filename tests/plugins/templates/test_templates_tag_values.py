"""Each tag's own result rules: a value accepted, a wrong one refused by name."""

from __future__ import annotations

import pytest
from labelcore_templates.tags import rle, sample_media

IMAGE = '<Image name="img" value="$img"/>'
TEXT = '<Text name="text" value="$text"/>'


def check(compiler, body: str, item: dict, data: dict | None = None) -> list[str]:
    parsed = compiler.compile(f"<View>{body}</View>")
    return [str(issue) for issue in parsed.check_result([item], data)]


def item(from_name: str, to_name: str, kind: str, value: dict, **extra) -> dict:
    return {
        "id": "r1",
        "from_name": from_name,
        "to_name": to_name,
        "type": kind,
        "value": value,
        **extra,
    }


TAXONOMY = (
    TEXT + '<Taxonomy name="tax" toName="text" leafsOnly="true">'
    '<Choice value="Animal"><Choice value="Cat" alias="felis"/></Choice>'
    '<Choice value="Plant"/></Taxonomy>'
)


def test_taxonomy_paths_must_exist_and_end_at_a_leaf(compiler):
    def tax(*paths):
        return item("tax", "text", "taxonomy", {"taxonomy": [list(p) for p in paths]})

    assert check(compiler, TAXONOMY, tax(("Animal", "Cat"), ("Animal", "felis"))) == []
    assert check(compiler, TAXONOMY, tax(("Animal", "Dog"))) == [
        "result item 0 (from_name 'tax'): field 'value.taxonomy.0': the path "
        "'Animal / Dog' is not in the taxonomy: 'Dog' is not under 'Animal', which "
        "has 'Cat', 'felis'"
    ]
    assert check(compiler, TAXONOMY, tax(("Animal",))) == [
        "result item 0 (from_name 'tax'): field 'value.taxonomy.0': the path "
        "'Animal' ends at an inner node, but 'tax' takes only leaves (leafsOnly); "
        "pick one of its children"
    ]


def test_rating_stays_within_max_rating(compiler):
    body = TEXT + '<Rating name="stars" toName="text" maxRating="3"/>'

    assert check(compiler, body, item("stars", "text", "rating", {"rating": 3})) == []
    assert check(compiler, body, item("stars", "text", "rating", {"rating": 4})) == [
        "result item 0 (from_name 'stars'): field 'value.rating': must be at most 3 "
        "(maxRating of 'stars'); got 4"
    ]


def test_number_stays_within_min_and_max(compiler):
    body = TEXT + '<Number name="n" toName="text" min="0" max="10"/>'

    assert check(compiler, body, item("n", "text", "number", {"number": 2.5})) == []
    assert check(compiler, body, item("n", "text", "number", {"number": 11})) == [
        "result item 0 (from_name 'n'): field 'value.number': must be from 0 to 10 "
        "(min and max of 'n'); got 11"
    ]


@pytest.mark.parametrize(
    ("only", "good", "bad", "expected"),
    [
        ("date", "2024-02-29", "29/02/2024", "a date written as '%Y-%m-%d'"),
        ("time", "09:05", "9h05", "a time written as '%H:%M'"),
        ("year", "1999", "99AD", "a year written as '%Y'"),
        ("date,time", "2024-02-29T09:05", "yesterday", "a datetime written as"),
    ],
)
def test_datetime_matches_the_parts_it_shows(compiler, only, good, bad, expected):
    body = TEXT + f'<DateTime name="when" toName="text" only="{only}"/>'

    def value(text):
        return item("when", "text", "datetime", {"datetime": text})

    assert check(compiler, body, value(good)) == []
    [problem] = check(compiler, body, value(bad))
    assert f"field 'value.datetime': must be {expected}" in problem
    assert problem.endswith(f"got {bad!r}")


def test_datetime_respects_min(compiler):
    body = TEXT + '<DateTime name="when" toName="text" only="date" min="2024-01-01"/>'

    [problem] = check(
        compiler, body, item("when", "text", "datetime", {"datetime": "2023-12-31"})
    )
    assert problem.endswith(
        "field 'value.datetime': is before the min of 'when' (2024-01-01); got "
        "'2023-12-31'"
    )


PAIRWISE = (
    '<Text name="a" value="$a"/><Text name="b" value="$b"/>'
    '<Pairwise name="pick" toName="a,b"/>'
)


def test_pairwise_selects_left_or_right_and_names_itself(compiler):
    good = item("pick", "pick", "pairwise", {"selected": "left"})

    assert check(compiler, PAIRWISE, good) == []
    [problem] = check(compiler, PAIRWISE, {**good, "value": {"selected": "middle"}})
    assert problem.startswith(
        "result item 0 (from_name 'pick'): field 'value.selected': must be one of"
    )


RANKER = (
    '<List name="results" value="$items"/>'
    '<Ranker name="rank" toName="results">'
    '<Bucket name="good" title="Good"/><Bucket name="bad"/></Ranker>'
)
ITEMS = {"items": [{"id": "x"}, {"id": "y"}]}


def test_ranker_buckets_hold_item_ids_of_the_list(compiler):
    def ranked(groups):
        return item("rank", "results", "ranker", {"ranker": groups})

    assert check(compiler, RANKER, ranked({"good": ["x"], "bad": ["y"]}), ITEMS) == []
    assert check(compiler, RANKER, ranked({"good": ["z"], "ugly": ["y"]}), ITEMS) == [
        "result item 0 (from_name 'rank'): field 'value.ranker': item 'z' is not in "
        "the list; its ids are 'x', 'y'",
        "result item 0 (from_name 'rank'): field 'value.ranker.ugly': names no "
        "Bucket of 'rank'; buckets here: 'bad', 'good'",
    ]


def test_a_plain_ranking_is_a_list_or_keyed_by_the_control(compiler):
    body = '<List name="results" value="$items"/><Ranker name="rank" toName="results"/>'

    for ranking in (["y", "x"], {"rank": ["y", "x"]}):
        value = {"ranker": ranking}
        assert (
            check(compiler, body, item("rank", "results", "ranker", value), ITEMS) == []
        )


VIDEO = (
    '<Video name="video" value="$video"/>'
    '<Labels name="kind" toName="video"><Label value="Car"/></Labels>'
    '<VideoRectangle name="box" toName="video"/>'
)


def keyframe(frame, **box):
    return {"frame": frame, "x": 1, "y": 1, "width": 10, "height": 10, **box}


def test_video_keyframes_are_in_order_inside_the_frame(compiler):
    def track(*frames, labels=("Car",)):
        value = {"sequence": list(frames), "framesCount": 20, "labels": list(labels)}
        return item("box", "video", "videorectangle", value)

    assert check(compiler, VIDEO, track(keyframe(1), keyframe(5))) == []
    assert check(
        compiler, VIDEO, track(keyframe(5), keyframe(3, x=95), labels=("Bus",))
    ) == [
        "result item 0 (from_name 'box'): field 'value.sequence.1.width': the box "
        "reaches 105% (x 95 + width 10); boxes are in percent of the image, so x + "
        "width must be at most 100",
        "result item 0 (from_name 'box'): field 'value.sequence.1.frame': keyframes "
        "must be in frame order; frame 3 comes after frame 5",
        "result item 0 (from_name 'box'): field 'value.labels': label 'Bus' is not "
        "in the Labels of this video; expected one of 'Car'",
    ]


def test_timeline_ranges_run_forwards(compiler):
    body = (
        '<Video name="video" value="$video"/>'
        '<TimelineLabels name="tl" toName="video"><Label value="Run"/></TimelineLabels>'
    )

    def ranges(start, end):
        value = {"ranges": [{"start": start, "end": end}], "timelinelabels": ["Run"]}
        return item("tl", "video", "timelinelabels", value)

    assert check(compiler, body, ranges(2, 9)) == []
    assert check(compiler, body, ranges(9, 2)) == [
        "result item 0 (from_name 'tl'): field 'value.ranges.0.end': must not be "
        "before start (frame 9); got 2"
    ]


SERIES = (
    '<TimeSeries name="ts" value="$ts" valueType="json" timeColumn="t">'
    '<Channel column="v"/></TimeSeries>'
    '<TimeSeriesLabels name="tsl" toName="ts"><Label value="Up"/></TimeSeriesLabels>'
)
SERIES_DATA = {"ts": {"t": [0, 1, 2, 3], "v": [1, 2, 3, 4]}}


def test_time_series_ranges_lie_within_the_series(compiler):
    def span(start, end, instant=False):
        value = {
            "start": start,
            "end": end,
            "instant": instant,
            "timeserieslabels": ["Up"],
        }
        return item("tsl", "ts", "timeserieslabels", value)

    assert check(compiler, SERIES, span(1, 2), SERIES_DATA) == []
    assert check(compiler, SERIES, span(1, 7), SERIES_DATA) == [
        "result item 0 (from_name 'tsl'): field 'value.end': the range 1-7 is "
        "outside the series, which runs from 0 to 3"
    ]
    assert check(compiler, SERIES, span(1, 2, instant=True), SERIES_DATA) == [
        "result item 0 (from_name 'tsl'): field 'value.instant': an instant has "
        "start equal to end; got 1 and 2"
    ]


def test_time_series_columns_must_all_be_in_the_data(compiler):
    parsed = compiler.compile(f"<View>{SERIES}</View>")

    assert parsed.check_task_data(SERIES_DATA) == []
    assert parsed.check_task_data({"ts": {"t": [0, 1], "w": [1, 2]}}) == [
        "data key 'ts' (shown by TimeSeries 'ts'): the column 'v' is missing; the "
        "data has the columns 't', 'w'. Add it, or change the Channel or timeColumn"
    ]
    assert parsed.check_task_data({"ts": {"t": [0, 1], "v": [1]}}) == [
        "data key 'ts' (shown by TimeSeries 'ts'): every column must have the same "
        "number of values; 't' has 2, 'v' has 1"
    ]


AUDIO = (
    '<Audio name="audio" value="$audio"/>'
    '<Labels name="who" toName="audio"><Label value="Ann"/></Labels>'
)


def test_audio_segments_are_seconds_forwards(compiler):
    def segment(start, end):
        return item(
            "who", "audio", "labels", {"start": start, "end": end, "labels": ["Ann"]}
        )

    assert check(compiler, AUDIO, segment(0.5, 1.25)) == []
    assert check(compiler, AUDIO, segment(2, 1)) == [
        "result item 0 (from_name 'who'): field 'value.end': must not be before "
        "start (2 s); got 1"
    ]


PARAGRAPHS = (
    '<Paragraphs name="chat" value="$chat"/>'
    '<ParagraphLabels name="pl" toName="chat"><Label value="Ask"/></ParagraphLabels>'
)
CHAT = {"chat": [{"author": "A", "text": "Hello there"}, {"author": "B", "text": "Hi"}]}


def test_paragraph_spans_name_paragraphs_and_offsets_inside_them(compiler):
    def span(start, end, start_offset, end_offset, text):
        value = {
            "start": start,
            "end": end,
            "startOffset": start_offset,
            "endOffset": end_offset,
            "text": text,
            "paragraphlabels": ["Ask"],
        }
        return item("pl", "chat", "paragraphlabels", value)

    assert check(compiler, PARAGRAPHS, span("0", "0", 6, 11, "there"), CHAT) == []
    assert check(compiler, PARAGRAPHS, span("0", "1", 6, 2, "there Hi"), CHAT) == []
    assert check(compiler, PARAGRAPHS, span("0", "2", 0, 1, "H"), CHAT) == [
        "result item 0 (from_name 'pl'): field 'value.end': is paragraph 2, but the "
        "task has 2 paragraphs (counted from 0)"
    ]
    assert check(compiler, PARAGRAPHS, span("0", "0", 0, 5, "Howdy"), CHAT) == [
        "result item 0 (from_name 'pl'): field 'value.text': does not match the "
        "paragraphs at that range, which read 'Hello'; got 'Howdy'"
    ]


def test_paragraphs_data_needs_the_text_key(compiler):
    parsed = compiler.compile(f"<View>{PARAGRAPHS}</View>")

    assert parsed.check_task_data(CHAT) == []
    assert parsed.check_task_data({"chat": [{"author": "A", "line": "x"}]}) == [
        "data key 'chat' (shown by Paragraphs 'chat'): item 0 must have a 'text' "
        "string (textKey); it has 'author', 'line'"
    ]


HTML = (
    '<HyperText name="page" value="$html"/>'
    '<HyperTextLabels name="hl" toName="page"><Label value="Name"/></HyperTextLabels>'
)
PAGE = {"html": "<p>Hello <b>Ada</b> Lovelace</p>"}


def test_html_spans_use_xpaths_and_global_offsets(compiler):
    def span(**value):
        return item(
            "hl", "page", "hypertextlabels", {**value, "hypertextlabels": ["Name"]}
        )

    good = span(
        start="/p[1]/b[1]/text()[1]",
        end="/p[1]/b[1]/text()[1]",
        startOffset=0,
        endOffset=3,
        globalOffsets={"start": 6, "end": 9},
        text="Ada",
    )
    assert check(compiler, HTML, good, PAGE) == []

    moved = {
        **good,
        "value": {**good["value"], "globalOffsets": {"start": 6, "end": 99}},
    }
    assert check(compiler, HTML, moved, PAGE) == [
        "result item 0 (from_name 'hl'): field 'value.globalOffsets.end': is 99, "
        "past the end of the HTML's text (18 characters)"
    ]
    wrong = {**good, "value": {**good["value"], "text": "Bob"}}
    assert check(compiler, HTML, wrong, PAGE) == [
        "result item 0 (from_name 'hl'): field 'value.text': does not appear in the "
        "HTML; at 6-9 its text is 'Ada', got 'Bob'"
    ]
    broken = {**good, "value": {**good["value"], "start": "/p[1]/b[[1]"}}
    assert check(compiler, HTML, broken, PAGE) == [
        "result item 0 (from_name 'hl'): field 'value.start': is not a valid XPath; "
        "got '/p[1]/b[[1]'. Label Studio writes paths such as '/p[1]/text()[1]'"
    ]


def test_polygons_need_three_points_inside_the_image(compiler):
    body = (
        IMAGE + '<PolygonLabels name="poly" toName="img">'
        '<Label value="Lake"/></PolygonLabels>'
    )

    def polygon(*points):
        value = {"points": [list(p) for p in points], "polygonlabels": ["Lake"]}
        return item("poly", "img", "polygonlabels", value)

    assert check(compiler, body, polygon((1, 1), (50, 2), (20, 80))) == []
    assert check(compiler, body, polygon((1, 1), (50, 2))) == [
        "result item 0 (from_name 'poly'): field 'value.points': a polygon needs at "
        "least 3 points; got 2"
    ]
    [problem] = check(compiler, body, polygon((1, 1), (150, 2), (20, 80)))
    assert "field 'value.points[1][0]'" in problem and "100" in problem


def test_ellipses_key_points_and_vectors(compiler):
    body = (
        IMAGE + '<Ellipse name="e" toName="img"/><KeyPoint name="k" toName="img"/>'
        '<Vector name="v" toName="img"/>'
    )
    ellipse = item(
        "e", "img", "ellipse", {"x": 50, "y": 50, "radiusX": 5, "radiusY": 9}
    )
    point = item("k", "img", "keypoint", {"x": 10, "y": 10})
    path = item(
        "v",
        "img",
        "vector",
        {
            "vertices": [
                {"id": "a", "x": 1, "y": 1},
                {"id": "b", "x": 9, "y": 9, "prevPointId": "a"},
            ]
        },
    )

    assert check(compiler, body, ellipse) + check(compiler, body, point) == []
    assert check(compiler, body, path) == []
    path["value"]["vertices"][1]["prevPointId"] = "zz"
    assert check(compiler, body, path) == [
        "result item 0 (from_name 'v'): field 'value.vertices.1.prevPointId': names "
        "the point 'zz', which is not among the vertices of this path"
    ]


BRUSH = (
    IMAGE + '<BrushLabels name="mask" toName="img"><Label value="Sky"/></BrushLabels>'
)


def test_brush_masks_are_complete_rle_of_the_image_size(compiler):
    mask = rle.mask_rle(4, 3, lambda x, y: x < 2)

    def brush(values, **size):
        value = {"format": "rle", "rle": values, "brushlabels": ["Sky"]}
        return item("mask", "img", "brushlabels", value, **size)

    assert (
        check(compiler, BRUSH, brush(mask, original_width=4, original_height=3)) == []
    )
    assert check(compiler, BRUSH, brush(mask, original_width=5, original_height=3)) == [
        "result item 0 (from_name 'mask'): field 'value.rle': holds 48 values, but an "
        "image of 5x3 pixels needs 60 (4 per pixel); encode the mask at the image's "
        "original size"
    ]
    [problem] = check(compiler, BRUSH, brush(mask[:-2]))
    assert problem.startswith(
        "result item 0 (from_name 'mask'): field 'value.rle': is not a complete "
        "Label Studio RLE mask: the mask ends after"
    )


def test_our_rle_reads_and_writes_what_label_studio_does():
    from label_studio_sdk.converter.brush import decode_rle, encode_rle

    pixels = bytes([0, 0, 0, 0] * 7 + [255, 255, 255, 255] * 5 + [9, 8, 7, 6])
    theirs = encode_rle(list(pixels))

    assert bytes(rle.decode(theirs)) == pixels
    assert bytes(decode_rle(rle.encode(pixels))) == pixels
    assert rle.value_count(theirs) == len(pixels)


def test_bitmasks_are_png_data_uris(compiler):
    body = IMAGE + '<Bitmask name="bits" toName="img"/>'
    png = sample_media.mask_png()

    assert (
        check(compiler, body, item("bits", "img", "bitmask", {"imageDataURL": png}))
        == []
    )
    assert check(
        compiler,
        body,
        item("bits", "img", "bitmask", {"imageDataURL": "data:image/jpeg;base64,AAAA"}),
    ) == [
        "result item 0 (from_name 'bits'): field 'value.imageDataURL': must be a PNG "
        "data URI starting with 'data:image/png;base64,'; got "
        "'data:image/jpeg;base64,AAAA'"
    ]


def test_chat_messages_are_results_of_the_chat_itself(compiler):
    body = '<Chat name="chat" value="$chat"/>'
    message = {"chatmessage": {"role": "user", "content": "Hi", "createdAt": 1}}

    assert check(compiler, body, item("chat", "chat", "chatmessage", message)) == []
    message["chatmessage"]["role"] = "robot"
    assert check(compiler, body, item("chat", "chat", "chatmessage", message)) == [
        "result item 0 (from_name 'chat'): field 'value.chatmessage.role': must be "
        "one of 'user', 'assistant', 'system', 'tool', 'developer'; got 'robot'"
    ]


def test_text_area_keeps_to_max_submissions(compiler):
    body = TEXT + '<TextArea name="note" toName="text" maxSubmissions="1"/>'

    assert (
        check(compiler, body, item("note", "text", "textarea", {"text": ["a"]})) == []
    )
    assert check(
        compiler, body, item("note", "text", "textarea", {"text": ["a", "b"]})
    ) == [
        "result item 0 (from_name 'note'): field 'value.text': 'note' takes at most 1 "
        "texts (maxSubmissions); got 2"
    ]


def test_image_needs_value_or_value_list(compiler):
    from labelcore.config import ConfigInvalid

    with pytest.raises(ConfigInvalid) as caught:
        compiler.compile(
            '<View><Image name="img"/><Choices name="c" toName="img"/></View>'
        )

    assert caught.value.errors[0].message == (
        'the Image \'img\' needs value="$image" (one image) or valueList="$images" '
        "(several); add one of them"
    )


@pytest.mark.parametrize(
    ("body", "good", "bad", "message"),
    [
        (
            '<Image name="img" valueList="$images"/>',
            {"images": ["/a.png", "data:image/png;base64,AA"]},
            {"images": ["/a.png", 7]},
            "data key 'images' (shown by Image 'img'): item 1 of the image list "
            "must be a URL; got 7",
        ),
        (
            '<List name="items" value="$items"/>',
            {"items": [{"id": 1}, {"id": 2}]},
            {"items": [{"id": 1}, {"id": 1}]},
            "data key 'items' (shown by List 'items'): item 1 repeats the id 1; "
            "ids must differ",
        ),
        (
            '<Table name="table" value="$row"/>',
            {"row": {"a": 1}},
            {"row": "a=1"},
            "data key 'row' (shown by Table 'table') must be a JSON object or a "
            "list or a URL (http or https), a data URI or a path on this server; "
            "got the string 'a=1'",
        ),
        (
            '<Chat name="chat" value="$chat"/>',
            {"chat": [{"role": "user", "content": "hi"}]},
            {"chat": ["hi"]},
            "data key 'chat' (shown by Chat 'chat'): message 0 must be an object "
            "with role and content",
        ),
        (
            '<Audio name="audio" value="$audio"/>',
            {"audio": "/data/upload/1/a.wav"},
            {"audio": "a.wav"},
            "data key 'audio' (shown by Audio 'audio') must be a URL (http or "
            "https), a data URI or a path on this server; got the string 'a.wav'",
        ),
    ],
)
def test_object_data_is_checked_per_tag(compiler, body, good, bad, message):
    parsed = compiler.compile(f"<View>{body}</View>")

    assert parsed.check_task_data(good) == []
    assert parsed.check_task_data(bad) == [message]
