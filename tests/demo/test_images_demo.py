"""The demo images: files we drew ourselves, imported once, shown on home, cards and articles."""

import re

import pytest
from django.core.management import call_command
from PIL import Image as PillowImage
from wagtail.images.models import Image

from articles.models import ArticlePage, SiteSettings
from demo import artwork
from demo.loader import load_demo_data
from tests.demo.demo_files import assert_refused_naming_the_file, by_case

SEED = "what-is-a-foundation-model"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(db, media):
    call_command("load_demo_content", verbosity=0)
    return load_demo_data()


def test_every_demo_image_is_a_small_file_that_artwork_py_draws_again():
    content = load_demo_data()
    assert sorted(image["slug"] for image in content.images) == sorted(artwork.ARTWORK)
    for image in content.images:
        assert image["file"].stat().st_size < 150_000, image["slug"]
        assert len(image["alt"]) > 40, f"{image['slug']}: alt text should say what it shows"
        with PillowImage.open(image["file"]) as stored:
            assert stored.size == (artwork.WIDTH, artwork.HEIGHT)
            drawn = artwork.draw(image["slug"])
            assert stored.convert("RGB").tobytes() == drawn.convert("RGB").tobytes(), (
                f"{image['slug']}.png differs from what artwork.py draws; run "
                "`python -m demo.artwork`"
            )


def test_demo_images_are_imported_with_alt_text_and_focal_points(demo):
    images = {image.title: image for image in Image.objects.all()}
    assert len(images) == len(demo.images)
    for data in demo.images:
        image = images[data["title"]]
        assert image.description == data["alt"]
        assert image.collection.name == "Demo images"
        assert (image.width, image.height) == (1600, 900)
        point = data["focal_point"]
        assert (image.focal_point_x, image.focal_point_y) == (point["x"], point["y"])
    site_settings = SiteSettings.objects.get()
    assert site_settings.default_social_image.title == "AsterMind Learn"
    english = ArticlePage.objects.live().filter(locale__language_code="en-gb")
    leads = {page.slug: page.lead_image.title for page in english}
    assert leads == {data["article"]: data["title"] for data in demo.images if data["article"]}
    # The German translation of the seed article shows the same picture.
    german = ArticlePage.objects.live().get(slug="was-ist-ein-foundation-model")
    assert german.lead_image.title == "Foundation model strata"


def test_home_cards_and_the_seed_article_show_their_images(demo, client):
    home = client.get("/").content.decode()
    cards = re.findall(r'<article class="card[^"]*">.*?</article>', home, re.S)
    assert cards and all("<picture>" in card for card in cards)

    article = ArticlePage.objects.get(slug=SEED)
    html = client.get(article.url).content.decode()
    lead = next(data for data in demo.images if data["article"] == SEED)
    assert re.search(r'<img [^>]*alt="' + re.escape(lead["alt"]) + '"[^>]*class="lead-image"', html)
    assert f"<figcaption>{lead['caption']}</figcaption>" in html
    assert 'property="og:image:width" content="1200"' in html


def test_loading_again_adds_nothing_and_keeps_an_editors_image(demo):
    count = Image.objects.count()
    seed = ArticlePage.objects.get(slug=SEED)
    other = ArticlePage.objects.get(slug="on-device-learning")
    seed.lead_image = other.lead_image  # an editor's choice
    seed.save_revision().publish()
    other.lead_image = None  # and an article left without one
    other.save_revision().publish()
    revisions = seed.revisions.count()

    call_command("load_demo_content", verbosity=0)
    seed.refresh_from_db()
    other.refresh_from_db()
    assert Image.objects.count() == count
    assert seed.lead_image.title == "Learning on the device"
    assert seed.revisions.count() == revisions
    assert other.lead_image.title == "Learning on the device"  # filled in again

    call_command("load_demo_content", "--refresh", verbosity=0)
    seed.refresh_from_db()
    assert seed.lead_image.title == "Foundation model strata"
    assert Image.objects.count() == count


ELM = "extreme-learning-machines"
BROKEN = [  # (case, old text, new text, what the message says)
    ("missing file", 'slug = "two-routes"', 'slug = "two-roads"', "no file images/two-roads.png"),
    ("unknown article", '"on-device-learning"', '"on-device"', "no demo article 'on-device'"),
    ("focal point outside", "[800, 450, 420, 640]", "[2000, 450, 420, 640]", "outside the image"),
    ("focal point shape", "[800, 450, 420, 640]", "[800, 450]", r"\[x, y, width, height\]"),
    ("two leads", '"on-device-learning"', f'"{ELM}"', f"more than one lead image for {ELM}"),
    ("unknown default", '= "astermind-card"', '= "card"', "default_social_image 'card'"),
]


@pytest.mark.parametrize(("old", "new", "message"), by_case(BROKEN))
def test_a_mistake_in_images_toml_names_the_file_and_the_problem(demo_copy, old, new, message):
    assert_refused_naming_the_file(demo_copy, "images.toml", old, new, match=message)
