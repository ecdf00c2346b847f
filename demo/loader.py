"""Reads the demo data files into plain values, and refuses any file it cannot read exactly.

`site.toml` holds the frame (home, sections, authors, site settings), `facts.toml` the fact
registry and its sources, and `articles/<slug>.md` one article each: TOML front matter between
`+++` lines, then a body in the convention of `body.py`. Every error names its file, so a typo
in the data reads as "this file, this key", not as a traceback from the database.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image

from articles.models import ArticlePage, AuthorKind

from .body import BodyError, parse_body
from .pictures import read_images
from .schema import KINDS, REQUIRED, DemoContentError, T, fields, read_text, read_toml, unique_slugs
from .tables import each_table, numbered, read_tables

DEMO_DIR = Path(__file__).resolve().parent
FRONT_MATTER = "+++"


@dataclass(frozen=True)
class DemoContent:
    home: dict
    sections: list
    authors: list
    site_settings: dict
    facts_checked: date
    sources_accessed: date
    organisations: list
    foundation_models: list
    articles: list  # in load order: an article comes after those its further reading names
    images: list = ()  # images.toml: files with alt text, focal point and the article they lead
    default_social_image: str | None = None  # an image slug


def read_site(path):
    """The frame of the site: home page, sections, authors and site settings."""
    data = fields(
        read_toml(path),
        path,
        home=("table", REQUIRED),
        sections=("tables", REQUIRED),
        authors=("tables", REQUIRED),
        site_settings=("table", REQUIRED),
    )
    home = fields(
        data["home"],
        f"{path}, [home]",
        slug=("text", REQUIRED),
        title=("text", REQUIRED),
        intro=("text", ""),
        featured=("texts", []),
    )
    sections = read_tables(
        data["sections"], f"{path}, [[sections]]", slug=T, title=T, intro=("text", "")
    )
    authors = [
        _author_kind(author, where)
        for where, author in each_table(data["authors"], f"{path}, [[authors]]", **AUTHOR)
    ]
    settings = fields(
        data["site_settings"],
        f"{path}, [site_settings]",
        site_name=T,
        tagline=("text", ""),
        footer_text=("text", ""),
    )
    unique_slugs(sections, path, "section")
    unique_slugs(authors, path, "author")
    return home, sections, authors, settings


AUTHOR = {
    "slug": T,
    "name": T,
    "kind": ("text", "organisation"),
    "role": ("text", ""),
    "bio": ("text", ""),
}
AUTHOR_KINDS = {"organisation": AuthorKind.ORGANISATION, "person": AuthorKind.PERSON}


def _author_kind(author, where):
    """The author with its kind as the model's choice (the file says organisation or person)."""
    if author["kind"] not in AUTHOR_KINDS:
        raise DemoContentError(f"{where}: 'kind' should be {' or '.join(AUTHOR_KINDS)}")
    author["kind"] = AUTHOR_KINDS[author["kind"]]
    return author


def image_size(path):
    with Image.open(path) as image:
        return image.size


FOUNDATION_MODEL = {
    "slug": T,
    "name": T,
    "developer": T,
    "modalities": ("texts", []),
    "parameter_status": T,
    "min_parameters_billions": ("number", None),
    "max_parameters_billions": ("number", None),
    "active_parameters_billions": ("number", None),
    "parameter_notation": ("text", ""),
    "release_date": ("date", None),
    "open_weights": ("flag", False),
    "licence": ("text", ""),
    # A model checked on another day than the file's `checked` says so itself.
    "checked": ("date", None),
    "sources_accessed": ("date", None),
    "sources": ("tables", []),
}


def read_facts(path):
    """The fact registry: organisations, foundation models with their sources, check dates."""
    data = fields(
        read_toml(path),
        path,
        checked=("date", REQUIRED),
        sources_accessed=("date", REQUIRED),
        organisations=("tables", REQUIRED),
        foundation_models=("tables", REQUIRED),
    )
    organisations = read_tables(
        data["organisations"], f"{path}, [[organisations]]", slug=T, name=T, website=("text", "")
    )
    developers = unique_slugs(organisations, path, "organisation")
    models = []
    for where, model in each_table(
        data["foundation_models"], f"{path}, [[foundation_models]]", **FOUNDATION_MODEL
    ):
        if model["developer"] not in developers:
            raise DemoContentError(f"{where}: developer '{model['developer']}' is not listed")
        model["sources"] = read_tables(
            model["sources"], f"{where}, source", fact=T, url=T, title=T, accessed=("date", None)
        )
        models.append(model)
    unique_slugs(models, path, "foundation model")
    return data["checked"], data["sources_accessed"], organisations, models


