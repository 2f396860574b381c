"""Audio, video and time-series templates."""

from labelcore_templates.gallery.entries import AUDIO, TIME_SERIES, VIDEO, Entry

SENSOR = {
    "time": list(range(12)),
    "temperature": [
        20.1,
        20.3,
        20.2,
        21.0,
        23.5,
        27.9,
        28.4,
        26.0,
        22.7,
        21.2,
        20.8,
        20.5,
    ],
    "humidity": [41, 40, 42, 43, 45, 52, 55, 50, 46, 44, 43, 42],
}

ENTRIES = [
    Entry(
        "speech-transcription",
        "Speech transcription",
        AUDIO,
        "Listen to a recording and write down what is said.",
        """<View>
  <Audio name="audio" value="$audio" zoom="true" speed="1"/>
  <TextArea name="transcription" toName="audio" rows="4" editable="true"
            maxSubmissions="1" transcription="true"/>
</View>""",
    ),
    Entry(
        "speaker-segmentation",
        "Speaker segmentation",
        AUDIO,
        "Mark who speaks when in a recording.",
        """<View>
  <Labels name="speaker" toName="audio">
    <Label value="Speaker 1" background="#ffa726"/>
    <Label value="Speaker 2" background="#29b6f6"/>
    <Label value="Noise" background="#bdbdbd"/>
  </Labels>
  <Audio name="audio" value="$audio" zoom="true"/>
</View>""",
    ),
    Entry(
        "audio-classification",
        "Audio classification",
        AUDIO,
        "Choose what a recording contains.",
        """<View>
  <Audio name="audio" value="$audio"/>
  <Choices name="kind" toName="audio" choice="single-radio" showInline="true">
    <Choice value="Speech"/>
    <Choice value="Music"/>
    <Choice value="Silence"/>
    <Choice value="Other sound"/>
  </Choices>
</View>""",
    ),
    Entry(
        "segment-transcription",
        "Transcription per segment",
        AUDIO,
        "Cut a recording into segments and transcribe each one.",
        """<View>
  <Labels name="segment" toName="audio">
    <Label value="Speech" background="#66bb6a"/>
  </Labels>
  <Audio name="audio" value="$audio"/>
  <View visibleWhen="region-selected">
    <TextArea name="words" toName="audio" perRegion="true" rows="2"
              displayMode="region-list"/>
  </View>
</View>""",
    ),
    Entry(
        "intent-in-speech",
        "Intent classification in speech",
        AUDIO,
        "Mark each utterance of a call and pick its intent.",
        """<View>
  <Labels name="utterance" toName="audio">
    <Label value="Utterance" background="#7e57c2"/>
  </Labels>
  <Audio name="audio" value="$audio"/>
  <Choices name="intent" toName="audio" perRegion="true" showInline="true">
    <Choice value="Question"/>
    <Choice value="Complaint"/>
    <Choice value="Thanks"/>
  </Choices>
</View>""",
    ),
    Entry(
        "sound-event-detection",
        "Sound event detection",
        AUDIO,
        "Mark the moments of sound events that may overlap.",
        """<View>
  <Labels name="event" toName="audio" choice="multiple">
    <Label value="Dog bark" background="#8d6e63"/>
    <Label value="Car horn" background="#ef5350"/>
    <Label value="Siren" background="#42a5f5"/>
  </Labels>
  <Audio name="audio" value="$audio" spectrogram="true"/>
</View>""",
    ),
    Entry(
        "video-classification",
        "Video classification",
        VIDEO,
        "Choose what happens in a video clip.",
        """<View>
  <Video name="video" value="$video"/>
  <Choices name="action" toName="video" choice="single" showInline="true">
    <Choice value="Moving"/>
    <Choice value="Standing still"/>
  </Choices>
</View>""",
    ),
    Entry(
        "video-object-tracking",
        "Video object tracking",
        VIDEO,
        "Follow objects through a video with boxes on keyframes.",
        """<View>
  <Labels name="kind" toName="video" allowEmpty="true">
    <Label value="Ball" background="#e53935"/>
    <Label value="Person" background="#1e88e5"/>
  </Labels>
  <Video name="video" value="$video" framerate="10"/>
  <VideoRectangle name="box" toName="video"/>
</View>""",
    ),
    Entry(
        "video-timeline-segmentation",
        "Video timeline segmentation",
        VIDEO,
        "Mark which frames of a video show which activity.",
        """<View>
  <Video name="video" value="$video" timelineHeight="80"/>
  <TimelineLabels name="activity" toName="video">
    <Label value="Entering" background="#43a047"/>
    <Label value="Leaving" background="#fb8c00"/>
  </TimelineLabels>
</View>""",
    ),
    Entry(
        "video-captioning",
        "Video captioning",
        VIDEO,
        "Describe a clip in a sentence and tag its content.",
        """<View>
  <Video name="video" value="$video" muted="true"/>
  <TextArea name="caption" toName="video" rows="2" maxSubmissions="1"/>
  <Taxonomy name="content" toName="video">
    <Choice value="Objects">
      <Choice value="Ball"/>
      <Choice value="Toy"/>
    </Choice>
    <Choice value="Scene">
      <Choice value="Indoor"/>
      <Choice value="Outdoor"/>
    </Choice>
  </Taxonomy>
</View>""",
    ),
    Entry(
        "time-series-segmentation",
        "Time series segmentation",
        TIME_SERIES,
        "Mark the ranges of a sensor recording where something happens.",
        """<View>
  <TimeSeriesLabels name="phase" toName="series">
    <Label value="Heating" background="#ef5350"/>
    <Label value="Cooling" background="#42a5f5"/>
  </TimeSeriesLabels>
  <TimeSeries name="series" value="$sensor" valueType="json" timeColumn="time">
    <Channel column="temperature" legend="Temperature" units="°C"
             strokeColor="#ef5350"/>
    <Channel column="humidity" legend="Humidity" units="%"/>
  </TimeSeries>
</View>""",
        {"sensor": SENSOR},
    ),
    Entry(
        "time-series-classification",
        "Time series classification",
        TIME_SERIES,
        "Classify a whole recording, read from a CSV file.",
        """<View>
  <TimeSeries name="series" value="$csv" valueType="url" timeColumn="time" sep=",">
    <Channel column="value" legend="Reading"/>
  </TimeSeries>
  <Choices name="state" toName="series" choice="single" showInline="true">
    <Choice value="Normal"/>
    <Choice value="Faulty"/>
  </Choices>
</View>""",
    ),
    Entry(
        "multichannel-events",
        "Events across several channels",
        TIME_SERIES,
        "Plot several channels together and mark events on them.",
        """<View>
  <TimeSeries name="series" value="$sensor" valueType="json" timeColumn="time">
    <MultiChannel height="240" showAxis="true">
      <Channel column="temperature" legend="Temperature"/>
      <Channel column="humidity" legend="Humidity"/>
    </MultiChannel>
  </TimeSeries>
  <TimeSeriesLabels name="event" toName="series">
    <Label value="Spike" background="#ab47bc"/>
  </TimeSeriesLabels>
</View>""",
        {"sensor": SENSOR},
    ),
    Entry(
        "time-series-anomalies",
        "Anomaly detection in time series",
        TIME_SERIES,
        "Mark anomalous points and ranges, and rate how severe the worst one is.",
        """<View>
  <TimeSeries name="series" value="$sensor" valueType="json" timeColumn="time">
    <Channel column="temperature" legend="Temperature"/>
  </TimeSeries>
  <TimeSeriesLabels name="anomaly" toName="series">
    <Label value="Anomaly" background="#e53935"/>
    <Label value="Sensor fault" background="#757575"/>
  </TimeSeriesLabels>
  <Rating name="severity" toName="series" maxRating="3"/>
</View>""",
        {"sensor": SENSOR},
    ),
]
