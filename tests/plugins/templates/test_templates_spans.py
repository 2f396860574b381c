"""Span labels over text: Unicode labels and code-point offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="R&amp;D"/>
    <Label value="&quot;quoted&quot; 'single'"/>
    <Label value="Имя"/>
    <Label value="東京"/>
    <Label value="🙂 face"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>"""

TEXT = "👋🏽 Hi! Москва and 東京 ❤️ and Zoë with e\u0301 and 🇫🇷 Paris"


@pytest.fixture
def parsed(compiler):
    return compiler.compile(CONFIG)


def span(start, end, text, label):
    return {
        "id": f"s{start}",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def test_unicode_labels_are_kept_exactly(parsed):
    assert parsed.controls["label"].labels == [
        "R&D",
        "\"quoted\" 'single'",
        "Имя",
        "東京",
        "🙂 face",
    ]
    assert parsed.as_dict()["label"]["labels_attrs"]["R&D"] == {"value": "R&D"}


@pytest.mark.parametrize(
    "covered",
    ["Москва", "東京", "Zoë", "e\u0301", "🇫🇷 Paris", "❤️", "👋🏽 Hi"],
)
def test_offsets_after_emoji_count_code_points(parsed, covered):
    start = TEXT.index(covered)
    result = [span(start, start + len(covered), covered, "Имя")]

    assert parsed.check_result(result, {"text": TEXT}) == []


def test_utf16_offsets_are_refused_with_the_text_they_cover(parsed):
    covered = "Москва"
    start = TEXT.index(covered)
    utf16_start = len(TEXT[:start].encode("utf-16-le")) // 2
    result = [span(utf16_start, utf16_start + len(covered), covered, "R&D")]

    [issue] = parsed.check_result(result, {"text": TEXT})

    assert issue.field == "value.text"
    assert f"does not match the text at {utf16_start}-" in issue.message
    assert "Offsets count Unicode code points" in issue.message


def test_labels_with_quotes_and_ampersands_are_accepted_in_results(parsed):
    result = [
        span(0, 2, "👋🏽", "\"quoted\" 'single'"),
        span(3, 6, "Hi!", "R&D"),
        span(0, 1, "👋", "🙂 face"),
    ]

    assert parsed.check_result(result, {"text": TEXT}) == []


def test_near_miss_label_is_named(parsed):
    [issue] = parsed.check_result([span(3, 6, "Hi!", "R&amp;D")], {"text": TEXT})

    assert issue.message == (
        "label 'R&amp;D' is not in the config; expected one of 'R&D', "
        "'\"quoted\" \\'single\\'', 'Имя', '東京', '🙂 face'"
    )


def test_span_past_the_end_of_the_text(parsed):
    [issue] = parsed.check_result([span(3, 99, "Hi!", "R&D")], {"text": "ab 🙂"})

    assert issue.field == "value.end"
    assert issue.message.startswith(
        "the span ends at 99, past the end of the text (4 characters)"
    )


def test_end_before_start(parsed):
    [issue] = parsed.check_result([span(5, 2, "", "R&D")], {"text": TEXT})

    assert (issue.field, issue.message) == (
        "value.end",
        "must not be before start (5); got 2",
    )


def test_without_task_data_only_the_shape_is_checked(parsed):
    assert parsed.check_result([span(3, 99, "anything", "R&D")]) == []


def test_single_choice_labels_take_one_label(parsed):
    item = span(3, 6, "Hi!", "R&D")
    item["value"]["labels"].append("Имя")

    [issue] = parsed.check_result([item], {"text": TEXT})

    assert issue.field == "value.labels"
    assert "takes one label per region" in issue.message


def test_url_texts_skip_offset_checks(compiler):
    parsed = compiler.compile(
        '<View><Text name="text" value="$url" valueType="url"/>'
        '<Labels name="label" toName="text"><Label value="A"/></Labels></View>'
    )
    item = span(0, 500, "far away", "A")
    item["value"]["labels"] = ["A"]

    assert parsed.check_result([item], {"url": "/data/doc.txt"}) == []


@given(text=st.text(min_size=1, max_size=60), data=st.data())
def test_any_python_slice_is_a_valid_span(compiler, text, data):
    parsed = compiler.compile(CONFIG)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))

    result = [span(start, end, text[start:end], "東京")]

    assert parsed.check_result(result, {"text": text}) == []
