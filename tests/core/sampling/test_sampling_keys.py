"""The stored keys: a prediction's label distribution and the disagreement
of a task's results."""

from __future__ import annotations

import math

import pytest

from labelcore.sampling import label_distribution, prediction_keys
from labelcore.sampling.agreement import agreement, disagreement_of


def _choice(label, score=None, from_name="section"):
    item = {
        "from_name": from_name,
        "to_name": "text",
        "type": "choices",
        "value": {"choices": [label]},
    }
    if score is not None:
        item["score"] = score
    return item


def test_a_prediction_score_alone_gives_the_top_label_and_one_rest():
    assert label_distribution([_choice("libs")], 0.8) == pytest.approx([0.8, 0.2])


def test_item_scores_make_the_distribution_and_the_rest_is_one_outcome():
    result = [_choice("libs", 0.5), _choice("devel", 0.3)]

    assert label_distribution(result, None) == pytest.approx([0.5, 0.3, 0.2])


def test_item_scores_above_one_in_sum_are_scaled():
    result = [_choice("libs", 0.9), _choice("devel", 0.6)]

    assert label_distribution(result, None) == pytest.approx([0.6, 0.4])


def test_only_the_first_scored_control_counts():
    result = [_choice("libs", 0.7), _choice("yes", 0.99, from_name="other")]

    assert label_distribution(result, None) == pytest.approx([0.7, 0.3])


def test_a_classifier_s_class_scores_make_the_distribution():
    item = {**_choice("libs", 0.5), "scores": {"libs": 0.5, "devel": 0.3}}

    assert label_distribution([item], 0.5) == pytest.approx([0.5, 0.3, 0.2])
    assert prediction_keys([item], 0.5)["prediction_margin"] == pytest.approx(0.2)


def test_class_scores_alone_are_enough_without_any_score():
    item = {**_choice("libs"), "scores": {"libs": 0.6, "devel": 0.4, "bad": "x"}}

    keys = prediction_keys([item], None)

    assert keys["prediction_score"] == pytest.approx(0.6)
    assert keys["prediction_margin"] == pytest.approx(0.2)
    assert keys["prediction_entropy"] == pytest.approx(
        -(0.6 * math.log2(0.6) + 0.4 * math.log2(0.4))
    )


def test_nothing_scored_gives_no_keys():
    assert label_distribution([_choice("libs")], None) is None
    assert prediction_keys([_choice("libs")], None) == {
        "prediction_score": None,
        "prediction_margin": None,
        "prediction_entropy": None,
    }


def test_keys_of_a_close_and_a_clear_call():
    close = prediction_keys([_choice("a", 0.5), _choice("b", 0.45)], 0.5)
    clear = prediction_keys([_choice("a", 0.95)], 0.95)

    assert close["prediction_score"] == 0.5
    assert close["prediction_margin"] == pytest.approx(0.05)
    assert clear["prediction_margin"] == pytest.approx(0.9)
    assert close["prediction_entropy"] > clear["prediction_entropy"]
    assert clear["prediction_entropy"] == pytest.approx(
        -(0.95 * math.log2(0.95) + 0.05 * math.log2(0.05))
    )


def test_the_prediction_score_wins_over_the_top_item_score():
    keys = prediction_keys([_choice("a", 0.6)], 0.3)

    assert keys["prediction_score"] == 0.3
    assert keys["prediction_margin"] == pytest.approx(0.2)


def test_agreement_of_equal_different_and_missing_results():
    assert agreement([_choice("a")], [_choice("a")]) == 1.0
    assert agreement([_choice("a")], [_choice("b")]) == 0.0
    assert agreement([_choice("a")], []) == 0.0
    assert agreement([], []) == 1.0


def test_agreement_averages_over_controls():
    first = [_choice("a"), _choice("x", from_name="other")]
    second = [_choice("a"), _choice("y", from_name="other")]

    assert agreement(first, second) == 0.5


def test_disagreement_is_one_minus_the_mean_pairwise_agreement():
    results = [[_choice("a")], [_choice("a")], [_choice("b")]]

    assert disagreement_of(results) == pytest.approx(1 - 1 / 3, abs=1e-6)
    assert disagreement_of([[_choice("a")]]) is None


def test_agreement_uses_the_tag_types_similarity(app):
    from labelcore.config import ConfigCompiler

    compiler = ConfigCompiler(app.extensions["labelcore"].plugins.tag_types)
    parsed = compiler.compile(
        '<View><Text name="text" value="$text"/>'
        '<Labels name="label" toName="text"><Label value="A"/></Labels></View>'
    )

    def span(start, end):
        return {
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": start, "end": end, "text": "x", "labels": ["A"]},
        }

    overlapping = agreement([span(0, 10)], [span(0, 5)], parsed)

    assert 0 < overlapping < 1
    assert agreement([span(0, 10)], [span(0, 10)], parsed) == 1.0


@pytest.mark.parametrize("score", [0.0, 0.3, 0.5, 0.87, 1, 1.0, None, 1.5, -0.1, True])
def test_a_result_without_item_scores_gives_what_the_full_walk_gives(score):
    """Such results take a short path; a stray non-item in the list makes the
    walk over every item run instead, which must agree."""
    result = [_choice("a"), _choice("b")]

    assert label_distribution(result, score) == label_distribution(
        [*result, "not an item"], score
    )
