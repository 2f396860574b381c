"""The SQL a data-key filter becomes: the index's own text, values bound."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from labelcore.datamanager.columns import QueryContext, column_named
from labelcore.datamanager.data_keys import (
    DataKeyInvalid,
    check_key,
    index_sql,
    value_sql,
)
from labelcore.datamanager.filters import compile_filters, compile_ordering


class _Project:
    id = 7


def _sql(expression, dialect) -> str:
    return str(
        expression.compile(dialect=dialect, compile_kwargs={"literal_binds": False})
    )


def test_a_plain_key_and_a_dotted_key_on_sqlite():
    assert value_sql("text", "sqlite") == "json_extract(task.data, '$.\"text\"')"
    assert value_sql("a.b", "sqlite") == (
        "coalesce(json_extract(task.data, '$.\"a.b\"'), "
        'json_extract(task.data, \'$."a"."b"\'))'
    )


def test_postgres_reads_jsonb_and_text_by_path():
    assert value_sql("text", "postgresql") == "task.data -> 'text'"
    assert value_sql("text", "postgresql", as_text=True) == "task.data ->> 'text'"
    assert value_sql("a.b", "postgresql", as_text=True) == (
        "coalesce(task.data ->> 'a.b', task.data #>> '{a,b}')"
    )


def test_the_index_spells_the_expression_without_the_table():
    assert index_sql("text", "sqlite") == "json_extract(data, '$.\"text\"')"


@pytest.mark.parametrize("key", ["a'b", 'a"b', "a\\b", "50%", "", ".a", "a.", "x\n"])
def test_keys_that_could_break_out_of_the_literal_are_refused(key):
    with pytest.raises(DataKeyInvalid):
        check_key(key)


def test_filter_values_are_bound_never_inlined():
    context = QueryContext(project=_Project(), dialect="sqlite")
    condition = compile_filters(
        {
            "conjunction": "and",
            "items": [
                {
                    "filter": "filter:tasks:data.text",
                    "operator": "equal",
                    "value": "'); DROP TABLE task; --",
                }
            ],
        },
        context,
    )

    compiled = condition.compile(dialect=sqlite.dialect())
    assert "DROP TABLE" not in str(compiled)
    assert "'); DROP TABLE task; --" in compiled.params.values()


def test_contains_on_sqlite_keeps_like_plain_for_its_indexes():
    context = QueryContext(project=_Project(), dialect="sqlite")
    condition = compile_filters(
        {
            "conjunction": "and",
            "items": [
                {"filter": "tasks:data.text", "operator": "contains", "value": "a_b"}
            ],
        },
        context,
    )

    text = _sql(condition, sqlite.dialect())
    assert "lower(" not in text
    assert "LIKE" in text
    assert r"%a\_b%" in condition.compile(dialect=sqlite.dialect()).params.values()


def test_contains_of_fewer_than_three_characters_is_a_like():
    # The trigram index cannot serve it.
    context = QueryContext(
        project=_Project(), dialect="sqlite", text_indexes={"text": "ix_fts"}
    )
    condition = compile_filters(
        {
            "conjunction": "and",
            "items": [
                {"filter": "tasks:data.text", "operator": "contains", "value": "xy"}
            ],
        },
        context,
    )

    assert "ix_fts" not in _sql(condition, sqlite.dialect())
    assert "LIKE" in _sql(condition, sqlite.dialect())


def test_postgres_compares_jsonb_numbers_only_with_numbers():
    context = QueryContext(project=_Project(), dialect="postgresql")
    condition = compile_filters(
        {
            "conjunction": "and",
            "items": [
                {
                    "filter": "tasks:data.n",
                    "operator": "greater",
                    "type": "Number",
                    "value": 3,
                }
            ],
        },
        context,
    )

    text = _sql(condition, postgresql.dialect())
    assert "jsonb_typeof(task.data -> 'n')" in text
    assert "CAST(" in text


def test_ordering_ends_with_the_id_in_the_last_direction():
    context = QueryContext(project=_Project(), dialect="sqlite")

    terms = compile_ordering(["-tasks:total_annotations"], context)
    by_id = compile_ordering(["-tasks:id", "tasks:state"], context)
    default = compile_ordering([], context)

    assert [_sql(term, sqlite.dialect()) for term in terms] == [
        "task.total_annotations DESC",
        "task.id DESC",
    ]
    assert [_sql(term, sqlite.dialect()) for term in by_id] == ["task.id DESC"]
    assert [_sql(term, sqlite.dialect()) for term in default] == ["task.id ASC"]


def test_every_listed_column_compiles_on_both_databases():
    dialects = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}
    for name_of_dialect, dialect in dialects.items():
        context = QueryContext(project=_Project(), dialect=name_of_dialect)
        for name in (
            "id",
            "state",
            "completed_at",
            "annotators",
            "ground_truth",
            "avg_lead_time",
            "predictions_results",
            "predictions_model_versions",
        ):
            column = column_named(f"tasks:{name}")
            if column.condition is not None:
                expression = column.condition(context, "contains", 1)
            else:
                expression = column.expression(context)
            assert _sql(expression, dialect), (name, name_of_dialect)
