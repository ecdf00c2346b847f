"""The demo site that `manage.py load_demo_content` builds: tree, author, settings, articles.

Everything is keyed by slug so the loader can match what already exists. Article bodies are
lists of (block name, value) pairs in the shape `articles.blocks.ArticleBodyBlock` expects.
Further reading names other articles by slug; the loader turns slugs into pages.

The prose is our own. Facts (model names, developers, modalities, parameter counts, dates)
come from the seed page `what-is-a-foundation-model`.
"""

from datetime import date

HOME = {
    "slug": "home",
    "title": "AsterMind Learn",
    "intro": (
        "Short, plain-language explanations of how modern AI works: the big models, the "
        "small ones, and the techniques that connect them."
    ),
}

SECTIONS = [
    {
        "slug": "core-concepts",
        "title": "Core Concepts",
        "intro": "The ideas everything else builds on, explained from first principles.",
    },
    {
        "slug": "techniques",
        "title": "Techniques",
        "intro": "Practical ways to adapt, ground and put AI models to work.",
    },
    {
        "slug": "edge-ai",
        "title": "Edge AI",
        "intro": "Running and training models on small devices, close to where data is born.",
    },
]

AUTHOR = {
    "slug": "astermind-team",
    "name": "AsterMind Team",
    "role": "Editorial team",
    "bio": "The people who build AsterMind, writing about the ideas behind it.",
}

SITE_SETTINGS = {
    "site_name": "AsterMind Learn",
    "tagline": "AI, explained plainly.",
    "footer_text": (
        "<p><b>AsterMind Learn</b> explains AI in plain words. Articles are reviewed by the "
        "AsterMind Team and may be reused with attribution.</p>"
    ),
}

# The seed article, featured on the home page.
SEED_SLUG = "what-is-a-foundation-model"
FEATURED_SLUGS = [SEED_SLUG]


# Small builders keep the article data readable.
def heading(text, level="h2", anchor=""):
    return ("heading", {"heading": text, "level": level, "anchor": anchor})


def paragraph(html):
    return ("paragraph", html)


def bullets(*items):
    return ("list", {"style": "bulleted", "items": list(items)})


def numbered(*items):
    return ("list", {"style": "numbered", "items": list(items)})


def callout(text, title="", tone="info"):
    return ("callout", {"tone": tone, "title": title, "text": text})


# The fact registry behind the seed's "Key foundation models" table. Facts are the seed's;
# `as_of` is when they were last checked. Parameter counts are in billions.
FACTS_CHECKED = date(2026, 11, 1)
SOURCES_ACCESSED = date(2026, 11, 1)

ORGANISATIONS = [
    {"slug": "openai", "name": "OpenAI", "website": "https://openai.com/"},
    {"slug": "anthropic", "name": "Anthropic", "website": "https://www.anthropic.com/"},
    {"slug": "google-deepmind", "name": "Google DeepMind", "website": "https://deepmind.google/"},
    {"slug": "meta", "name": "Meta", "website": "https://ai.meta.com/"},
    {"slug": "mistral-ai", "name": "Mistral AI", "website": "https://mistral.ai/"},
    {"slug": "google", "name": "Google", "website": "https://ai.google/"},
]

