"""Configs written for Label Studio are accepted unchanged.

They use attributes this version does not interpret, lower-case tag names,
XML declarations, comments, CSS and options grouped inside views; each must
compile, with at most warnings.
"""

from __future__ import annotations

import pytest

SENTIMENT_WITH_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<View style="display: flex; gap: 1em">
  <Style>.htx-text { white-space: pre-wrap; }</Style>
  <!-- The review on the left, the answer on the right -->
  <View style="flex: 60%">
    <Header value="Review" underline="true" size="3"/>
    <Text name="review" value="$review" granularity="word" saveTextResult="yes"/>
  </View>
  <View style="flex: 40%">
    <Choices name="sentiment" toName="review" choice="single-radio"
             showInline="false" required="true" requiredMessage="Pick one">
      <View><Header value="Polarity" size="5"/>
        <Choice value="Positive" hotkey="1" hint="Good"/>
        <Choice value="Negative" hotkey="2" html="&lt;b&gt;Bad&lt;/b&gt;"/>
      </View>
    </Choices>
    <TextArea name="why" toName="review" placeholder="Why?" rows="2"
              editable="true" maxSubmissions="1" required="false"/>
  </View>
</View>"""

NER_WITH_EXTRAS = """<View>
  <Labels name="ner" toName="text" showInline="true" maxUsages="10">
    <Label value="Person" background="red" selectedColor="white" alias="PER"/>
    <Label value="Organization" background="darkorange" category="2"/>
    <Label value="Fact" background="#FFA39E" granularity="word"/>
  </Labels>
  <Text name="text" value="$text" highlightColor="#ff0000" showLabels="true"/>
</View>"""

DETECTION_WITH_TOOLS = """<View>
  <Image name="img" value="$image" zoom="true" zoomControl="true"
         rotateControl="true" brightnessControl="true" crosshair="true"
         maxWidth="1000px" smoothing="false"/>
  <RectangleLabels name="tag" toName="img" strokeWidth="3" opacity="0.4"
                   canRotate="false" fillColor="#00ff00">
    <Label value="Car" background="green"/>
    <Label value="Airplane" background="blue" hotkey="a"/>
  </RectangleLabels>
  <Rectangle name="unlabelled" toName="img" strokeColor="#000"/>
</View>"""

CAPTION_WITH_SHORTCUTS = """<View>
  <Image name="image" value="$captioning"/>
  <TextArea name="caption" toName="image" displayMode="region-list"
            transcription="true" skipDuplicates="true">
    <Shortcut value="[noise]" hotkey="ctrl+n" alias="Noise"/>
  </TextArea>
</View>"""

LOWER_CASE_TAGS = """<view>
  <text name="text" value="$text"/>
  <choices name="label" toName="text"><choice value="yes"/><choice value="no"/>
  </choices>
</view>"""

UNKNOWN_ATTRIBUTES = """<View className="main" data-extra="1">
  <Image name="image" value="$image" futureOption="on"/>
  <Choices name="choice" toName="image" layout="select" someFlag="x">
    <Choice value="A" futureChoiceOption="1"/>
  </Choices>
