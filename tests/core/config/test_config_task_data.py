"""Task data checks and ``$key`` resolution."""

from __future__ import annotations

import time

import pytest

from labelcore.config import MISSING, DataKey, resolve_data_key

TEXT_AND_IMAGE = """<View>
  <Text name="text" value="$text"/>
  <Image name="image" value="$photo.url"/>
  <Choices name="c" toName="text,image"><Choice value="a"/></Choices>
</View>"""


@pytest.fixture
def parsed(compiler):
    return compiler.compile(TEXT_AND_IMAGE)


def test_good_task_passes(parsed):
    assert parsed.check_task_data({"text": "hi", "photo": {"url": "/data/1.png"}}) == []


def test_missing_key_names_the_key_the_tag_and_what_the_task_has(parsed):
    problems = parsed.check_task_data({"body": "hi", "photo.url": "https://x/1.png"})

    assert problems == [
        "data key 'text' (shown by Text 'text') is missing; the task has 'body', "
        "'photo.url'. Rename the field in your data or the $key in the config"
    ]


def test_wrong_type_for_text(parsed):
    problems = parsed.check_task_data({"text": ["a"], "photo.url": "/1.png"})

    assert problems == [
        "data key 'text' (shown by Text 'text') must be a string or a number; "
        "got a list"
    ]


def test_numbers_are_text_as_in_label_studio(parsed):
    assert parsed.check_task_data({"text": 42, "photo.url": "/1.png"}) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/cat.png",
        "http://127.0.0.1:8080/data/upload/1/cat.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "/data/upload/1/cat.png",
        "s3://bucket/cat.png",
    ],
)
def test_image_accepts_urls_data_uris_and_server_paths(parsed, url):
    assert parsed.check_task_data({"text": "t", "photo": {"url": url}}) == []


@pytest.mark.parametrize("value", ["cat.png", "", " /x", None, ["https://x/a.png"]])
def test_image_refuses_what_cannot_be_loaded(parsed, value):
    [problem] = parsed.check_task_data({"text": "t", "photo.url": value})

    assert problem.startswith(
        "data key 'photo.url' (shown by Image 'image') must be a URL (http or "
        "https), a data URI or a path on this server; got "
    )


def test_text_with_value_type_url_needs_a_url(compiler):
    parsed = compiler.compile(
        '<View><Text name="t" value="$doc" valueType="url"/>'
        '<Choices name="c" toName="t"><Choice value="a"/></Choices></View>'
    )

    assert parsed.check_task_data({"doc": "/data/doc.txt"}) == []
    assert "must be a URL" in parsed.check_task_data({"doc": "plain words"})[0]


def test_data_that_is_not_an_object(parsed):
    [problem] = parsed.check_task_data(["text"])

    assert problem == (
        "the task data must be a JSON object with the keys 'text', 'photo.url'; "
        "got a list"
    )


def test_literal_dotted_key_wins_over_the_path():
    data = {"a.b": "literal", "a": {"b": "nested"}}

    assert resolve_data_key(data, "$a.b") == "literal"
    assert resolve_data_key({"a": {"b": "nested"}}, "$a.b") == "nested"
    assert resolve_data_key({"a": {"b": "nested"}}, "a.b") == "nested"


def test_paths_index_lists_and_missing_keys_raise():
    data = {"pages": [{"url": "/1.png"}, {"url": "/2.png"}], "n": None}

    assert resolve_data_key(data, "$pages.1.url") == "/2.png"
    assert resolve_data_key(data, "$n") is None
    assert resolve_data_key(data, "$pages.5.url", default="none") == "none"
    assert DataKey("$pages.x").resolve(data) is MISSING
    with pytest.raises(KeyError):
        resolve_data_key(data, "$missing")


def test_check_task_data_is_cheap(compiler):
    parsed = compiler.compile(TEXT_AND_IMAGE)
    tasks = [
        {"text": f"package {n}", "photo": {"url": f"/data/{n}.png"}}
        for n in range(50_000)
    ]

    started = time.perf_counter()
    problems = [parsed.check_task_data(task) for task in tasks]
    elapsed = time.perf_counter() - started

    assert not any(problems)
    # About 0.1 s here; the bound leaves room for a busy machine while still
    # failing if the check ever does per-task work it should have precomputed.
    assert elapsed < 1.5
