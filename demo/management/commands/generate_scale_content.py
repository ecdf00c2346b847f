"""Bench and development only: thousands of articles and foundation models, in bulk.

    manage.py generate_scale_content --articles 10000 --models 1000

Adds live articles spread over the existing sections (run ``load_demo_content`` first), each
with an author, two tags and a short body of varied words, and published foundation models
with a developer, a modality and a source, then indexes the articles for search. Made for
bench/scale.py, which measures what the site costs at that size.

Creating 10,000 pages through ``add_child`` and ``publish`` takes about an hour (a revision,
a tree update and signals per page); here each table gets bulk inserts instead, a few
thousand rows a statement. Treebeard's materialised path is worked out the way
``MP_Node.add_child`` does it (the next step after the parent's last child), and the parent's
``numchild`` is raised once per section. An ArticlePage is two rows (Wagtail's ``Page`` and
ours, multi-table inheritance), which ``bulk_create`` refuses, so the page rows go in first
and the article rows after them with their primary keys. No revisions are written: every
page is live as created, as one loaded from a fixture would be. Nothing here is purged or
sent to a proxy: it is meant for an empty bench database, not a running site, and refuses
to run under the production settings.
"""

import random
import time
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from articles.models import ArticlePage, ArticleTag, Author, SectionPage
from directory.models import FoundationModel, FoundationModelSource, Modality, Organisation

BATCH = 1000
TOPICS = 20
# Words for titles and bodies, so search has something to rank and no two bodies are alike.
VOCABULARY = (
    "attention transformer embedding token gradient dataset benchmark inference latency "
    "quantisation distillation alignment evaluation retrieval context window parameter "
    "training corpus tokenizer decoder encoder sampling temperature reasoning agent memory "
    "vision speech multimodal fine-tuning adapter sparse mixture expert scaling law compute "
    "hardware accelerator energy privacy safety robustness bias fairness licence weights"
).split()


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--models", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=19)
        parser.add_argument(
            "--no-search-index", action="store_true", help="skip indexing the new articles"
        )

    def handle(self, *args, **options):
        if str(settings.SETTINGS_MODULE).endswith(".production"):
            raise CommandError("generate_scale_content is for bench and development databases")
        sections = list(SectionPage.objects.live().order_by("path"))
        if not sections:
            raise CommandError("No live section to put articles in: run load_demo_content first")
        rng = random.Random(options["seed"])
        started = time.monotonic()
        with transaction.atomic():
            made_models = make_models(options["models"], rng)
            article_ids = make_articles(sections, options["articles"], rng)
        self.stdout.write(
            f"{len(article_ids)} articles and {made_models} models in "
            f"{time.monotonic() - started:.1f} s"
        )
        if not options["no_search_index"]:
            started = time.monotonic()
            index_articles(article_ids)
            self.stdout.write(f"search index: {time.monotonic() - started:.1f} s")
        if connection.vendor == "postgresql":
            # Fresh statistics, as after a restore: planned on the empty tables' numbers,
            # every join over 10,000 rows was a nested loop (tenfold slower at scale).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


def words(rng, count):
    return " ".join(rng.choice(VOCABULARY) for _ in range(count))


def next_steps(section):
    """The step numbers the section's next children take, as MP_Node.add_child would."""
    last = section.get_last_child()
    first = 1 if last is None else Page._str2int(last.path[-Page.steplen :]) + 1
    while True:
        yield first
        first += 1