def split_front_matter(path, text):
    """(front matter, body, line number of the body's first line) of an article file."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        raise DemoContentError(f"{path}: must start with a {FRONT_MATTER} line (front matter)")
    try:
        end = next(n for n, line in enumerate(lines[1:], 1) if line.strip() == FRONT_MATTER)
    except StopIteration:
        raise DemoContentError(
            f"{path}: the front matter is never closed with {FRONT_MATTER}"
        ) from None
    try:
        front = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise DemoContentError(f"{path}: front matter is not valid TOML: {error}") from error
    return front, "\n".join(lines[end + 1 :]), end + 2


def read_article(path, block_names):
    """One article: its front matter checked, its body parsed into blocks."""
    front, body, first_line = split_front_matter(path, read_text(path))
    article = fields(
        front,
        f"{path}, front matter",
        slug=T,
        title=T,
        section=T,
        author=T,
        tags=("texts", []),
        standfirst=("text", ""),
        first_published=("date", REQUIRED),
        last_reviewed=("date", None),
        further_reading=("tables", []),
    )
    if article["slug"] != path.stem:
        raise DemoContentError(f"{path}: the file name must be the slug, {article['slug']}.md")
    article["further_reading"] = [
        _reading(entry, where)
        for where, entry in numbered(article["further_reading"], f"{path}, [[further_reading]]")
    ]
    try:
        article["body"] = parse_body(body)
    except BodyError as error:
        raise DemoContentError(
            f"{path}, line {first_line + error.line - 1}: {error.message}"
        ) from error
    for name, _ in article["body"]:
        if name not in block_names:
            raise DemoContentError(f"{path}: the body has no block called '{name}'")
    return article


def _reading(entry, where):
    """A further-reading entry: another demo article by slug, or an external link."""
    if type(entry) is dict and "article" in entry:
        return {"kind": "article", **fields(entry, where, article=T, note=("text", ""))}
    return {"kind": "link", **fields(entry, where, url=T, title=T, note=("text", ""))}


def _check_article_references(path, article, sections, authors, slugs, models):
    """Every slug an article names must exist in the demo data."""
    if article["section"] not in sections:
        raise DemoContentError(f"{path}: section '{article['section']}' is not in site.toml")
    if article["author"] not in authors:
        raise DemoContentError(f"{path}: author '{article['author']}' is not in site.toml")
    for entry in article["further_reading"]:
        if entry["kind"] == "article" and entry["article"] not in slugs:
            raise DemoContentError(
                f"{path}: further reading names no demo article '{entry['article']}'"
            )
    for name, value in article["body"]:
        if name != "model_table":
            continue
        named = value.get("models")
        if not KINDS["texts"][1](named):
            raise DemoContentError(f"{path}: a model_table's 'models' should be a list of slugs")
        unknown = [slug for slug in named if slug not in models]
        if unknown:
            raise DemoContentError(f"{path}: model_table names models not in facts.toml: {unknown}")


def in_load_order(articles):
    """The articles with each one after every article its further reading names."""
    by_slug = {article["slug"]: article for article in articles}
    ordered, placed = [], set()

    def place(slug, chain):
        if slug in placed:
            return
        if slug in chain:
            circle = " -> ".join([*chain[chain.index(slug) :], slug])
            raise DemoContentError(f"further reading goes round in a circle: {circle}")
        for entry in by_slug[slug]["further_reading"]:
            if entry["kind"] == "article":
                place(entry["article"], [*chain, slug])
        placed.add(slug)
        ordered.append(by_slug[slug])

    for article in articles:
        place(article["slug"], [])
    return ordered


def load_demo_data(directory=None):
    """Everything the demo site is built from, read and checked; nothing touches the database.

    `directory` defaults to the data shipped with the app, `DEMO_DIR`.
    """
    directory = Path(directory or DEMO_DIR)
    home, sections, authors, settings = read_site(directory / "site.toml")
    checked, accessed, organisations, models = read_facts(directory / "facts.toml")
    block_names = set(ArticlePage._meta.get_field("body").stream_block.child_blocks)
    paths = sorted((directory / "articles").glob("*.md"))
    if not paths:
        raise DemoContentError(f"{directory / 'articles'}: holds no article (*.md) files")
    articles = [read_article(path, block_names) for path in paths]
    slugs = unique_slugs(articles, directory / "articles", "article")
    section_slugs = {section["slug"] for section in sections}
    author_slugs = {author["slug"] for author in authors}
    model_slugs = {model["slug"] for model in models}
    for path, article in zip(paths, articles, strict=True):
        _check_article_references(path, article, section_slugs, author_slugs, slugs, model_slugs)
    missing = [slug for slug in home["featured"] if slug not in slugs]
    if missing:
        raise DemoContentError(f"{directory / 'site.toml'}: featured articles not found: {missing}")
    images, default_social_image = read_images(directory, slugs, image_size)
    return DemoContent(
        home=home,
        sections=sections,
        authors=authors,
        site_settings=settings,
        facts_checked=checked,
        sources_accessed=accessed,
        organisations=organisations,
        foundation_models=models,
        articles=in_load_order(articles),
        images=images,
        default_social_image=default_social_image,
    )