FOUNDATION_MODELS = [
    {
        "slug": "gpt-4-5",
        "name": "GPT-4/5",
        "developer": "openai",
        "modalities": ["text", "images", "audio"],
        "parameter_status": "estimated",
        "min_parameters_billions": None,
        "max_parameters_billions": 1800,
        "active_parameters_billions": None,
        "parameter_notation": "",
        "open_weights": False,
        "licence": "Proprietary",
        "sources": [
            (
                "parameters",
                "https://www.semianalysis.com/p/gpt-4-architecture-infrastructure",
                "SemiAnalysis: GPT-4 architecture, infrastructure, training dataset, costs",
            ),
        ],
    },
    {
        "slug": "claude",
        "name": "Claude",
        "developer": "anthropic",
        "modalities": ["text", "images"],
        "parameter_status": "undisclosed",
        "min_parameters_billions": None,
        "max_parameters_billions": None,
        "active_parameters_billions": None,
        "parameter_notation": "",
        "open_weights": False,
        "licence": "Proprietary",
        "sources": [],
    },
    {
        "slug": "gemini",
        "name": "Gemini",
        "developer": "google-deepmind",
        "modalities": ["text", "images", "audio", "video"],
        "parameter_status": "undisclosed",
        "min_parameters_billions": None,
        "max_parameters_billions": None,
        "active_parameters_billions": None,
        "parameter_notation": "",
        "open_weights": False,
        "licence": "Proprietary",
        "sources": [],
    },
    {
        "slug": "llama-3",
        "name": "LLaMA 3",
        "developer": "meta",
        "modalities": ["text"],
        "parameter_status": "disclosed",
        "min_parameters_billions": 8,
        "max_parameters_billions": 405,
        "active_parameters_billions": None,
        "parameter_notation": "",
        "open_weights": True,
        "licence": "Llama 3 Community License",
        "sources": [
            (
                "parameters",
                "https://ai.meta.com/blog/meta-llama-3/",
                "Meta: Introducing Meta Llama 3",
            ),
            (
                "parameters",
                "https://ai.meta.com/blog/meta-llama-3-1/",
                "Meta: Introducing Llama 3.1",
            ),
        ],
    },
    {
        "slug": "mistral",
        "name": "Mistral",
        "developer": "mistral-ai",
        "modalities": ["text"],
        "parameter_status": "disclosed",
        # 8x22B: eight 22B experts sharing layers, 141B in total, 39B active per token.
        "min_parameters_billions": 7,
        "max_parameters_billions": 141,
        "active_parameters_billions": 39,
        "parameter_notation": "8x22B",
        "open_weights": True,
        "licence": "Apache 2.0",
        "sources": [
            (
                "parameters",
                "https://mistral.ai/news/announcing-mistral-7b/",
                "Mistral AI: Mistral 7B",
            ),
            ("parameters", "https://mistral.ai/news/mixtral-8x22b/", "Mistral AI: Mixtral 8x22B"),
        ],
    },
    {
        "slug": "palm-2",
        "name": "PaLM 2",
        "developer": "google",
        "modalities": ["text"],
        "parameter_status": "disclosed",
        "min_parameters_billions": None,
        "max_parameters_billions": 340,
        "active_parameters_billions": None,
        "parameter_notation": "",
        "open_weights": False,
        "licence": "Proprietary",
        "sources": [
            (
                "parameters",
                "https://www.cnbc.com/2023/05/16/googles-palm-2-uses-nearly-five-times-more-text-data-than-predecessor.html",
                "CNBC: Google's PaLM 2 uses nearly five times more text data than its predecessor",
            ),
        ],
    },
]


def key_foundation_models_table():
    """The seed's "Key foundation models" table: a model table reading the fact registry.

    The loader creates the registry entries first; any it cannot find are left out.
    """
    from .models import FoundationModel

    slugs = [m["slug"] for m in FOUNDATION_MODELS]
    found = FoundationModel.objects.in_bulk(slugs, field_name="slug")
    return [
        (
            "model_table",
            {
                "caption": "Key foundation models",
                "models": [found[slug] for slug in slugs if slug in found],
                "columns": ["name", "developer", "modalities", "parameters"],
                "default_sort": "",
                "sort_direction": "asc",
                "show_sources": True,
            },
        )
    ]


def foundation_vs_task_specific_table():
    """The seed's aspect-by-aspect comparison, as a concept table with one row per aspect."""
    rows = [
        ("Training data", "Broad, diverse", "Narrow, domain-specific"),
        ("Training cost", "Very high (millions of dollars)", "Low to moderate"),
        ("Adaptability", "Highly adaptable", "Fixed to one task"),
        ("Capabilities", "Many tasks, general knowledge", "Single task, specialized"),
        ("Examples", "GPT-4, Claude, Gemini", "Spam classifier, sentiment model"),
    ]
    return [
        (
            "concept_table",
            {
                "caption": "Foundation models and task-specific models compared",
                "aspect_heading": "Aspect",
                "column_headings": ["Foundation model", "Task-specific model"],
                "rows": [
                    {"aspect": aspect, "cells": [f"<p>{foundation}</p>", f"<p>{specific}</p>"]}
                    for aspect, foundation, specific in rows
                ],
            },
        )
    ]


