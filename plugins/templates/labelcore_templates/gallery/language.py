"""Text and conversation templates: classes, spans, relations, dialogues."""

from labelcore_templates.gallery.entries import CONVERSATION, NLP, Entry

REVIEW = (
    "The installer finished in two minutes and every package came up working. "
    "Impressive."
)
NEWS = "Ada Lovelace worked with Charles Babbage in London on the Analytical Engine."
DIALOGUE = [
    {"author": "Customer", "text": "Hi, my order 1042 has not arrived yet."},
    {"author": "Agent", "text": "Sorry to hear that! Let me check order 1042."},
    {"author": "Customer", "text": "Thanks. I need it before Friday."},
    {"author": "Agent", "text": "It ships today and arrives on Thursday."},
]

ENTRIES = [
    Entry(
        "text-classification",
        "Text classification",
        NLP,
        "Sort texts into classes, such as the sentiment of a review.",
        """<View>
  <Header value="What is the sentiment of this review?"/>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single" showInline="true">
    <Choice value="Positive" hotkey="1"/>
    <Choice value="Negative" hotkey="2"/>
    <Choice value="Neutral" hotkey="3"/>
  </Choices>
</View>""",
        {"text": REVIEW},
    ),
    Entry(
        "named-entity-recognition",
        "Named entity recognition",
        NLP,
        "Mark people, organisations, places and other names in a text.",
        """<View>
  <Labels name="label" toName="text">
    <Label value="PER" background="#e57373" hotkey="p"/>
    <Label value="ORG" background="#64b5f6" hotkey="o"/>
    <Label value="LOC" background="#81c784" hotkey="l"/>
    <Label value="MISC" background="#ffb74d" hotkey="m"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>""",
        {"text": NEWS},
    ),
    Entry(
        "relation-extraction",
        "Relation extraction",
        NLP,
        "Mark entities, then draw labelled relations between them.",
        """<View>
  <Relations>
    <Relation value="works with"/>
    <Relation value="located in"/>
  </Relations>
  <Labels name="label" toName="text">
    <Label value="Person" background="#ef9a9a"/>
    <Label value="Place" background="#90caf9"/>
    <Label value="Thing" background="#c5e1a5"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>""",
        {"text": NEWS},
    ),
    Entry(
        "taxonomy-classification",
        "Classification with a taxonomy",
        NLP,
        "Place a text in a tree of nested categories.",
        """<View>
  <Text name="text" value="$text"/>
  <Taxonomy name="topic" toName="text" leafsOnly="false" showFullPath="true">
    <Choice value="Technology">
      <Choice value="Software"/>
      <Choice value="Hardware"/>
    </Choice>
    <Choice value="Science">
      <Choice value="Physics"/>
      <Choice value="Biology"/>
    </Choice>
    <Choice value="Other"/>
  </Taxonomy>
</View>""",
        {"text": "The new kernel release speeds up file systems on laptops."},
    ),
    Entry(
        "extractive-question-answering",
        "Extractive question answering",
        NLP,
        "Mark the span of a passage that answers a question.",
        """<View>
  <Header value="Question"/>
  <Text name="question" value="$question"/>
  <Header value="Mark the answer in the passage"/>
  <Labels name="answer" toName="passage" choice="single">
    <Label value="Answer" background="#ffd54f" maxUsages="1"/>
  </Labels>
  <Text name="passage" value="$passage" granularity="word"/>
</View>""",
        {"question": "Where did Ada Lovelace work?", "passage": NEWS},
    ),
    Entry(
        "text-summarization",
        "Text summarization",
        NLP,
        "Write a short summary of a longer text.",
        """<View>
  <Header value="Read the text and summarise it in one or two sentences"/>
  <Text name="text" value="$text"/>
  <TextArea name="summary" toName="text" rows="4" maxSubmissions="1"
            editable="true" required="true"/>
</View>""",
        {"text": f"{REVIEW} {NEWS}"},
    ),
    Entry(
        "machine-translation",
        "Machine translation",
        NLP,
        "Translate a text, or correct a machine translation.",
        """<View style="display: grid; grid-template-columns: 1fr 1fr; gap: 1em">
  <View>
    <Header value="Source (English)"/>
    <Text name="source" value="$source"/>
  </View>
  <View>
    <Header value="Translation (French)"/>
    <TextArea name="translation" toName="source" value="$draft" rows="4"
              editable="true" maxSubmissions="1"/>
  </View>
</View>""",
        {
            "source": "The meeting starts at nine.",
            "draft": "La réunion commence à neuf heures.",
        },
    ),
    Entry(
        "html-entity-recognition",
        "Named entities in HTML",
        NLP,
        "Mark entities in a web page or an e-mail, keeping its formatting.",
        """<View>
  <HyperTextLabels name="entity" toName="page">
    <Label value="Product" background="#80cbc4"/>
    <Label value="Price" background="#f48fb1"/>
  </HyperTextLabels>
  <HyperText name="page" value="$html"/>
</View>""",
        {
            "html": "<div><h3>Spring sale</h3><p>The <b>X200 laptop</b> now costs "
            "899 euros.</p></div>"
        },
    ),
    Entry(
        "sentiment-with-reasons",
        "Sentiment with a reason when negative",
        NLP,
        "Classify sentiment; a box for the reason appears only for negative texts.",
        """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single" showInline="true">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
    <Choice value="Neutral"/>
  </Choices>
  <View visibleWhen="choice-selected" whenTagName="sentiment"
        whenChoiceValue="Negative">
    <TextArea name="reason" toName="text" placeholder="What went wrong?"/>
  </View>
</View>""",
        {"text": REVIEW},
    ),
    Entry(
        "multi-label-classification",
        "Multi-label classification with a filter",
        NLP,
        "Tick every topic that applies; a filter narrows the long list.",
        """<View>
  <Text name="text" value="$text"/>
  <Filter toName="topics" minlength="1" placeholder="Filter topics"/>
  <Choices name="topics" toName="text" choice="multiple">
    <Choice value="Installation"/>
    <Choice value="Performance"/>
    <Choice value="Documentation"/>
    <Choice value="Security"/>
    <Choice value="Pricing"/>
    <Choice value="Support"/>
  </Choices>
</View>""",
        {"text": REVIEW},
    ),
    Entry(
        "aspect-based-sentiment",
        "Aspect-based sentiment",
        NLP,
        "Mark what a review talks about and the sentiment of each mention.",
        """<View>
  <Labels name="aspect" toName="text">
    <Label value="Speed" background="#4fc3f7"/>
    <Label value="Reliability" background="#aed581"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Choices name="polarity" toName="text" perRegion="true" showInline="true">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>""",
        {"text": REVIEW},
    ),
    Entry(
        "dialogue-intent-classification",
        "Intent classification in dialogues",
        CONVERSATION,
        "Mark the utterances of a dialogue with the speaker's intent.",
        """<View>
  <ParagraphLabels name="intent" toName="dialogue">
    <Label value="Complaint" background="#ef5350"/>
    <Label value="Request" background="#42a5f5"/>
    <Label value="Information" background="#66bb6a"/>
  </ParagraphLabels>
  <Paragraphs name="dialogue" value="$dialogue" layout="dialogue"
              nameKey="author" textKey="text"/>
</View>""",
        {"dialogue": DIALOGUE},
    ),
    Entry(
        "response-generation",
        "Chatbot response generation",
        CONVERSATION,
        "Write the next reply of the assistant in a dialogue.",
        """<View>
  <Paragraphs name="dialogue" value="$dialogue" layout="dialogue"/>
  <Header value="Write the agent's next reply"/>
  <TextArea name="reply" toName="dialogue" rows="3" maxSubmissions="1"/>
</View>""",
        {"dialogue": DIALOGUE},
    ),
    Entry(
        "response-selection",
        "Chatbot response selection",
        CONVERSATION,
        "Pick the best of several candidate replies for a dialogue.",
        """<View>
  <Paragraphs name="dialogue" value="$dialogue" layout="dialogue"/>
  <Choices name="best" toName="dialogue" choice="single-radio" value="$candidates"/>
</View>""",
        {
            "dialogue": DIALOGUE,
            "candidates": [
                {"value": "It ships today and arrives on Thursday."},
                {"value": "Please call our hotline."},
            ],
        },
    ),
    Entry(
        "slot-filling",
        "Slot filling in dialogues",
        CONVERSATION,
        "Mark the values a bot needs (order numbers, dates) and the dialogue's topic.",
        """<View>
  <ParagraphLabels name="slot" toName="dialogue">
    <Label value="Order number" background="#ffca28"/>
    <Label value="Date" background="#26c6da"/>
  </ParagraphLabels>
  <Paragraphs name="dialogue" value="$dialogue" layout="dialogue"/>
  <Choices name="topic" toName="dialogue" showInline="true">
    <Choice value="Delivery"/>
    <Choice value="Refund"/>
    <Choice value="Other"/>
  </Choices>
</View>""",
        {"dialogue": DIALOGUE},
    ),
    Entry(
        "chatbot-evaluation",
        "Chatbot evaluation in a live chat",
        CONVERSATION,
        "Continue a conversation and rate the assistant's messages.",
        """<View>
  <Chat name="chat" value="$chat" minMessages="2" maxMessages="10"
        editable="true"/>
  <View visibleWhen="region-selected" whenRole="assistant">
    <Rating name="reply_rating" toName="chat" perRegion="true"/>
  </View>
  <Header value="Overall quality of the conversation"/>
  <Rating name="overall" toName="chat"/>
</View>""",
    ),
]
