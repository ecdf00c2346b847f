"""Lead images, figures and sharing images: what the HTML offers and which image it names."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from PIL import Image as PillowImage
from wagtail_factories import ImageFactory

from articles.models import AuthorKind, SiteSettings
from articles.sharing import SHARE_IMAGE_SPEC
from articles.structured_data import publisher_logo
from tests.factories import ArticlePageFactory, AuthorFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture(description, width=1600, height=900, **extra):
    """A Wagtail image large enough for every rendition the templates ask for."""
    return ImageFactory(
        title=description.split(":")[0],
        description=description,
        file__width=width,
        file__height=height,
        **extra,
    )


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes, the tags it sits in)."""

    VOID = {"img", "source", "meta", "link", "input", "br", "hr"}

    def __init__(self, html):
        super().__init__()
        self.found, self.open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs), [t for t, _ in self.open]))
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def within(self, tag, css_class):
        """Start tags inside the first `tag` element with `css_class`."""
        inside, depth = [], None
        for name, attrs, parents in self.found:
            if depth is not None and len(parents) > depth:
                inside.append((name, attrs))
            elif depth is not None:
                break
            if name == tag and css_class in attrs.get("class", "").split():
                depth = len(parents)
        return inside


def srcset_widths(srcset):
    return [int(item.rsplit(" ", 1)[1].rstrip("w")) for item in srcset.split(", ")]


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return match and match.group(1)


def json_ld(html, kind):
    for payload in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        for item in json.loads(payload) if payload.startswith("[") else [json.loads(payload)]:
            if item["@type"] == kind:
                return item
    return None


@pytest.mark.django_db
def test_lead_image_is_a_picture_in_avif_and_webp_with_a_jpeg_fallback(client, section, media):
    image = picture("Strata: coloured layers under rising threads")
    article = ArticlePageFactory(
        parent=section, lead_image=image, lead_image_caption="One base, many tasks."
    )
    html = client.get(article.url).content.decode()

    figure = Elements(html).within("figure", "lead-figure")
    sources = [attrs for tag, attrs in figure if tag == "source"]
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    for source in sources:
        assert srcset_widths(source["srcset"]) == [1200, 800, 480]
        assert source["sizes"].endswith("calc(100vw - 2rem)")
    [img] = [attrs for tag, attrs in figure if tag == "img"]
    # Width and height of the largest rendition: the browser reserves a 16:9 box at once.
    assert (img["width"], img["height"]) == ("1200", "675")
    assert img["src"].endswith(".jpg") and srcset_widths(img["srcset"]) == [1200, 800, 480]
    assert img["alt"] == "Strata: coloured layers under rising threads"
    assert img["fetchpriority"] == "high" and "loading" not in img
    assert img["class"] == "lead-image"
    assert "<figcaption>One base, many tasks.</figcaption>" in html
    # The AVIF source really is AVIF, cropped to the size it claims.
    rendition = image.get_rendition("fill-1200x675-c100|format-avif")
    with PillowImage.open(rendition.file.path) as stored:
        assert (stored.format, stored.size) == ("AVIF", (1200, 675))


@pytest.mark.django_db
def test_lead_crop_keeps_the_focal_point(media, tmp_path):
    # A tall image, blue above and red in its lowest quarter, its focal point in the red: the
    # 16:9 crop a lead image or card shows must come from the red part.
    drawn = PillowImage.new("RGB", (900, 1600), (0, 0, 255))
    drawn.paste((255, 0, 0), (0, 1200, 900, 1600))
    drawn.save(tmp_path / "tall.png")
    image = picture(
        "Tall: blue above red",
        file__from_path=str(tmp_path / "tall.png"),
        focal_point_x=450,
        focal_point_y=1400,
        focal_point_width=300,
        focal_point_height=300,
    )
    rendition = image.get_rendition("fill-800x450-c100")
    with PillowImage.open(rendition.file.path) as stored:
        assert stored.size == (800, 450)
        assert stored.convert("RGB").getpixel((400, 225)) == (255, 0, 0)


@pytest.mark.django_db
def test_article_without_lead_image_shows_no_picture(client, section, media):
    article = ArticlePageFactory(parent=section)
    html = client.get(article.url).content.decode()
    assert "<picture" not in html and "lead-figure" not in html