</View>"""

CONFIGS = {
    "sentiment_with_style": (SENTIMENT_WITH_STYLE, 0),
    "ner_with_extras": (NER_WITH_EXTRAS, 0),
    "detection_with_tools": (DETECTION_WITH_TOOLS, 0),
    "caption_with_shortcuts": (CAPTION_WITH_SHORTCUTS, 0),
    "lower_case_tags": (LOWER_CASE_TAGS, 0),
    "unknown_attributes": (UNKNOWN_ATTRIBUTES, 4),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_label_studio_config_is_accepted(compiler, name):
    config, expected_warnings = CONFIGS[name]

    parsed = compiler.compile(config)

    assert len(parsed.warnings) == expected_warnings, parsed.warnings
    assert {w.severity for w in parsed.warnings} <= {"warning"}


def test_parsed_label_config_shape_matches_label_studio(compiler):
    parsed = compiler.compile(NER_WITH_EXTRAS).as_dict()

    assert parsed == {
        "ner": {
            "type": "Labels",
            "to_name": ["text"],
            "inputs": [{"type": "Text", "valueType": None, "value": "text"}],
            "labels": ["Person", "Organization", "Fact"],
            "labels_attrs": {
                "Person": {
                    "value": "Person",
                    "background": "red",
                    "selectedColor": "white",
                    "alias": "PER",
                },
                "Organization": {
                    "value": "Organization",
                    "background": "darkorange",
                    "category": "2",
                },
                "Fact": {
                    "value": "Fact",
                    "background": "#FFA39E",
                    "granularity": "word",
                },
            },
        }
    }


def test_grouped_options_and_aliases_are_read(compiler):
    sentiment = compiler.compile(SENTIMENT_WITH_STYLE).controls["sentiment"]
    ner = compiler.compile(NER_WITH_EXTRAS).controls["ner"]

    assert sentiment.labels == ["Positive", "Negative"]
    assert sentiment.attribute("choice") == "single-radio"
    assert ner.allowed_values == {"Person", "PER", "Organization", "Fact"}


def test_an_exported_label_studio_annotation_validates(compiler):
    parsed = compiler.compile(DETECTION_WITH_TOOLS)
    result = [
        {
            "original_width": 1280,
            "original_height": 720,
            "image_rotation": 0,
            "value": {
                "x": 12.734,
                "y": 41.25,
                "width": 30.5,
                "height": 22.083333333333336,
                "rotation": 0,
                "rectanglelabels": ["Car"],
            },
            "id": "Ab3xK9",
            "from_name": "tag",
            "to_name": "img",
            "type": "rectanglelabels",
            "origin": "manual",
        }
    ]

    assert parsed.check_result(result, {"image": "/data/upload/1/car.jpg"}) == []


# Configs in the form Label Studio's tag reference shows them, one per tag
# family, with the attributes its examples use.
MORE_CONFIGS = {
    "audio_segments": """<View>
  <Labels name="speaker" toName="audio" choice="multiple">
    <Label value="Speaker one" background="#00FF00"/>
  </Labels>
  <AudioPlus name="audio" value="$url" hotkey="space" sync="txt" speed="1.5"
             volume="0.8" zoom="true" waveHeight="80" splitChannels="false"/>
  <TextArea name="txt" toName="audio" perRegion="true" rows="2"/>
</View>""",
    "video_tracking": """<View>
  <Header>Label the video:</Header>
  <Video name="video" value="$video" framerate="25.0" timelineHeight="64"/>
  <VideoRectangle name="box" toName="video" />
  <Labels name="videoLabels" toName="video" allowEmpty="true">
    <Label value="Man" background="blue"/>
  </Labels>
  <TimelineLabels name="timelineLabels" toName="video">
    <Label value="Moving" background="#98C84E"/>
  </TimelineLabels>
</View>""",
    "time_series_csv": """<View>
  <TimeSeriesLabels name="label" toName="ts">
    <Label value="Run"/><Label value="Walk"/>
  </TimeSeriesLabels>
  <TimeSeries name="ts" value="$csv" valueType="url" timeColumn="time"
              timeFormat="%Y-%m-%d %H:%M:%S.%f" timeDisplayFormat="%Y-%m-%d"
              overviewChannels="velocity" sep=",">
    <Channel column="velocity" units="miles/h" displayFormat=",.1f"
             strokeColor="#1f77b4" legend="Velocity"/>
    <MultiChannel height="300" showAxis="true">
      <Channel column="acceleration" legend="Acceleration"/>
    </MultiChannel>
  </TimeSeries>
</View>""",
    "dialogue": """<View>
  <ParagraphLabels name="label" toName="prg">
    <Label value="Important Stuff"/>
  </ParagraphLabels>
  <Paragraphs name="prg" value="$dialogue" layout="dialogue" nameKey="author"
              textKey="text" audioUrl="$audio" sync="audio" contextScroll="true"/>
  <Audio name="audio" value="$audio" sync="prg"/>
</View>""",
    "html_ner": """<View>
  <HyperText name="text" value="$html" inline="true" saveTextResult="no"
             clickableLinks="true"/>
  <HyperTextLabels name="ner" toName="text">
    <Label value="Person" background="green"/>
  </HyperTextLabels>
</View>""",
    "scores": """<View>
  <Text name="txt" value="$text"/>
  <Rating name="rating" toName="txt" maxRating="10" icon="star" size="medium"/>
  <Number name="number" toName="txt" min="0" max="100" step="5" slider="true"/>
  <DateTime name="datetime" toName="txt" only="date" min="2020-01-01"/>
  <Taxonomy name="taxonomy" toName="txt" leafsOnly="true" placeholder="Pick">
    <Choice value="Archaea"/>
    <Choice value="Eukarya"><Choice value="Human"/></Choice>
  </Taxonomy>
