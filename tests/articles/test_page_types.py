"""Wagtail page tests in the style of Wagtail's own testing docs."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.models import ArticlePage, HomePage, SectionPage
from tests.factories import ArticlePageFactory, AuthorFactory, SectionPageFactory, make_site_tree


def article_form_data(title, slug, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "standfirst": "A sentence on what the reader learns.",
            "first_published": "2026-11-01",
            "tags": "",
            "body": streamfield([("paragraph", rich_text("<p>Body text.</p>"))]),
            "further_reading": streamfield([]),
            **extra,
        }
    )


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_tree()
        cls.section = SectionPageFactory(parent=cls.home, title="Core Concepts")
        cls.article = ArticlePageFactory(parent=cls.section, title="What Is a Foundation Model?")

    def setUp(self):
        # WagtailTestUtils' own sign-in: a superuser, as in Wagtail's testing docs.
        self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {SectionPage})
        self.assertAllowedParentPageTypes(SectionPage, {HomePage})
        self.assertAllowedSubpageTypes(SectionPage, {ArticlePage})
        self.assertAllowedParentPageTypes(ArticlePage, {SectionPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)

    def test_every_page_type_is_routable_renderable_editable_previewable(self):
        # StreamFields are drawn by JavaScript, so the edit form's HTML cannot be replayed
        # for the article; it gets explicit form data instead.
        article_data = article_form_data(self.article.title, self.article.slug)
        for page, post_data in (
            (self.home, None),
            (self.section, None),
            (self.article, article_data),
        ):
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=post_data)
                self.assertPageIsPreviewable(page, post_data=post_data)

    def test_editor_can_create_article_with_real_blocks(self):
        author = AuthorFactory(name="AsterMind Team", slug="astermind-team")
        data = nested_form_data(
            {
                "title": "Fine-Tuning vs Prompting",
                "slug": "fine-tuning-vs-prompting",
                "standfirst": "Two ways to adapt a model, and when each pays off.",
                "first_published": "2026-11-01",
                "author": author.pk,
                "tags": "fundamentals, techniques",
                "body": streamfield(
                    [
                        ("heading", {"heading": "Two routes", "level": "h2", "anchor": ""}),
                        ("paragraph", rich_text("<p>Prompting changes the input only.</p>")),
                        (
                            "list",
                            {
                                "style": "bulleted",
                                "items": streamfield(
                                    [("item", rich_text("<p>Fine-tuning changes weights.</p>"))]
                                ),
                            },
                        ),
                        (
                            "callout",
                            {
                                "tone": "tip",
                                "title": "Rule of thumb",
                                "text": rich_text("<p>Try prompting first.</p>"),
                            },
                        ),
                        ("quote", {"quote": "Adapt, don't rebuild.", "attribution": "Us"}),
                    ]
                ),
                "further_reading": streamfield(
                    [("article", {"page": self.article.pk, "note": "Start here"})]
                ),
            }
        )
        self.assertCanCreate(self.section, ArticlePage, data)
        created = ArticlePage.objects.get(slug="fine-tuning-vs-prompting")
        self.assertTrue(created.live)
        self.assertEqual(
            [b.block_type for b in created.body],
            ["heading", "paragraph", "list", "callout", "quote"],
        )
        self.assertEqual(sorted(t.name for t in created.tags.all()), ["Fundamentals", "Techniques"])
        response = self.client.get(created.url)
        self.assertContains(response, 'id="two-routes"')
        self.assertContains(response, "Fine-tuning changes weights.")
        self.assertContains(response, "What Is a Foundation Model?")

    def test_draft_and_revert(self):
        article = self.article
        original_title = article.title
        article.save_revision().publish()
        article.title = "A draft title"
        article.save_revision()
        self.assertEqual(self.client.get(article.url).status_code, 200)
        self.assertNotContains(self.client.get(article.url), "A draft title")
        first = article.revisions.order_by("created_at", "pk").first()
        first.publish()
        article.refresh_from_db()
        self.assertEqual(article.title, original_title)


class SchedulingTests(WagtailPageTestCase):
    def test_scheduled_article_goes_live_when_its_time_comes(self):
        from datetime import timedelta

        from django.core.management import call_command
        from django.utils import timezone

        home = make_site_tree()
        section = SectionPageFactory(parent=home, title="Techniques")
        article = ArticlePageFactory(parent=section, title="Coming soon", live=False)
        self.assertFalse(article.live)
        go_live = timezone.now() + timedelta(hours=2)
        article.go_live_at = go_live
        article.save_revision().publish()
        article.refresh_from_db()
        self.assertFalse(article.live)
        self.assertEqual(self.client.get("/techniques/coming-soon/").status_code, 404)

        # Let the clock "pass" the go-live time: move it into the past in the stored revision.
        past = timezone.now() - timedelta(minutes=1)
        revision = article.revisions.get(approved_go_live_at__isnull=False)
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
        call_command("publish_scheduled")
        article.refresh_from_db()
        self.assertTrue(article.live)
        self.assertEqual(self.client.get("/techniques/coming-soon/").status_code, 200)
