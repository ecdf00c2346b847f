"""Renditions are made by the worker, not by a reader's request (articles/renditions.py, tasks.py).

Publishing a page queues its renditions; the worker (django-tasks-db's own, tests/tasks.py)
makes them; the first request after that encodes nothing: no rendition row, no file. Each
test that says "nothing" has a twin showing the same request does encode without the worker.
"""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from wagtail.images import get_image_model
from wagtail_factories import ImageFactory

from articles import renditions
from articles.models import SiteSettings
from articles.tasks import make_image_renditions, make_page_renditions
from tests.factories import ArticlePageFactory
from tests.tasks import failed_tasks, queued, run_queued_tasks

Rendition = get_image_model().get_rendition_model()
TEMPLATES = "templates"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def small_picture(title):
    # Small, so encoding stays quick; Wagtail makes a rendition per spec all the same.
    return ImageFactory(title=title, file__width=320, file__height=180)


def rendition_files(media):
    folder = media / "images"
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


@pytest.fixture
def published_with_new_images(section, media):
    """An article published (as the admin's button does) with a new lead image and a new
    figure; returns it with the rendition count before anything ran."""
    lead, chart = small_picture("Lead"), small_picture("Chart")
    article = ArticlePageFactory(
        parent=section,
        slug="with-pictures",
        lead_image=lead,
        body=[
            ("paragraph", "<p>Before the figure.</p>"),
            ("image", {"image": {"image": chart, "alt_text": "Bars", "decorative": False}}),
        ],
    )
    article.save_revision().publish()
    return article


def test_publishing_queues_the_pages_renditions_for_the_worker(published_with_new_images):
    article = published_with_new_images
    assert queued(make_page_renditions) == [{"args": [article.pk], "kwargs": {}}]
    assert Rendition.objects.count() == 0  # nothing was encoded while publishing


def test_the_first_request_after_publishing_encodes_nothing(
    client, published_with_new_images, media
):
    article = published_with_new_images
    assert run_queued_tasks() == 1
    assert failed_tasks() == []
    made, files = Rendition.objects.count(), rendition_files(media)
    # Lead: 3 sizes x 3 formats (cards use 2 of those sizes); figure: 3 x 3; shared: 1.
    assert made == 19

    for url in (article.url, article.get_parent().url, "/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert 'type="image/avif"' in client.get(article.url).content.decode()
    assert Rendition.objects.count() == made
    assert rendition_files(media) == files


def test_without_the_worker_the_same_request_encodes(client, published_with_new_images, media):
    """The twin of the test above: what the worker spares the reader."""
    response = client.get(published_with_new_images.url)
    assert response.status_code == 200
    assert Rendition.objects.count() == 19
    assert len(rendition_files(media)) == 19


def test_a_saved_image_remakes_what_the_pages_showing_it_need(client, published_with_new_images):
    article = published_with_new_images
    run_queued_tasks()
    before = Rendition.objects.count()
    lead = article.lead_image
    lead.focal_point_x, lead.focal_point_y, lead.focal_point_width = 60, 40, 20
    lead.focal_point_height = 20
    lead.save()  # a new focal point: its 9 crops and the shared crop are made again
    assert queued(make_image_renditions) == [{"args": [lead.pk], "kwargs": {}}]
    run_queued_tasks()
    assert Rendition.objects.count() == before + 10
    client.get(article.url)
    assert Rendition.objects.count() == before + 10


def test_a_new_image_shown_nowhere_queues_nothing(media, db):
    small_picture("Unused")
    assert queued(make_image_renditions) == []


def test_the_site_default_sharing_image_gets_its_crop(section, media):
    image = small_picture("Card")
    site_settings = SiteSettings.for_site(section.get_site())
    site_settings.default_social_image = image
    site_settings.save()
    image.title = "Card, renamed"
    image.save()
    run_queued_tasks()
    assert list(Rendition.objects.values_list("filter_spec", flat=True)) == [
        "fill-1200x630-c100|format-jpeg"
    ]


def test_a_task_for_a_page_no_longer_live_does_nothing(published_with_new_images):
    published_with_new_images.unpublish()
    run_queued_tasks()
    assert failed_tasks() == []
    assert Rendition.objects.count() == 0


def test_the_templates_name_their_specs_and_never_write_them():
    """One list (renditions.py): a size written into a template again would be one the worker
    does not know about."""
    for name in ("includes/picture.html", "articles/blocks/video_embed.html"):
        text = open(f"{TEMPLATES}/{name}").read()
        for literal in ("fill-", "width-", "format-", "{% picture ", "{% image "):
            assert literal not in text, (name, literal)


def test_picture_of_draws_wagtails_picture_with_the_named_specs(media, db):
    image = small_picture("Named")
    html = Template('{% load picture_tags %}{% picture_of image "card" sizes="50vw" %}').render(
        Context({"image": image})
    )
    assert html.count("<source") == 2 and 'sizes="50vw"' in html
    assert sorted(Rendition.objects.values_list("filter_spec", flat=True)) == sorted(
        renditions.renditions_of("card")
    )
    assert len(renditions.renditions_of("card")) == 6


def test_an_unknown_rendition_name_fails_when_the_template_compiles():
    with pytest.raises(TemplateSyntaxError, match="no renditions named"):
        Template('{% load picture_tags %}{% picture_of image "poster" %}')
