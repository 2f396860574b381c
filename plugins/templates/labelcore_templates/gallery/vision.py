"""Computer vision templates: classes, boxes, shapes, masks, text in images."""

from labelcore_templates.gallery.entries import VISION, Entry

PHOTO = {"image": "@sample-cat.jpg"}

ENTRIES = [
    Entry(
        "image-classification",
        "Image classification",
        VISION,
        "Choose the class of a whole image.",
        """<View>
  <Image name="image" value="$image" zoom="true"/>
  <Choices name="class" toName="image" choice="single" showInline="true">
    <Choice value="Cat" hotkey="1"/>
    <Choice value="Dog" hotkey="2"/>
    <Choice value="Bird" hotkey="3"/>
    <Choice value="Other" hotkey="4"/>
  </Choices>
</View>""",
        PHOTO,
    ),
    Entry(
        "object-detection",
        "Object detection with bounding boxes",
        VISION,
        "Draw labelled boxes around the objects in an image.",
        """<View>
  <Image name="image" value="$image" zoom="true" zoomControl="true"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Cat" background="#f06292" hotkey="c"/>
    <Label value="Dog" background="#4db6ac" hotkey="d"/>
    <Label value="Person" background="#7986cb" hotkey="p"/>
    <Label value="Vehicle" background="#ffd54f" hotkey="v"/>
  </RectangleLabels>
</View>""",
        PHOTO,
    ),
    Entry(
        "image-captioning",
        "Image captioning",
        VISION,
        "Write a sentence that describes an image.",
        """<View>
  <Image name="image" value="$image"/>
  <Header value="Describe the image in one sentence:"/>
  <TextArea name="caption" toName="image" rows="3" maxSubmissions="1"
            editable="true" placeholder="A ... doing ..."/>
</View>""",
        PHOTO,
    ),
    Entry(
        "semantic-segmentation-polygons",
        "Semantic segmentation with polygons",
        VISION,
        "Outline each object with a labelled polygon.",
        """<View>
  <Header value="Outline every object with a polygon"/>
  <Image name="image" value="$image" zoom="true" zoomControl="true"/>
  <PolygonLabels name="label" toName="image" strokeWidth="3" pointSize="small"
                 opacity="0.5">
    <Label value="Animal" background="#e57373"/>
    <Label value="Furniture" background="#64b5f6"/>
    <Label value="Background" background="#a5d6a7"/>
  </PolygonLabels>
</View>""",
        PHOTO,
    ),
    Entry(
        "semantic-segmentation-masks",
        "Semantic segmentation with masks",
        VISION,
        "Paint labelled masks over the pixels of each object.",
        """<View>
  <Image name="image" value="$image" zoom="true" zoomControl="true"/>
  <BrushLabels name="mask" toName="image">
    <Label value="Cat" background="#ba68c8"/>
    <Label value="Background" background="#90a4ae"/>
  </BrushLabels>
</View>""",
        PHOTO,
    ),
    Entry(
        "keypoint-labeling",
        "Keypoint labeling",
        VISION,
        "Mark landmarks such as eyes, nose and ears with labelled points.",
        """<View>
  <KeyPointLabels name="landmark" toName="image" strokeWidth="2">
    <Label value="Left eye" background="#ef5350" hotkey="1"/>
    <Label value="Right eye" background="#42a5f5" hotkey="2"/>
    <Label value="Nose" background="#66bb6a" hotkey="3"/>
  </KeyPointLabels>
  <Image name="image" value="$image" zoom="true"/>
</View>""",
        PHOTO,
    ),
    Entry(
        "ellipse-detection",
        "Object detection with ellipses",
        VISION,
        "Fit ellipses around round objects such as cells, coins or faces.",
        """<View>
  <Image name="image" value="$image" zoom="true"/>
  <EllipseLabels name="label" toName="image">
    <Label value="Face" background="#ffb74d"/>
    <Label value="Eye" background="#4dd0e1"/>
  </EllipseLabels>
</View>""",
        PHOTO,
    ),
    Entry(
        "optical-character-recognition",
        "Optical character recognition",
        VISION,
        "Box or outline each piece of text in an image and transcribe it.",
        """<View>
  <Image name="image" value="$ocr" zoom="true" zoomControl="true"/>
  <Labels name="label" toName="image">
    <Label value="Text" background="green"/>
    <Label value="Handwriting" background="blue"/>
  </Labels>
  <Rectangle name="bbox" toName="image" strokeWidth="3"/>
  <Polygon name="poly" toName="image" strokeWidth="3"/>
  <TextArea name="transcription" toName="image" editable="true" perRegion="true"
            required="true" maxSubmissions="1" rows="5"
            placeholder="Recognized text" displayMode="region-list"/>
</View>""",
        {"ocr": "@sample-cat.jpg"},
    ),
    Entry(
        "multi-image-classification",
        "Multi-image classification",
        VISION,
        "Classify a set of images shown together in one task.",
        """<View>
  <Image name="images" valueList="$images"/>
  <Choices name="class" toName="images" choice="multiple">
    <Choice value="Indoor"/>
    <Choice value="Outdoor"/>
    <Choice value="Contains an animal"/>
  </Choices>
</View>""",
        {"images": ["@sample-cat.jpg", "@sample-cat.jpg"]},
    ),
    Entry(
        "visual-question-answering",
        "Visual question answering",
        VISION,
        "Answer a question about an image, and say how sure you are.",
        """<View>
  <Image name="image" value="$image"/>
  <Header value="$question"/>
  <TextArea name="answer" toName="image" maxSubmissions="1" rows="2"/>
  <Choices name="confidence" toName="image" choice="single-radio" showInline="true">
    <Choice value="Sure"/>
    <Choice value="Unsure"/>
  </Choices>
</View>""",
        {"image": "@sample-cat.jpg", "question": "What colour are the cat's eyes?"},
    ),
    Entry(
        "magic-wand-segmentation",
        "Segmentation with the magic wand",
        VISION,
        "Flood-fill regions of similar colour (clouds, fields, cells) and label them.",
        """<View>
  <Labels name="label" toName="image">
    <Label value="Fur" background="#8d6e63"/>
    <Label value="Background" background="#b0bec5"/>
  </Labels>
  <MagicWand name="wand" toName="image" blurradius="5" defaultthreshold="15"/>
  <Brush name="brush" toName="image"/>
  <Image name="image" value="$image" crossOrigin="anonymous" zoom="true"/>
</View>""",
        PHOTO,
    ),
    Entry(
        "bitmask-segmentation",
        "Pixel-exact segmentation with bitmasks",
        VISION,
        "Paint pixel masks that are stored as PNG images.",
        """<View>
  <Image name="image" value="$image" zoom="true"/>
  <BitmaskLabels name="mask" toName="image">
    <Label value="Object" background="#ff7043"/>
    <Label value="Shadow" background="#5c6bc0"/>
  </BitmaskLabels>
</View>""",
        PHOTO,
    ),
    Entry(
        "vector-skeletons",
        "Skeletons and paths with vectors",
        VISION,
        "Draw connected paths such as skeletons, lanes or contours.",
        """<View>
  <Image name="image" value="$image" zoom="true"/>
  <VectorLabels name="path" toName="image" skeleton="true" closable="false">
    <Label value="Spine" background="#26a69a"/>
    <Label value="Whiskers" background="#ab47bc"/>
  </VectorLabels>
</View>""",
        PHOTO,
    ),
    Entry(
        "image-quality-rating",
        "Image quality rating",
        VISION,
        "Rate how sharp and well exposed an image is, and note any defects.",
        """<View>
  <Image name="image" value="$image"/>
  <Rating name="quality" toName="image" maxRating="5" icon="star" size="medium"/>
  <Choices name="defects" toName="image" choice="multiple" showInline="true">
    <Choice value="Blurry"/>
    <Choice value="Too dark"/>
    <Choice value="Overexposed"/>
    <Choice value="Noisy"/>
  </Choices>
</View>""",
        PHOTO,
    ),
    Entry(
        "region-attributes",
        "Object detection with attributes per box",
        VISION,
        "Draw boxes and describe each one with its own choices.",
        """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="Animal" background="#ef6c00"/>
    <Label value="Object" background="#1565c0"/>
  </RectangleLabels>
  <View visibleWhen="region-selected">
    <Header value="Describe the selected box"/>
    <Choices name="occluded" toName="image" perRegion="true" showInline="true">
      <Choice value="Fully visible"/>
      <Choice value="Partly hidden"/>
    </Choices>
  </View>
</View>""",
        PHOTO,
    ),
]
