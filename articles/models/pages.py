"""Page models, the author snippet and site-wide settings for the reading site."""

import re
from datetime import date

from django.core.paginator import Paginator
from django.db import models
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import ArticleBodyBlock, FurtherReadingBlock
from ..exports import TableExportsMixin
from ..reading import reading_minutes, table_of_contents
from .routing import OneQueryViewRestrictionsMixin, TypedChildRouteMixin, routed_ancestors

ARTICLES_PER_PAGE = 10


def paginate(object_list, page_number, per_page=ARTICLES_PER_PAGE):
    """A page of results; nonsense page numbers fall back to the first or last page."""
    return Paginator(object_list, per_page).get_page(page_number)


class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True)
    url = models.URLField("Profile link", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


def live_articles():
    """Published, public articles with what every listing shows, newest first."""
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("author")
        .prefetch_related("tags")
        .order_by("-first_published", "-pk")
    )


class HomePage(OneQueryViewRestrictionsMixin, TypedChildRouteMixin, Page):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured_articles", label="Featured articles", max_num=6),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.SectionPage"]
    max_count = 1

    def child_queryset(self):
        return SectionPage.objects.all()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = [
            f.article
            for f in self.featured_articles.select_related("article", "article__author")
            if f.article and f.article.live
        ]
        featured_ids = [a.pk for a in featured]
        context["featured"] = featured
        context["latest"] = live_articles().exclude(pk__in=featured_ids)[:6]
        context["sections"] = SectionPage.objects.child_of(self).live().public()
        return context


class HomeFeaturedArticle(Orderable):
    home = ParentalKey(HomePage, related_name="featured_articles", on_delete=models.CASCADE)
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("article")]


class SectionPage(OneQueryViewRestrictionsMixin, TypedChildRouteMixin, Page):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    def child_queryset(self):
        # The author's name is all an article shows of its author.
        return ArticlePage.objects.select_related("author").defer("author__bio")

    def articles(self, tag_slug=None):
        articles = live_articles().child_of(self)
        if tag_slug:
            articles = articles.filter(tags__slug=tag_slug)
        return articles

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag_slug = request.GET.get("tag", "")[:100] or None
        context["active_tag"] = tag_slug
        context["section_tags"] = (
            ArticleTag.tag_model()
            .objects.filter(articles_articletag_items__content_object__in=self.articles())
            .distinct()
            .order_by("name")
        )
        context["articles"] = paginate(self.articles(tag_slug), request.GET.get("page"))
        return context


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
    social_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("body"),
        FieldPanel("further_reading"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldPanel("tags"),
                FieldPanel("first_published"),
                FieldPanel("last_reviewed"),
                FieldPanel("social_image"),
            ],
            heading="Article details",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("first_published"),
    ]

    parent_page_types = ["articles.SectionPage"]
    subpage_types = []

    class Meta:
        ordering = ["-first_published"]

    @property
    def reading_minutes(self):
        return reading_minutes(self.body.raw_data, self.standfirst)

    @property
    def table_of_contents(self):
        return table_of_contents(self.body.raw_data)

    def plain_standfirst(self):
        return re.sub(r"\s+", " ", strip_tags(self.standfirst)).strip()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The pages routing passed through, or plain (not specific) ancestors: a title and
        # a URL are all a breadcrumb needs.
        breadcrumbs = routed_ancestors(self)
        if breadcrumbs is None:
            breadcrumbs = [p for p in self.get_ancestors() if p.depth > 1]
        tags = list(self.tags.all())
        site_name = SiteSettings.for_request(request).site_name
        context["breadcrumbs"] = breadcrumbs
        context["article_tags"] = tags
        context["structured_data"] = self.structured_data(request, breadcrumbs, site_name, tags)
        return context

    def structured_data(self, request, breadcrumbs, site_name, tags):
        """JSON-LD for the article and its breadcrumb trail."""
        url = self.get_full_url(request)
        author = {"@type": "Organization", "name": self.author.name} if self.author else None
        article = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.plain_standfirst(),
            "datePublished": self.first_published.isoformat(),
            "dateModified": (self.last_reviewed or self.first_published).isoformat(),
            "mainEntityOfPage": url,
            "url": url,
            "keywords": [t.name for t in tags],
            "publisher": {"@type": "Organization", "name": site_name},
        }
        if author:
            article["author"] = author
        trail = [*breadcrumbs, self]
        breadcrumb_list = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": i,
                    "name": p.title,
                    "item": p.get_full_url(request),
                }
                for i, p in enumerate(trail, start=1)
            ],
        }
        return [article, breadcrumb_list]


class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(max_length=80, default="AsterMind Learn")
    tagline = models.CharField(max_length=160, blank=True, default="AI, explained plainly.")
    default_social_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    footer_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("default_social_image"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "Site settings"