def make_articles(sections, count, rng):
    """{new page ids}: `count` live articles, round-robin over the sections."""
    if count <= 0:
        return []
    ctype = ContentType.objects.get_for_model(ArticlePage)
    authors = list(Author.objects.values_list("pk", flat=True)) or [None]
    tags = [Tag.objects.get_or_create(slug="fundamentals", defaults={"name": "fundamentals"})[0]]
    for n in range(TOPICS):
        slug = f"scale-topic-{n}"
        tags.append(Tag.objects.get_or_create(slug=slug, defaults={"name": f"scale topic {n}"})[0])
    steps = {s.pk: next_steps(s) for s in sections}
    added = dict.fromkeys(steps, 0)
    now = timezone.now()
    stamp = uuid.uuid4().hex[:6]
    ids = []
    for start in range(0, count, BATCH):
        pages, extras = [], []
        for i in range(start, min(count, start + BATCH)):
            section = sections[i % len(sections)]
            title = f"{words(rng, 3).capitalize()} at scale {i}"
            slug = slugify(f"{title}-{stamp}")[:255]
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=ctype,
                    path=Page._get_path(section.path, section.depth + 1, next(steps[section.pk])),
                    depth=section.depth + 1,
                    numchild=0,
                    url_path=f"{section.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now - timedelta(minutes=i),
                    last_published_at=now - timedelta(minutes=i),
                    locale_id=section.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
            added[section.pk] += 1
            extras.append(i)
        Page.objects.bulk_create(pages)
        articles = [
            ArticlePage(
                page_ptr_id=page.pk,
                standfirst=f"What {words(rng, 6)} means for {words(rng, 2)}.",
                author_id=authors[i % len(authors)],
                body=[
                    ("paragraph", f"<p>{words(rng, 60)}</p>"),
                    ("paragraph", f"<p>{words(rng, 40)}</p>"),
                ],
                further_reading=[],
                first_published=date(2020, 1, 1) + timedelta(days=i % 2000),
            )
            for page, i in zip(pages, extras, strict=True)
        ]
        fields = ArticlePage._meta.local_concrete_fields
        ArticlePage._base_manager._insert(articles, fields=fields)
        ArticleTag.objects.bulk_create(
            ArticleTag(content_object_id=page.pk, tag=tag)
            for page, i in zip(pages, extras, strict=True)
            for tag in {tags[0] if i % 3 == 0 else tags[1 + i % TOPICS], tags[1 + i % TOPICS]}
        )
        ids.extend(page.pk for page in pages)
    for pk, n in added.items():
        Page.objects.filter(pk=pk).update(numchild=F("numchild") + n)
    return ids


def make_models(count, rng):
    if count <= 0:
        return 0
    developers = list(Organisation.objects.all())
    if not developers:
        developers = [Organisation.objects.create(name="Scale Lab", slug="scale-lab")]
    modalities = list(Modality.objects.all())
    now = timezone.now()
    stamp = uuid.uuid4().hex[:6]
    made = FoundationModel.objects.bulk_create(
        (
            FoundationModel(
                name=f"Scale model {i} {stamp}",
                slug=f"scale-model-{i}-{stamp}",
                developer=developers[i % len(developers)],
                min_parameters_billions=1 + i % 50,
                max_parameters_billions=1 + i % 50 + rng.randint(0, 500),
                release_date=date(2019, 1, 1) + timedelta(days=i % 2500),
                open_weights=bool(i % 2),
                licence="Apache-2.0" if i % 2 else "",
                as_of=date(2026, 11, 1),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
            for i in range(count)
        ),
        batch_size=BATCH,
    )
    if modalities:
        through = FoundationModel.modalities.through
        through.objects.bulk_create(
            (
                through(foundationmodel_id=m.pk, modality_id=modalities[i % len(modalities)].pk)
                for i, m in enumerate(made)
            ),
            batch_size=BATCH,
        )
    FoundationModelSource.objects.bulk_create(
        (
            FoundationModelSource(
                model=m,
                fact="parameters",
                url=f"https://example.org/scale/{m.slug}",
                title=f"Model card of {m.name}",
                sort_order=0,
            )
            for m in made
        ),
        batch_size=BATCH,
    )
    return len(made)


def index_articles(ids):
    backends = list(get_search_backends())
    for start in range(0, len(ids), BATCH):
        chunk = list(ArticlePage.objects.filter(pk__in=ids[start : start + BATCH]))
        for backend in backends:
            backend.add_bulk(ArticlePage, chunk)
