"""Unicode across span kinds: code points everywhere, labels kept exactly."""

from __future__ import annotations

import pytest

EMOJI_LINE = "🙂 Zoë 👩🏽‍💻 codes in 東京 & Köln"

CONFIG = """<View>
  <Paragraphs name="chat" value="$chat"/>
  <ParagraphLabels name="pl" toName="chat">
    <Label value="Ort &amp; Stadt"/>
    <Label value="&quot;Name&quot;"/>
  </ParagraphLabels>
  <HyperText name="page" value="$html"/>
  <HyperTextLabels name="hl" toName="page"><Label value="Город"/></HyperTextLabels>
  <Taxonomy name="tax" toName="page">
    <Choice value="Lieu &amp; place"><Choice value="東京"/></Choice>
  </Taxonomy>
</View>"""
DATA = {
    "chat": [{"author": "A", "text": EMOJI_LINE}],
    "html": f"<p>{EMOJI_LINE}</p>",
}


@pytest.fixture
def parsed(compiler):
    return compiler.compile(CONFIG)


def paragraph_span(covered: str, label: str = "Ort & Stadt") -> dict:
    start = EMOJI_LINE.index(covered)
    return {
        "id": "p",
        "from_name": "pl",
        "to_name": "chat",
        "type": "paragraphlabels",
        "value": {
            "start": "0",
            "end": "0",
            "startOffset": start,
            "endOffset": start + len(covered),
            "text": covered,
            "paragraphlabels": [label],
        },
    }


@pytest.mark.parametrize("covered", ["Zoë", "👩🏽‍💻", "東京", "& Köln"])
def test_paragraph_offsets_after_emoji_count_code_points(parsed, covered):
    assert parsed.check_result([paragraph_span(covered)], DATA) == []


def test_utf16_paragraph_offsets_are_refused(parsed):
    item = paragraph_span("東京")
    # A browser counts 🙂 and each part of 👩🏽‍💻 in UTF-16 units: 6 more.
    item["value"]["startOffset"] += 6
    item["value"]["endOffset"] += 6

    [issue] = parsed.check_result([item], DATA)

    assert issue.field == "value.text"


def test_html_global_offsets_count_code_points(parsed):
    start = EMOJI_LINE.index("Köln")
    item = {
        "id": "h",
        "from_name": "hl",
        "to_name": "page",
        "type": "hypertextlabels",
        "value": {
            "start": "/p[1]/text()[1]",
            "end": "/p[1]/text()[1]",
            "startOffset": start,
            "endOffset": start + 4,
            "globalOffsets": {"start": start, "end": start + 4},
            "text": "Köln",
            "hypertextlabels": ["Город"],
        },
    }

    assert parsed.check_result([item], DATA) == []


def test_labels_with_ampersands_quotes_and_other_scripts_match_exactly(parsed):
    taxonomy = {
        "id": "t",
        "from_name": "tax",
        "to_name": "page",
        "type": "taxonomy",
        "value": {"taxonomy": [["Lieu & place", "東京"]]},
    }

    assert parsed.controls["pl"].labels == ["Ort & Stadt", '"Name"']
    assert parsed.check_result([paragraph_span("Zoë", '"Name"'), taxonomy], DATA) == []
    [issue] = parsed.check_result([paragraph_span("Zoë", "Ort &amp; Stadt")], DATA)
    assert issue.message == (
        "label 'Ort &amp; Stadt' is not in the config; expected one of "
        "'Ort & Stadt', '\"Name\"'"
    )
