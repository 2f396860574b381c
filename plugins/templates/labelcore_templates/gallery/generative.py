"""Generative AI and ranking templates: fine-tuning data, preferences, grading."""

from labelcore_templates.gallery.entries import GENERATIVE, RANKING, Entry

PROMPT = "Explain in two sentences why the sky is blue."
ANSWER_A = (
    "Sunlight is scattered by the molecules of the air, and blue light, having a "
    "shorter wavelength, is scattered much more than red. So blue light reaches "
    "our eyes from every part of the sky."
)
ANSWER_B = "Because the sky reflects the colour of the oceans."
SEARCH_RESULTS = [
    {"id": "docs", "title": "Installing the server", "body": "Run make run."},
    {"id": "blog", "title": "Ten annotation tips", "body": "Start small."},
    {"id": "forum", "title": "Export fails on Windows", "body": "Any ideas?"},
]

ENTRIES = [
    Entry(
        "pairwise-text-comparison",
        "Pairwise comparison of texts",
        RANKING,
        "Choose the better of two texts.",
        """<View>
  <Header value="Which summary is better?"/>
  <Pairwise name="comparison" toName="left,right" selectionStyle="background: #e3f2fd"/>
  <View style="display: flex; gap: 1em">
    <Text name="left" value="$left"/>
    <Text name="right" value="$right"/>
  </View>
</View>""",
        {"left": ANSWER_A, "right": ANSWER_B},
    ),
    Entry(
        "pairwise-image-comparison",
        "Pairwise comparison of images",
        RANKING,
        "Choose the better of two images, for example two generated pictures.",
        """<View>
  <Pairwise name="preference" toName="first,second"/>
  <Image name="first" value="$first"/>
  <Image name="second" value="$second"/>
</View>""",
        {"first": "@sample-cat.jpg", "second": "@sample-cat.jpg"},
    ),
    Entry(
        "search-relevance-ranking",
        "Search result ranking",
        RANKING,
        "Drag search results into the order of their relevance to a query.",
        """<View>
  <Style>.htx-ranker-item { background: #fffde7; }</Style>
  <Header value="$query"/>
  <List name="results" value="$results" title="Search results"/>
  <Ranker name="rank" toName="results"/>
</View>""",
        {"query": "how to install", "results": SEARCH_RESULTS},
    ),
    Entry(
        "relevance-buckets",
        "Sort results into relevance buckets",
        RANKING,
        "Move each search result into a relevant or an irrelevant bucket.",
        """<View>
  <List name="results" value="$results" title="Results"/>
  <Ranker name="judgement" toName="results">
    <Bucket name="relevant" title="Relevant"/>
    <Bucket name="irrelevant" title="Not relevant"/>
  </Ranker>
</View>""",
        {"results": SEARCH_RESULTS},
    ),
    Entry(
        "content-scoring",
        "Content scoring",
        RANKING,
        "Rate a text with stars and give it a numeric score.",
        """<View>
  <Text name="text" value="$text"/>
  <Rating name="stars" toName="text" maxRating="10" icon="star"/>
  <Number name="score" toName="text" min="0" max="100" step="1"/>
</View>""",
        {"text": ANSWER_A},
    ),
    Entry(
        "llm-supervised-fine-tuning",
        "Supervised fine-tuning of an LLM",
        GENERATIVE,
        "Write the ideal response to a prompt, for instruction tuning.",
        """<View>
  <Header value="Prompt"/>
  <Text name="prompt" value="$prompt"/>
  <Header value="Write the best possible response"/>
  <TextArea name="response" toName="prompt" rows="6" editable="true"
            maxSubmissions="1" required="true"/>
</View>""",
        {"prompt": PROMPT},
    ),
    Entry(
        "llm-preference-pairs",
        "Human preference pairs for RLHF",
        GENERATIVE,
        "Pick the better of two model answers to the same prompt.",
        """<View>
  <Text name="prompt" value="$prompt"/>
  <View style="display: grid; grid-template-columns: 1fr 1fr; gap: 1em">
    <Text name="answer1" value="$answer1"/>
    <Text name="answer2" value="$answer2"/>
  </View>
  <Pairwise name="preference" toName="answer1,answer2"/>
  <TextArea name="why" toName="prompt" placeholder="Why is it better?"/>
</View>""",
        {"prompt": PROMPT, "answer1": ANSWER_A, "answer2": ANSWER_B},
    ),
    Entry(
        "llm-response-ranking",
        "LLM response ranking",
        GENERATIVE,
        "Order several model answers from best to worst.",
        """<View>
  <Text name="prompt" value="$prompt"/>
  <List name="answers" value="$answers" title="Answers"/>
  <Ranker name="ranking" toName="answers">
    <Bucket name="best" title="Best"/>
    <Bucket name="acceptable" title="Acceptable"/>
    <Bucket name="bad" title="Bad"/>
  </Ranker>
</View>""",
        {
            "prompt": PROMPT,
            "answers": [
                {"id": "a", "title": "Model A", "body": ANSWER_A},
                {"id": "b", "title": "Model B", "body": ANSWER_B},
            ],
        },
    ),
    Entry(
        "llm-response-grading",
        "LLM response grading",
        GENERATIVE,
        "Grade an answer for accuracy, helpfulness and safety.",
        """<View>
  <Text name="prompt" value="$prompt"/>
  <Text name="answer" value="$answer"/>
  <Header value="Accuracy"/>
  <Rating name="accuracy" toName="answer" maxRating="5"/>
  <Header value="Helpfulness"/>
  <Rating name="helpfulness" toName="answer" maxRating="5"/>
  <Choices name="safety" toName="answer" choice="single" showInline="true">
    <Choice value="Safe"/>
    <Choice value="Unsafe"/>
  </Choices>
  <TextArea name="feedback" toName="answer" rows="3"/>
</View>""",
        {"prompt": PROMPT, "answer": ANSWER_A},
    ),
    Entry(
        "rag-evaluation",
        "Retrieval-augmented generation evaluation",
        GENERATIVE,
        "Judge whether an answer is grounded in the retrieved passages.",
        """<View>
  <Header value="Question"/>
  <Text name="question" value="$question"/>
  <Header value="Retrieved context"/>
  <Paragraphs name="context" value="$context" nameKey="source" textKey="text"/>
  <Header value="Answer"/>
  <Text name="answer" value="$answer"/>
  <Choices name="grounded" toName="answer" choice="single-radio">
    <Choice value="Fully supported by the context"/>
    <Choice value="Partly supported"/>
    <Choice value="Not supported"/>
  </Choices>
  <ParagraphLabels name="evidence" toName="context">
    <Label value="Evidence" background="#c5e1a5"/>
  </ParagraphLabels>
</View>""",
        {
            "question": "Why is the sky blue?",
            "context": [
                {"source": "Encyclopedia", "text": "Air molecules scatter blue light."},
                {"source": "Forum", "text": "My cat likes to sleep all day."},
            ],
            "answer": "Because air scatters blue light more than red light.",
        },
    ),
    Entry(
        "llm-red-teaming",
        "Red-teaming LLM outputs",
        GENERATIVE,
        "Mark harmful passages in a model's output and classify the harm.",
        """<View>
  <Text name="prompt" value="$prompt"/>
  <Labels name="harm" toName="output">
    <Label value="Harmful" background="#e53935"/>
    <Label value="Personal data" background="#8e24aa"/>
  </Labels>
  <Text name="output" value="$output"/>
  <Taxonomy name="category" toName="output">
    <Choice value="Safety">
      <Choice value="Violence"/>
      <Choice value="Self-harm"/>
    </Choice>
    <Choice value="Privacy"/>
    <Choice value="None"/>
  </Taxonomy>
</View>""",
        {
            "prompt": "Tell me about my neighbour.",
            "output": "Your neighbour John lives at 12 Elm Street.",
        },
    ),
    Entry(
        "chat-fine-tuning",
        "Conversations for chat fine-tuning",
        GENERATIVE,
        "Write conversations turn by turn for chat-model training data.",
        """<View>
  <Chat name="chat" value="$chat" toName="chat" minMessages="2"
        messageroles="user,assistant"/>
</View>""",
    ),
]
