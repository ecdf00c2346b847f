"""Page models of the reading site: home, sections and articles (the author snippet and the
site settings live in authors.py and settings.py)."""

import functools
import re
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from astermind_site.languages import in_active_language
from pagecache import versioned

from ..api_fields import AuthorField, TagSlugsField
from ..blocks import ArticleBodyBlock, FurtherReadingBlock
from ..exports import TableExportsMixin
from ..forms import ArticlePageForm
from ..reading import reading_minutes, table_of_contents
from ..sharing import share_rendition
from ..structured_data import article_json_ld, breadcrumb_json_ld
from .authors import Author
from .images import optional_image
from .latest import home_latest_key, latest_by_section
from .paging import page_of_listing, paginate
from .routing import (
    ActiveLocaleRootMixin,
    OneQueryViewRestrictionsMixin,
    TypedChildRouteMixin,
    routed_ancestors,
)
from .settings import SiteSettings

# The home page lists each section's newest articles (a featured one is left out there).
LATEST_PER_SECTION = 3


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


def live_articles():
    """Published, public articles in the request's language with what every listing shows,
    newest first."""
    return (
        in_active_language(ArticlePage.objects.live())
        .public()
        .select_related("author", "lead_image")
        .prefetch_related("tags")
        .order_by("-first_published", "-pk")
    )


class HomePage(ActiveLocaleRootMixin, OneQueryViewRestrictionsMixin, TypedChildRouteMixin, Page):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured_articles", label="Featured articles", max_num=6),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.SectionPage"]
    # One home page per language: the English one and its translations.
    max_count = len(settings.WAGTAIL_CONTENT_LANGUAGES)

    def child_queryset(self):
        return SectionPage.objects.all()

    def get_context(self, request, *args, **kwargs):
        """The listing is read only when the template renders it: home_page.html keeps
        what it shows once per site version ({% keep %}), so most requests never do."""
        context = super().get_context(request, *args, **kwargs)
        listing = functools.cache(self.listing)
        context["featured"] = SimpleLazyObject(lambda: listing()[0])
        # Not "sections": base.html's navigation sets that name for the cards' kickers.
        context["home_sections"] = SimpleLazyObject(lambda: listing()[1])
        return context

    def listing(self):
        """(featured articles, live public sections each with its .latest articles)"""
        featured = [
            f.article
            for f in self.featured_articles.select_related(
                "article", "article__author", "article__lead_image"
            )
            if f.article
        ]
        featured = [a for a in self.in_own_language(featured) if a.live]
        sections = list(SectionPage.objects.child_of(self).live().public())
        latest = latest_by_section(
            ArticlePage.objects.all(), sections, LATEST_PER_SECTION, home_latest_key(self)
        )
        for section in sections:
            section.latest = latest[section.pk]
        return featured, sections

    def in_own_language(self, articles):
        """Each featured article in this home page's language where a live translation
        exists. A translated home keeps the English page's featured list (wagtail-localize
        copies it as it is: the rows are not translatable), so the German home would
        otherwise lead with English articles. One query, and none in the default language."""
        foreign = [a.translation_key for a in articles if a.locale_id != self.locale_id]
        if not foreign:
            return articles
        translated = {
            a.translation_key: a
            for a in ArticlePage.objects.live()
            .filter(translation_key__in=foreign, locale_id=self.locale_id)
            .select_related("author", "lead_image")
        }
        return [translated.get(a.translation_key, a) for a in articles]


class HomeFeaturedArticle(Orderable):
    home = ParentalKey(HomePage, related_name="featured_articles", on_delete=models.CASCADE)
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("article")]


class SectionPage(OneQueryViewRestrictionsMixin, TypedChildRouteMixin, Page):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    def child_queryset(self):
        # The author's name and kind are all an article shows of its author.
        # Its tags too: the page shows them, and routing keeps the article per site version.
        return (
            ArticlePage.objects.select_related("author", "lead_image")
            .defer("author__bio")
            .prefetch_related("tags")
        )

    def articles(self, tag_slug=None):
        articles = live_articles().child_of(self)
        if tag_slug:
            articles = articles.filter(tags__slug=tag_slug)
        return articles

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag_slug = request.GET.get("tag", "")[:100] or None
        context["active_tag"] = tag_slug
        context["section_tags"] = versioned.cached(
            request, versioned.fragment_name(request, "section-tags", [self.pk]), self.listed_tags
        )
        articles = self.articles(tag_slug)
        if tag_slug is None or tag_slug in {tag.slug for tag in context["section_tags"]}:
            context["articles"] = page_of_listing(request, articles, "section", [self.pk, tag_slug])
        else:  # a tag no article here carries: nothing to keep for it
            context["articles"] = paginate(articles, request.GET.get("page"))
        return context

    def listed_tags(self):
        """The tags of this section's live, public articles, by name."""
        return list(
            ArticleTag.tag_model()
            .objects.filter(articles_articletag_items__content_object__in=self.articles())
            .distinct()
            .order_by("name")
        )


