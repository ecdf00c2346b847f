"""Factories for the page tree and snippets, shared by every test package."""

import factory
import wagtail_factories
from django.utils.text import slugify
from wagtail.models import Page, Site

from articles.models import ArticlePage, Author, HomePage, SectionPage


class SluggedFactory(factory.django.DjangoModelFactory):
    """A snippet found again by its slug, which follows its name unless a test gives one."""

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)

    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))


class AuthorFactory(SluggedFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "AsterMind Learn"
    intro = "Plain explanations of AI."


class SectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"Section {n}")
    intro = "Articles in this section."


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article {n}")
    standfirst = "What this article explains, in a sentence."
    author = factory.SubFactory(AuthorFactory)
    body = [
        ("heading", {"heading": "First part", "level": "h2", "anchor": ""}),
        ("paragraph", "<p>Some words about the first part.</p>"),
    ]


def make_site_tree():
    """A HomePage as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="home-test")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    return home
