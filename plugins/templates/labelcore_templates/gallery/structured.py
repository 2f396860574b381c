"""Structured data and community templates: documents, tables, forms, layouts."""

from labelcore_templates.gallery.entries import COMMUNITY, STRUCTURED, Entry

ENTRIES = [
    Entry(
        "pdf-classification",
        "PDF document classification",
        STRUCTURED,
        "Classify whole PDF documents.",
        """<View>
  <PDF name="document" value="$pdf"/>
  <Choices name="kind" toName="document" choice="single" showInline="true">
    <Choice value="Invoice"/>
    <Choice value="Contract"/>
    <Choice value="Letter"/>
  </Choices>
</View>""",
    ),
    Entry(
        "table-classification",
        "Tabular data classification",
        STRUCTURED,
        "Look at a record's fields and classify the record.",
        """<View>
  <Table name="record" value="$record"/>
  <Choices name="quality" toName="record" choice="single" showInline="true">
    <Choice value="Complete"/>
    <Choice value="Needs fixing"/>
  </Choices>
</View>""",
        {"record": {"Name": "X200 laptop", "Price": 899, "Currency": "EUR"}},
    ),
    Entry(
        "form-metadata",
        "Form with dates, numbers and free text",
        STRUCTURED,
        "Fill in structured fields about a document: a date, an amount, notes.",
        """<View>
  <Text name="document" value="$text"/>
  <Header value="Date of the document" size="5"/>
  <DateTime name="date" toName="document" only="date" required="true"/>
  <Header value="Total amount" size="5"/>
  <Number name="amount" toName="document" min="0" step="0.01"/>
  <TextArea name="notes" toName="document" rows="2"/>
</View>""",
        {"text": "Invoice 2024-117 of 3 May 2024: two laptops, 1,798 euros."},
    ),
    Entry(
        "invoice-field-extraction",
        "Field extraction from scanned forms",
        STRUCTURED,
        "Box the fields of a scanned form and type each value.",
        """<View>
  <Image name="scan" value="$scan" zoom="true"/>
  <RectangleLabels name="field" toName="scan">
    <Label value="Invoice number" background="#42a5f5"/>
    <Label value="Total" background="#66bb6a"/>
    <Label value="Date" background="#ffa726"/>
  </RectangleLabels>
  <TextArea name="value" toName="scan" perRegion="true" editable="true"
            displayMode="region-list" maxSubmissions="1"/>
</View>""",
        {"scan": "@sample-cat.jpg"},
    ),
    Entry(
        "html-classification",
        "Web page classification",
        STRUCTURED,
        "Classify HTML documents such as web pages or e-mails.",
        """<View>
  <HyperText name="page" value="$html" inline="true"/>
  <Choices name="kind" toName="page" choice="multiple" showInline="true">
    <Choice value="Advertisement"/>
    <Choice value="News"/>
    <Choice value="Personal"/>
  </Choices>
</View>""",
    ),
    Entry(
        "repeated-utterances",
        "The same questions for every item of a list",
        COMMUNITY,
        "A Repeater asks the same questions about each item of a task's list.",
        """<View>
  <Repeater on="$utterances" indexFlag="{{idx}}" mode="pagination">
    <Text name="utterance_{{idx}}" value="$utterances[{{idx}}].text"/>
    <Choices name="action_{{idx}}" toName="utterance_{{idx}}" showInline="true">
      <Choice value="No action"/>
      <Choice value="Training"/>
      <Choice value="New intent"/>
    </Choices>
  </Repeater>
</View>""",
        {
            "utterances": [
                {"text": "Where is my parcel?"},
                {"text": "Can I change my delivery address?"},
            ]
        },
    ),
    Entry(
        "instructions-in-panels",
        "Instructions in foldable panels",
        COMMUNITY,
        "Keep long guidelines at hand in foldable panels, written in Markdown.",
        """<View>
  <Collapse accordion="true">
    <Panel value="Guidelines">
      <Markdown value="$guidelines"/>
    </Panel>
    <Panel value="Examples">
      <Header value="A positive review praises the product." size="6"/>
    </Panel>
  </Collapse>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" showInline="true">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>""",
        {
            "guidelines": "## How to label\n\n- Read the **whole** review.\n"
            "- Pick one class.",
            "text": "Setup took five minutes. Lovely!",
        },
    ),
    Entry(
        "dynamic-labels",
        "Labels loaded from each task",
        COMMUNITY,
        "Every task brings its own label set, for entity linking or per-document "
        "classes.",
        """<View>
  <Labels name="entity" toName="text" value="$labels"/>
  <Text name="text" value="$text"/>
</View>""",
        {
            "text": "Ada Lovelace met Charles Babbage in 1833.",
            "labels": [{"value": "Ada Lovelace"}, {"value": "Charles Babbage"}],
        },
    ),
    Entry(
        "paged-documents",
        "Several documents, one page each",
        COMMUNITY,
        "Page through the parts of a task and classify each one.",
        """<View>
  <PagedView>
    <View>
      <Text name="first" value="$first"/>
      <Choices name="first_topic" toName="first" showInline="true">
        <Choice value="Relevant"/>
        <Choice value="Irrelevant"/>
      </Choices>
    </View>
    <View>
      <Text name="second" value="$second"/>
      <Choices name="second_topic" toName="second" showInline="true">
        <Choice value="Relevant"/>
        <Choice value="Irrelevant"/>
      </Choices>
    </View>
  </PagedView>
</View>""",
        {"first": "The first part of the file.", "second": "The second part."},
    ),
]