def foundation_model_body():
    return [
        paragraph(
            "<p>A foundation model is a large AI model trained once, at great scale, on a "
            "wide and varied body of data, and then adapted to many different jobs. Instead "
            "of building a new model for every task, teams start from the same broadly "
            "capable base and shape it to their needs.</p>"
        ),
        paragraph(
            "<p>The name was coined in 2021 by Stanford's Center for Research on Foundation "
            "Models (CRFM). It covers systems such as OpenAI's GPT family, Google Gemini, "
            "Anthropic's Claude, Meta's LLaMA, DeepSeek and Qwen, as well as earlier models "
            "like BERT and CLIP: each is a base layer that many specialised applications are "
            "built on top of.</p>"
        ),
        heading("How foundation models work"),
        heading("Pre-training phase", level="h3"),
        paragraph(
            "<p>Pre-training uses enormous collections of data that nobody has labelled by "
            "hand. The model learns through <i>self-supervision</i>: part of each example is "
            "hidden and the model is trained to recover it, so the data supplies its own "
            "answers.</p>"
        ),
        bullets(
            "<p><b>Language models</b> learn to guess the word that comes next in a passage "
            "(the GPT approach) or to fill in words that were blanked out (the BERT "
            "approach).</p>",
            "<p><b>Vision models</b> learn to rebuild patches of an image that were masked "
            "out.</p>",
            "<p><b>Multimodal models</b> learn to place text and images in a shared "
            "representation, so that a picture and a caption describing it end up close "
            "together.</p>",
        ),
        heading("Adaptation phase", level="h3"),
        paragraph(
            "<p>A pre-trained model knows a great deal but has no particular job yet. "
            "Adaptation points it at one:</p>"
        ),
        bullets(
            "<p><b>Fine-tuning</b> — training continues on a smaller set of examples from "
            "the target task.</p>",
            "<p><b>Instruction tuning</b> — training on requests paired with good responses, "
            "so the model learns to follow instructions written in everyday language.</p>",
            "<p><b>Prompting</b> — steering behaviour with well-designed input alone; the "
            "model's weights stay as they are.</p>",
            "<p><b>Retrieval-augmented generation (RAG)</b> — letting the model look things "
            "up in an external knowledge source and base its answer on what it finds.</p>",
        ),
        heading("Key foundation models"),
        paragraph(
            "<p>A handful of families dominate the field. For each one: who builds it, which "
            "kinds of input it handles, and how many parameters it has, where that is "
            "known.</p>"
        ),
        *key_foundation_models_table(),
        heading("Why foundation models matter"),
        bullets(
            "<p><b>Efficiency</b> — a single pre-trained model can sit underneath hundreds of "
            "different products.</p>",
            "<p><b>Emergent capabilities</b> — training at scale produces abilities that no "
            "one explicitly programmed.</p>",
            "<p><b>Democratization</b> — open models such as LLaMA and Mistral put advanced "
            "AI within reach of small teams and researchers.</p>",
            "<p><b>Less data needed</b> — adapting an existing model takes far fewer "
            "examples than training a new one from nothing.</p>",
        ),
        heading("Foundation models vs task-specific models"),
        paragraph(
            "<p>Before foundation models, the usual approach was one model per problem. "
            "Here is how the two approaches compare, aspect by aspect:</p>"
        ),
        *foundation_vs_task_specific_table(),
        heading("Challenges"),
        bullets(
            "<p><b>Computational cost</b> — a training run can keep thousands of GPUs busy "
            "for months.</p>",
            "<p><b>Data quality</b> — a model can only be as good as the data it learned from.</p>",
            "<p><b>Bias propagation</b> — biases in the training data are inherited by every "
            "application built on the model.</p>",
            "<p><b>Opacity</b> — it is hard to explain why a model gave one particular answer.</p>",
            "<p><b>Concentration of power</b> — only a few organisations can afford to train "
            "models of this size.</p>",
        ),
        heading("Foundation models in the AsterMind ecosystem"),
        paragraph(
            "<p>AsterMind uses foundation models where they are strongest, such as "
            "understanding natural language in the Cybernetic Chatbot. Where they are "
            "impractical — real-time classification, learning on the device itself and "
            "hardware with tight limits on memory and power — it relies on extreme learning "
            "machines (ELMs), which are small and fast enough to run at the edge.</p>"
        ),
        callout(
            "<p>Big models for broad understanding, small models for fast decisions close to "
            "the data.</p>",
            title="In short",
            tone="tip",
        ),
    ]