@pytest.mark.django_db
def test_figure_block_keeps_its_proportions_and_loads_lazily(client, section, media):
    image = picture("Chart: a chart", width=1600, height=1200)
    article = ArticlePageFactory(
        parent=section,
        body=[
            ("paragraph", "<p>Before the figure.</p>"),
            (
                "image",
                {
                    "image": {"image": image, "alt_text": "Bars by year", "decorative": False},
                    "caption": "Bars, by year.",
                },
            ),
        ],
    )
    html = client.get(article.url).content.decode()
    figure = Elements(html).within("figure", "figure")
    assert [a["type"] for t, a in figure if t == "source"] == ["image/avif", "image/webp"]
    [img] = [attrs for tag, attrs in figure if tag == "img"]
    assert (img["width"], img["height"]) == ("1200", "900")  # 4:3, as uploaded
    assert img["alt"] == "Bars by year"  # the block's own alt text, not the image's
    assert img["loading"] == "lazy" and "fetchpriority" not in img
    assert "<figcaption>Bars, by year.</figcaption>" in html


@pytest.mark.django_db
def test_sharing_image_is_the_social_image_else_the_lead_else_the_site_default(
    client, section, media
):
    lead = picture("Lead: the lead image")
    social = picture("Social: the social image")
    default = picture("Default: the site card")
    site_settings = SiteSettings.for_site(section.get_site())
    site_settings.default_social_image = default
    site_settings.save()
    article = ArticlePageFactory(parent=section, lead_image=lead, social_image=social)

    def shared():
        html = client.get(article.url).content.decode()
        assert meta(html, "og:image") == meta(html, "twitter:image")
        assert json_ld(html, "Article")["image"][0]["url"] == meta(html, "og:image")
        return meta(html, "og:image:alt"), html

    alt, html = shared()
    assert alt == "Social: the social image"
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:image") == "http://localhost" + social.get_rendition(SHARE_IMAGE_SPEC).url
    assert json_ld(html, "Article")["image"][0] | {"url": ""} == {
        "@type": "ImageObject",
        "url": "",
        "width": 1200,
        "height": 630,
    }

    article.social_image = None
    article.save()
    assert shared()[0] == "Lead: the lead image"
    article.lead_image = None
    article.save()
    assert shared()[0] == "Default: the site card"
    site_settings.default_social_image = None
    site_settings.save()
    html = client.get(article.url).content.decode()
    assert meta(html, "og:image") is None and meta(html, "twitter:image") is None
    assert meta(html, "twitter:card") == "summary"
    assert "image" not in json_ld(html, "Article")


@pytest.mark.django_db
def test_section_pages_share_the_site_default_image(client, section, media):
    site_settings = SiteSettings.for_site(section.get_site())
    site_settings.default_social_image = picture("Default: the site card")
    site_settings.save()
    html = client.get(section.url).content.decode()
    assert meta(html, "og:image:alt") == "Default: the site card"
    assert meta(html, "og:image:width") == "1200"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, schema_type", [(AuthorKind.ORGANISATION, "Organization"), (AuthorKind.PERSON, "Person")]
)
def test_json_ld_names_the_author_as_entered(client, section, kind, schema_type):
    author = AuthorFactory(name="Ada Writer", kind=kind, url="https://example.org/ada")
    article = ArticlePageFactory(parent=section, author=author)
    html = client.get(article.url).content.decode()
    assert json_ld(html, "Article")["author"] == {
        "@type": schema_type,
        "name": "Ada Writer",
        "url": "https://example.org/ada",
    }


@pytest.fixture
def static_dir(settings, tmp_path):
    """A static folder of our own, so the test decides which logo files exist."""
    folder = tmp_path / "static"
    (folder / "img").mkdir(parents=True)
    settings.STATICFILES_DIRS = [folder]
    publisher_logo.cache_clear()
    yield folder
    publisher_logo.cache_clear()


@pytest.mark.django_db
def test_publisher_logo_is_the_png_when_there_is_one_else_the_svg(client, section, static_dir):
    article = ArticlePageFactory(parent=section)

    def publisher():
        # A new logo arrives with a deploy, whose new static manifest gives new keys to what
        # is kept per site version (pagecache/versioned.py's code_version): cleared here.
        publisher_logo.cache_clear()
        cache.clear()
        return json_ld(client.get(article.url).content.decode(), "Article")["publisher"]

    assert "logo" not in publisher()
    (static_dir / "img" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert publisher()["logo"] == {
        "@type": "ImageObject",
        "url": "http://localhost/static/img/logo.svg",
    }
    PillowImage.new("RGB", (512, 512)).save(static_dir / "img" / "logo-512.png")
    assert publisher() == {
        "@type": "Organization",
        "name": "AsterMind Learn",
        "url": "http://localhost/",
        "logo": {
            "@type": "ImageObject",
            "url": "http://localhost/static/img/logo-512.png",
            "width": 512,
            "height": 512,
        },
    }
