"""The importers read each format incrementally and report bad items in place."""

import io

import orjson
import pytest
from labelcore_formats.delimited import CSVImporter, TSVImporter
from labelcore_formats.json_array import JSONImporter
from labelcore_formats.json_lines import JSONLinesImporter
from labelcore_formats.plain_text import TextImporter

from labelcore import ImportFormatError


def read_all(importer, data: bytes, **options):
    return list(importer.read(io.BytesIO(data), options))


def values(items):
    return [item[1] if isinstance(item, tuple) else item for item in items]


def errors(items):
    return [item for item in items if isinstance(item, ImportFormatError)]


class CountingStream(io.BytesIO):
    """Remembers how far the importer had read when each item came out."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.furthest = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return chunk


def test_json_array_of_tasks_and_bare_data():
    data = b'[{"data": {"text": "a"}}, {"text": "b"}]'

    assert values(read_all(JSONImporter(), data)) == [
        {"data": {"text": "a"}},
        {"text": "b"},
    ]


def test_json_single_object_is_one_task():
    assert values(read_all(JSONImporter(), b'  {"text": "only"}\n')) == [
        {"text": "only"}
    ]
    assert read_all(JSONImporter(), b'{"text": "only"}') == [{"text": "only"}]


def test_a_broken_single_json_object_is_refused_whole_with_its_line():
    with pytest.raises(ImportFormatError) as refused:
        read_all(JSONImporter(), b'\n{"text": "a",\n')

    assert refused.value.location == "line 3"
    assert "not valid JSON" in refused.value.message


def test_json_with_byte_order_mark():
    data = b'\xef\xbb\xbf[{"text": "x"}]'

    assert values(read_all(JSONImporter(), data)) == [{"text": "x"}]


def test_json_numbers_stay_numbers_not_decimals():
    [item] = read_all(JSONImporter(), b'[{"score": 0.25, "n": 3}]')

    assert item == {"score": 0.25, "n": 3}
    assert type(item["score"]) is float


def test_json_item_that_is_not_an_object_is_reported_and_the_rest_kept():
    items = read_all(JSONImporter(), b'[{"text": "a"}, 5, {"text": "b"}]')

    [error] = errors(items)
    assert error.location == "item 2"
    assert "got a number" in error.message
    assert values([i for i in items if i is not error]) == [
        {"text": "a"},
        {"text": "b"},
    ]


def test_json_broken_item_is_reported_with_its_line_and_the_rest_kept():
    data = b'[\n{"text": "a"},\n{"text": \'single quotes\'},\n{"text": "c, [x]"}\n]'

    items = read_all(JSONImporter(), data)

    [error] = errors(items)
    assert error.location == "item 2 (line 3)"
    assert "not valid JSON" in error.message
    assert values([i for i in items if i is not error]) == [
        {"text": "a"},
        {"text": "c, [x]"},
    ]


def test_json_escaped_quotes_and_brackets_inside_strings_survive_the_splitter():
    data = b'[{"t": "say \\"hi\\" ]"}, {"t": bad}, {"t": "\\\\"}]'

    items = read_all(JSONImporter(), data)

    assert len(errors(items)) == 1
    assert values([i for i in items if not isinstance(i, ImportFormatError)]) == [
        {"t": 'say "hi" ]'},
        {"t": "\\"},
    ]


def test_json_unclosed_array_refuses_the_file_naming_where_it_ends():
    data = b'[{"text": "a"},\n  {"text": "b", "n": [1, 2}, {"text": "c"}]'

    with pytest.raises(ImportFormatError) as refused:
        read_all(JSONImporter(), data)
    with pytest.raises(ImportFormatError):
        JSONImporter().check(io.BytesIO(data), {})

    assert refused.value.location == "line 2, column 43"
    assert "ends before the JSON array is closed" in refused.value.message
    assert "nothing was imported" in refused.value.message


def test_json_text_after_the_array_refuses_the_file_with_line_and_column():
    with pytest.raises(ImportFormatError) as refused:
        read_all(JSONImporter(), b'[{"text": "a"}]\n [{"text": "b"}]')

    assert refused.value.location == "line 2, column 2"
    assert "text follows the end of the JSON array" in refused.value.message


def test_json_check_passes_a_file_whose_only_problems_are_items():
    data = b'[{"text": "a"}, {"text": bad}, 5]'

    JSONImporter().check(io.BytesIO(data), {})

    assert len(errors(read_all(JSONImporter(), data))) == 2


@pytest.mark.parametrize("chunk_bytes", [16, 64, 1 << 20])
def test_json_runs_of_items_cut_anywhere_read_the_same(monkeypatch, chunk_bytes):
    from labelcore_formats import json_array

    monkeypatch.setattr(json_array, "CHUNK_BYTES", chunk_bytes)
    tasks = [
        {
            "data": {"text": "}, {" * (n % 3), "n": n},
            "predictions": [
                {"result": [{"value": {"choices": ["a"]}}, {"value": {}}], "score": 0.5}
            ],
        }
        for n in range(300)
    ]
    data = b"[" + b",\n".join(orjson.dumps(task) for task in tasks) + b"]\n"

    assert read_all(JSONImporter(), data) == tasks


def test_json_top_level_scalar_is_refused_for_the_whole_file():
    with pytest.raises(ImportFormatError, match="expected a JSON array"):
        read_all(JSONImporter(), b'"just a string"')


def test_json_objects_one_per_line_are_read_as_json_lines():
    data = b'{"text": "a"}\n{"text": "b"}\n'

    assert values(read_all(JSONImporter(), data)) == [{"text": "a"}, {"text": "b"}]


def test_huge_json_array_is_read_incrementally():
    count = 400_000
    body = b"[" + b",".join(orjson.dumps({"text": f"t{i}"}) for i in range(count))
    stream = CountingStream(body + b"]")

    items = JSONImporter().read(stream, {})
    first = next(items)

    assert first == {"text": "t0"}
    assert stream.furthest < len(body) // 4
    assert sum(1 for _ in items) == count - 1


def test_json_lines_bad_line_reported_and_rest_kept():
    data = b'{"text": "a"}\n\nnot json\n[1, 2]\n{"text": "e"}\n'

    items = read_all(JSONLinesImporter(), data)

    assert [e.location for e in errors(items)] == ["line 3", "line 4"]
    assert "not valid JSON" in errors(items)[0].message
    assert "got a list" in errors(items)[1].message
    assert [i for i in items if isinstance(i, tuple)] == [
        ("line 1", {"text": "a"}),
        ("line 5", {"text": "e"}),
    ]


def test_csv_rows_become_data_keyed_by_header_with_bom_removed():
    data = "\ufefftext,label\nhello,pos\nbye,neg\n".encode()

    assert read_all(CSVImporter(), data) == [
        ("line 2", {"text": "hello", "label": "pos"}),
        ("line 3", {"text": "bye", "label": "neg"}),
    ]


def test_csv_quoted_newlines_are_kept_and_lines_counted_right():
    data = b'text,n\n"first\nsecond line",1\n"x, y",2\n'

    assert read_all(CSVImporter(), data) == [
        ("line 2", {"text": "first\nsecond line", "n": "1"}),
        ("line 4", {"text": "x, y", "n": "2"}),
    ]


def test_csv_row_with_wrong_field_count_reported_and_rest_kept():
    data = b"text,n\na,1\nb,2,extra\nc,3\n"

    items = read_all(CSVImporter(), data)

    [error] = errors(items)
    assert error.location == "line 3"
    assert "expected 2 fields" in error.message and "got 3" in error.message
    assert values([i for i in items if i is not error]) == [
        {"text": "a", "n": "1"},
        {"text": "c", "n": "3"},
    ]


def test_csv_duplicate_header_refused():
    with pytest.raises(ImportFormatError, match="'text' twice"):
        read_all(CSVImporter(), b"text,text\na,b\n")


def test_csv_that_is_not_utf8_is_refused_whole():
    data = b"text\ncafe\ncaf\xe9\n"

    with pytest.raises(ImportFormatError, match="not UTF-8 text") as refused:
        read_all(CSVImporter(), data)
    with pytest.raises(ImportFormatError):
        CSVImporter().check(io.BytesIO(data), {})

    assert "nothing was imported" in refused.value.message


def test_csv_quote_that_never_closes_is_refused_whole_with_its_line():
    data = b'text,n\na,1\n"open,2\nb,3\n'

    with pytest.raises(ImportFormatError, match="malformed") as refused:
        CSVImporter().check(io.BytesIO(data), {})

    assert refused.value.location.startswith("line ")


def test_tsv_with_bom_and_quoted_tab():
    data = '\ufefftext\tid\n"a\tb"\t1\nplain\t2\n'.encode()

    assert values(read_all(TSVImporter(), data)) == [
        {"text": "a\tb", "id": "1"},
        {"text": "plain", "id": "2"},
    ]


def test_txt_one_task_per_line_into_text_or_the_named_column():
    data = "\ufefffirst line\r\n\nsecond\n".encode()

    assert read_all(TextImporter(), data) == [
        ("line 1", {"text": "first line"}),
        ("line 3", {"text": "second"}),
    ]
    assert values(read_all(TextImporter(), data, column="review")) == [
        {"review": "first line"},
        {"review": "second"},
    ]


@pytest.mark.parametrize("chunk_bytes", [1, 3, 7, 64])
def test_json_splitter_handles_items_and_strings_across_chunk_edges(
    monkeypatch, chunk_bytes
):
    from labelcore_formats import json_array

    monkeypatch.setattr(json_array, "CHUNK_BYTES", chunk_bytes)
    data = (
        b'[\n{"t": "a \\"quoted\\" ]} text"},\n{"t": oops},\n'
        b'{"t": "back\\\\", "n": [1, {"x": 2}]},\n3\n]'
    )

    items = read_all(JSONImporter(), data)

    assert [e.location for e in errors(items)] == ["item 2 (line 3)", "item 4 (line 5)"]
    assert values([i for i in items if not isinstance(i, ImportFormatError)]) == [
        {"t": 'a "quoted" ]} text'},
        {"t": "back\\", "n": [1, {"x": 2}]},
    ]


def test_json_lines_sent_as_json_are_read_incrementally_with_lines():
    count = 100_000
    body = b"\n".join(orjson.dumps({"text": f"t{i}"}) for i in range(count))
    stream = CountingStream(body.replace(b'{"text":"t5"}', b"{broken", 1))

    items = JSONImporter().read(stream, {})
    first = next(items)
    read_before_first = stream.furthest
    rest = list(items)

    assert first == ("line 1", {"text": "t0"})
    assert read_before_first < len(body) // 4
    assert [e.location for e in errors(rest)] == ["line 6"]
    assert len(rest) == count - 1


def test_pretty_printed_single_object_is_one_task():
    data = b'{\n  "data": {"text": "x"},\n  "meta": {}\n}\n'

    assert read_all(JSONImporter(), data) == [{"data": {"text": "x"}, "meta": {}}]