def extreme_learning_machines_body():
    return [
        paragraph(
            "<p>An extreme learning machine (ELM) is a neural network with a single hidden "
            "layer that is trained in an unusual way: the hidden layer is never trained at "
            "all. Its weights and biases are drawn at random and then frozen. Only the "
            "connections from the hidden layer to the output are learned.</p>"
        ),
        paragraph(
            "<p>The idea was popularised by Guang-Bin Huang and colleagues in the mid-2000s. "
            "Because the hidden layer is fixed, finding the output weights becomes a linear "
            "least-squares problem that can be solved in one step, typically with the "
            "Moore–Penrose pseudoinverse, instead of many rounds of gradient descent.</p>"
        ),
        heading("How training works"),
        numbered(
            "<p>Choose the number of hidden neurons and an activation function, such as a "
            "sigmoid.</p>",
            "<p>Assign random input weights and biases to the hidden neurons and keep them "
            "fixed.</p>",
            "<p>Pass the training inputs through the hidden layer to get a matrix of hidden "
            "activations.</p>",
            "<p>Solve for the output weights that best map those activations to the targets, "
            "usually with a little regularisation to keep the solution stable.</p>",
        ),
        paragraph(
            "<p>Training often finishes in milliseconds to seconds, which makes ELMs "
            "attractive where compute is scarce or where a model has to be refreshed "
            "frequently. Online variants such as OS-ELM update the output weights as new "
            "data arrives, without retraining from scratch.</p>"
        ),
        paragraph(
            "<p>The trade-offs are real. Random hidden weights mean results vary from run to "
            "run, and ELMs may need many hidden neurons to match the accuracy of a "
            "carefully trained network. They suit small, well-defined problems — "
            "classification and regression on sensor or tabular data — rather than the open-"
            "ended tasks foundation models handle.</p>"
        ),
    ]


def fine_tuning_vs_prompting_body():
    return [
        paragraph(
            "<p>Once you have a capable pre-trained model, there are two main ways to make "
            "it do your particular job: change what you ask it, or change the model itself. "
            "The first is prompting; the second is fine-tuning.</p>"
        ),
        paragraph(
            "<p><b>Prompting</b> leaves the model's weights untouched. You describe the task "
            "in the input, perhaps with a few worked examples (few-shot prompting), and the "
            "model follows along. It is quick to try, costs nothing to train and is easy to "
            "change, but every request carries the instructions and examples with it, and "
            "there is a limit to how much behaviour a prompt can reliably pin down.</p>"
        ),
        paragraph(
            "<p><b>Fine-tuning</b> continues training on examples from your task, so the "
            "behaviour is built into the weights. It can teach a consistent style, format or "
            "specialised vocabulary, and it can let a smaller model do what would otherwise "
            "need a larger one. Parameter-efficient methods such as LoRA train only small "
            "added matrices, which cuts the memory and storage needed.</p>"
        ),
        heading("Choosing between them"),
        bullets(
            "<p>Start with prompting: it shows quickly whether the model can do the task at "
            "all.</p>",
            "<p>Consider fine-tuning when you have hundreds or more good examples and need "
            "consistent output that prompts cannot reliably produce.</p>",
            "<p>If the problem is missing or changing knowledge rather than behaviour, "
            "retrieval usually helps more than either.</p>",
        ),
        paragraph(
            "<p>The two are not exclusive. Many production systems fine-tune a model for "
            "format and tone, then prompt it with task details and retrieved context at run "
            "time.</p>"
        ),
    ]


def retrieval_augmented_generation_body():
    return [
        paragraph(
            "<p>A language model only knows what was in its training data, and that "
            "knowledge stops at a cut-off date. Retrieval-augmented generation (RAG) gives "
            "the model a way to look things up: before answering, the system fetches "
            "relevant passages from a document collection and hands them to the model along "
            "with the question.</p>"
        ),
        paragraph(
            "<p>The term comes from a 2020 paper by Patrick Lewis and colleagues at Facebook "
            "AI Research. Today it describes a broad family of systems that pair a retriever "
            "with a generator.</p>"
        ),
        heading("The usual pipeline"),
        numbered(
            "<p>Split the source documents into chunks of a few paragraphs.</p>",
            "<p>Turn each chunk into an embedding — a vector that captures its meaning — and "
            "store the vectors in a search index.</p>",
            "<p>When a question arrives, embed it the same way and retrieve the chunks whose "
            "vectors are closest.</p>",
            "<p>Put those chunks into the prompt and ask the model to answer from them, "
            "citing the sources it used.</p>",
        ),
        paragraph(
            "<p>RAG keeps answers current without retraining: update the documents and the "
            "next answer reflects them. It also makes answers checkable, because each one "
            "can point back to its sources, and it tends to reduce confident but invented "
            "statements.</p>"
        ),
        callout(
            "<p>A RAG system is only as good as its retrieval. If the right passage is not "
            "found, the model cannot use it — so chunking, embeddings and ranking deserve as "
            "much attention as the prompt.</p>",
            title="Watch the retriever",
            tone="warning",
        ),
    ]