</View>""",
    "pairwise": """<View>
  <Pairwise name="pw" toName="txt-1,txt-2"/>
  <View style="display: flex;">
    <View style="margin-right: 1em;"><Text name="txt-1" value="$text1"/></View>
    <View><Text name="txt-2" value="$text2"/></View>
  </View>
</View>""",
    "ranker_buckets": """<View>
  <Style>.htx-ranker-column { background: cornflowerblue; }</Style>
  <List name="results" value="$items" title="Search Results"/>
  <Ranker name="rank" toName="results">
    <Bucket name="best" title="Best results"/>
    <Bucket name="ads" title="Paid results"/>
  </Ranker>
</View>""",
    "image_tools": """<View>
  <Image name="img" value="$image" zoom="true" zoomControl="true"
         brightnessControl="true" contrastControl="true" rotateControl="true"
         crossOrigin="anonymous"/>
  <PolygonLabels name="poly" toName="img" strokeWidth="3" pointSize="small"
                 opacity="0.9"><Label value="Airplane"/></PolygonLabels>
  <EllipseLabels name="ell" toName="img"><Label value="Cell"/></EllipseLabels>
  <KeyPointLabels name="kp" toName="img" strokeWidth="2" smart="true">
    <Label value="Eye"/>
  </KeyPointLabels>
  <BrushLabels name="brush" toName="img"><Label value="Sky"/></BrushLabels>
  <MagicWand name="magicwand" toName="img"/>
  <VectorLabels name="vec" toName="img" closable="true" curves="true">
    <Label value="Road"/>
  </VectorLabels>
  <BitmaskLabels name="bits" toName="img"><Label value="Lake"/></BitmaskLabels>
  <Relations><Relation value="part of" background="orange"/></Relations>
</View>""",
    "layout_tags": """<View>
  <Collapse bordered="true">
    <Panel value="Instructions"><Markdown>## Read **carefully**</Markdown></Panel>
  </Collapse>
  <Filter name="filter" toName="tags" hotkey="shift+f" minlength="0"/>
  <Table name="table" value="$record"/>
  <Choices name="tags" toName="table" choice="multiple">
    <Choice value="A"/><Choice value="B"/>
  </Choices>
  <PDF name="pdf" value="$pdf"/>
</View>""",
    "chat": """<View>
  <Chat name="chat" value="$chat" llm="openai/gpt-4.1-nano" minMessages="4"
        maxMessages="10" editable="true"/>
  <View visibleWhen="region-selected" whenRole="assistant">
    <Rating name="response_rating" toName="chat" perRegion="true"/>
  </View>
</View>""",
    "repeater": """<View>
  <Repeater on="$utterances" indexFlag="{{idx}}" mode="pagination">
    <Text name="user_{{idx}}" value="$utterances[{{idx}}].text"/>
    <Header value="Utterance Review"/>
    <Choices name="utterance_action_{{idx}}" showInline="true"
             toName="user_{{idx}}">
      <Choice value="No Action"/>
      <Choice value="Training"/>
    </Choices>
  </Repeater>
</View>""",
}


@pytest.mark.parametrize("name", sorted(MORE_CONFIGS))
def test_label_studio_tag_reference_configs_compile_cleanly(compiler, name):
    parsed = compiler.compile(MORE_CONFIGS[name])

    assert parsed.warnings == []


def test_leniencies_that_label_studio_templates_rely_on(compiler):
    # A task-wide Rating without toName, headings past size 6, AudioPlus's
    # old boolean speed, and images shown inline.
    config = """<View>
  <Paragraphs name="talk" value="$messages" nameKey="role" textKey="content"/>
  <Header value="Overall quality, 1 to 7" size="8"/>
  <Rating name="overall" maxRating="7"/>
  <AudioPlus name="audio" value="$audio" speed="false"/>
  <Image name="page" value="$page" inline="true"/>
</View>"""
    parsed = compiler.compile(config)
    rating = {
        "from_name": "overall",
        "to_name": "overall",
        "type": "rating",
        "value": {"rating": 7},
    }

    assert parsed.warnings == []
    assert parsed.check_result([rating]) == []