class ArticlePage(OneQueryViewRestrictionsMixin, TableExportsMixin, Page):
    standfirst = models.TextField(
        max_length=400, help_text="One or two sentences that say what the reader will learn."
    )
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    body = StreamField(ArticleBodyBlock())
    further_reading = StreamField(FurtherReadingBlock(), blank=True)
    first_published = models.DateField(default=date.today)
    last_reviewed = models.DateField(null=True, blank=True)
    lead_image = optional_image(
        "Shown under the headline and on article cards, cropped to 16:9 around the "
        "image's focal point. Its description is the alt text."
    )
    lead_image_caption = models.CharField(
        max_length=250, blank=True, help_text="Optional: what the image shows, or its credit."
    )
    social_image = optional_image(
        "Only if links to this article should show another image than the lead "
        "image (cropped to 1200×630)."
    )

    base_form_class = ArticlePageForm
    # Everything an editor sets for an article is on the first tab, in reading order; the
    # Promote tab keeps only what concerns search results and sharing.
    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldPanel("tags"),
                FieldPanel("first_published"),
                FieldPanel("last_reviewed"),
            ],
            heading="Byline, tags and dates",
        ),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption")],
            heading="Lead image",
        ),
        FieldPanel("body"),
        FieldPanel("further_reading"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("first_published"),
    ]
    # What /api/v2/pages/<id>/ shows of an article (endpoints: articles/api_pages.py).
    api_fields = [
        APIField("standfirst"),
        APIField("author", serializer=AuthorField()),
        APIField("tags", serializer=TagSlugsField()),
        APIField("first_published"),
        APIField("last_reviewed"),
        APIField("lead_image"),
        APIField("lead_image_caption"),
        APIField("body"),
        APIField("further_reading"),
    ]

    parent_page_types = ["articles.SectionPage"]
    subpage_types = []

    class Meta:
        ordering = ["-first_published"]
        # Newest first, as every listing and the home page's sections read them: read
        # backwards, the index gives a section's newest without sorting all its articles.
        indexes = [models.Index(fields=["first_published", "page_ptr"], name="article_newest")]

    @property
    def reading_minutes(self):
        return reading_minutes(self.body.raw_data, self.standfirst)

    @property
    def table_of_contents(self):
        return table_of_contents(self.body.raw_data)

    def plain_standfirst(self):
        return re.sub(r"\s+", " ", strip_tags(self.standfirst)).strip()

    def get_context(self, request, *args, **kwargs):
        """What the template shows besides the page, each read only when the template asks
        for it: article_page.html keeps its head, meta and content once per site version
        ({% keep %}), so most requests never compute them (callables, as the template
        language calls them when it resolves them)."""
        context = super().get_context(request, *args, **kwargs)
        tags = functools.cache(lambda: list(self.tags.all()))
        site_settings = functools.cache(lambda: SiteSettings.for_request(request))
        share_image = functools.cache(lambda: share_rendition(self, site_settings(), request))
        breadcrumbs = functools.cache(self.breadcrumbs)

        def structured_data():
            site_name = site_settings().site_name
            return [
                article_json_ld(self, request, site_name, tags(), share_image()),
                breadcrumb_json_ld([*breadcrumbs(), self], request),
            ]

        context.update(
            breadcrumbs=breadcrumbs,
            article_tags=tags,
            share_image=share_image,
            structured_data=structured_data,
        )
        return context

    def breadcrumbs(self):
        """The pages routing passed through, or plain (not specific) ancestors: a title and
        a URL are all a breadcrumb needs."""
        trail = routed_ancestors(self)
        return trail if trail is not None else [p for p in self.get_ancestors() if p.depth > 1]