def on_device_learning_body():
    return [
        paragraph(
            "<p>Most AI models are trained in data centres and then shipped to devices that "
            "only run them. On-device learning goes a step further: the phone, sensor or "
            "controller keeps learning from the data it sees, without sending that data "
            "anywhere.</p>"
        ),
        paragraph(
            "<p>Learning where the data is created has clear benefits. Private data stays on "
            "the device, the model adapts to its own user or machine, decisions arrive "
            "without a round trip to the cloud, and everything keeps working offline.</p>"
        ),
        heading("The constraints"),
        bullets(
            "<p><b>Memory</b> — microcontrollers may have only kilobytes of RAM, far too "
            "little for backpropagation through a large network.</p>",
            "<p><b>Compute and energy</b> — training must not drain a battery or delay the "
            "device's real work.</p>",
            "<p><b>Stability</b> — a model that learns from a stream of data must not forget "
            "what it already knew or drift on noisy input.</p>",
        ),
        paragraph(
            "<p>Practical systems work around these limits: they compress models through "
            "quantisation and pruning, update only the last layer, or use models whose "
            "training is cheap by design, such as extreme learning machines.</p>"
        ),
        paragraph(
            "<p>Federated learning is a related idea: many devices each train on their own "
            "data and share only model updates, which a server combines into a better shared "
            "model. On-device learning can stand alone, though — one device, learning for "
            "itself.</p>"
        ),
    ]


ARTICLES = [
    {
        "slug": "extreme-learning-machines",
        "section": "core-concepts",
        "title": "Extreme Learning Machines, Explained",
        "standfirst": (
            "Why a neural network with a random, untrained hidden layer can learn in "
            "milliseconds, and where that makes sense."
        ),
        "tags": ["fundamentals", "edge-ai"],
        "first_published": date(2025, 10, 6),
        "last_reviewed": date(2026, 9, 14),
        "body": extreme_learning_machines_body,
        "further_reading": [],
    },
    {
        "slug": "fine-tuning-vs-prompting",
        "section": "techniques",
        "title": "Fine-Tuning vs Prompting",
        "standfirst": (
            "Two ways to make a pre-trained model do your job: change the question or change "
            "the model. When to reach for each."
        ),
        "tags": ["techniques", "llms"],
        "first_published": date(2025, 11, 3),
        "last_reviewed": date(2026, 9, 14),
        "body": fine_tuning_vs_prompting_body,
        "further_reading": [],
    },
    {
        "slug": "retrieval-augmented-generation",
        "section": "techniques",
        "title": "What Is Retrieval-Augmented Generation?",
        "standfirst": (
            "How letting a language model look things up before it answers keeps it current "
            "and makes its answers checkable."
        ),
        "tags": ["techniques", "llms"],
        "first_published": date(2025, 12, 8),
        "last_reviewed": date(2026, 10, 5),
        "body": retrieval_augmented_generation_body,
        "further_reading": [
            ("article", "fine-tuning-vs-prompting", "Prompting or more training: which to choose."),
        ],
    },
    {
        "slug": "on-device-learning",
        "section": "edge-ai",
        "title": "On-Device Learning",
        "standfirst": (
            "What it takes for a phone, sensor or controller to keep learning from its own "
            "data, without sending that data away."
        ),
        "tags": ["edge-ai"],
        "first_published": date(2026, 1, 12),
        "last_reviewed": date(2026, 10, 5),
        "body": on_device_learning_body,
        "further_reading": [
            ("article", "extreme-learning-machines", "A model family that trains cheaply."),
        ],
    },
    # The seed comes last so the articles it links to already exist when it is loaded.
    {
        "slug": SEED_SLUG,
        "section": "core-concepts",
        "title": "What Is a Foundation Model?",
        "standfirst": (
            "What makes a model a foundation model, how it is trained and adapted, which "
            "models lead the field, and where smaller models still win."
        ),
        "tags": ["fundamentals"],
        "first_published": date(2025, 9, 15),
        "last_reviewed": date(2026, 10, 5),
        "body": foundation_model_body,
        "further_reading": [
            ("article", "fine-tuning-vs-prompting", "Two ways to adapt a pre-trained model."),
            ("article", "retrieval-augmented-generation", "Grounding answers in documents."),
            ("article", "extreme-learning-machines", "The small, fast models AsterMind uses."),
            ("article", "on-device-learning", "Learning at the edge, on the device itself."),
            (
                "link",
                "https://arxiv.org/abs/2108.07258",
                "On the Opportunities and Risks of Foundation Models",
                "The 2021 Stanford CRFM report that introduced the term.",
            ),
        ],
    },
]
