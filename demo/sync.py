"""Builds the demo site in the database from the data `loader.py` read.

Idempotent: everything is matched by slug, and what already exists is left as it is, so
`make run` never undoes what an editor changed in the admin. With `refresh`, anything that
differs from the demo data is put back and published as a new revision (so the admin
history shows what the loader did); what already matches gets no new revision.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Page, Site

from articles.models import (
    ArticlePage,
    Author,
    HomeFeaturedArticle,
    HomePage,
    SectionPage,
    SiteSettings,
)
from articles.tags import tag_display_name
from astermind_site.site_url import apply_site_address

from .schema import DemoContentError
from .sync_facts import RegistrySync
from .sync_images import NO_LEAD_IMAGE, ImageSync

WELCOME_TITLE = "Welcome to your new Wagtail site!"
DEFAULT_HOSTNAME = "localhost"
DEFAULT_PORT = 80


def _without_block_ids(value):
    """Stream data minus the random block ids, so two loads of the same content compare equal."""
    if isinstance(value, dict):
        return {
            key: _without_block_ids(item)
            for key, item in value.items()
            if not (key == "id" and "type" in value)
        }
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    return value


def _snapshot(obj, field_names):
    """The comparable state of the named fields (and tags, if named) of a model instance."""
    state = {}
    for name in field_names:
        if name == "tags":
            state[name] = sorted(tag.name for tag in obj.tags.all())
            continue
        field = obj._meta.get_field(name)
        if isinstance(field, StreamField):
            state[name] = _without_block_ids(field.get_prep_value(getattr(obj, name)))
        elif field.is_relation:
            state[name] = getattr(obj, field.attname)
        else:
            state[name] = getattr(obj, name)
    return state


def _is_welcome_page(page):
    """Wagtail's placeholder from its initial migration: a plain Page with the stock title."""
    return (
        page.content_type_id == ContentType.objects.get_for_model(Page).pk
        and page.title == WELCOME_TITLE
    )


def _body_with_models(body, models):
    """The body's blocks with each model table's slugs replaced by registry entries."""
    return [
        (name, {**value, "models": [models[slug] for slug in value["models"]]})
        if name == "model_table"
        else (name, value)
        for name, value in body
    ]


def _further_reading(entries, articles):
    blocks = []
    for entry in entries:
        if entry["kind"] == "article":
            if entry["article"] not in articles:
                raise DemoContentError(
                    f"Further reading names '{entry['article']}' before it is loaded."
                )
            page = articles[entry["article"]]
            blocks.append(("article", {"page": page, "note": entry["note"]}))
        else:
            link = {key: entry[key] for key in ("url", "title", "note")}
            blocks.append(("link", link))
    return blocks


class DemoSync:
    """Applies the demo data and remembers what it created, updated or left unchanged."""

    def __init__(self, content, refresh=False):
        self.content = content
        self.refresh = refresh
        self.actions = []  # (verb, description)

    def note(self, verb, description):
        self.actions.append((verb, description))

    def count(self, verb):
        return sum(1 for action, _ in self.actions if action == verb)

    # Pages -------------------------------------------------------------------------------

    def sync_page(self, existing, parent, model, slug, values, tags=None, publish=True):
        """Create or update one page; publish a revision when it is new or has changed.

        Returns (page, changed, created) so a caller can defer publishing (the home page is
        published once its featured articles exist).
        """
        fields = [*values, *(["tags"] if tags is not None else [])]
        page = existing
        if page is None:
            page = model(slug=slug, live=False, **values)
            if tags is not None:
                page.tags.set(tags)
            parent.add_child(instance=page)
            log(instance=page, action="wagtail.create")
            changed, created = True, True
        elif not self.refresh:
            return page, False, False
        else:
            before = _snapshot(page, fields)
            for name, value in values.items():
                setattr(page, name, value)
            if tags is not None:
                page.tags.set(tags)
            changed, created = _snapshot(page, fields) != before, False
        if publish and changed:
            self.publish(page, created)
        return page, changed, created

    def publish(self, page, created):
        page.save_revision(log_action=True).publish()
        self.note("created" if created else "updated", f"page {page.url_path}")

    def home(self, root):
        data = self.content.home
        home = HomePage.objects.child_of(root).filter(slug=data["slug"]).first()
        if home is None:
            blocker = Page.objects.child_of(root).filter(slug=data["slug"]).first()
            if blocker is not None and not _is_welcome_page(blocker):
                raise DemoContentError(
                    f"A {blocker.specific_class.__name__} with slug '{data['slug']}' already "
                    "sits under the root; move or rename it before loading the demo content."
                )
            if blocker is not None:
                # Wagtail's welcome page holds the slug we need; it is deleted further on.
                Page.objects.filter(pk=blocker.pk).update(slug=f"wagtail-welcome-{blocker.pk}")
        values = {"title": data["title"], "intro": data["intro"]}
        return self.sync_page(home, root, HomePage, data["slug"], values, publish=False)

    def sections(self, home):
        sections = {}
        for data in self.content.sections:
            existing = SectionPage.objects.child_of(home).filter(slug=data["slug"]).first()
            values = {"title": data["title"], "intro": data["intro"]}
            sections[data["slug"]], _, _ = self.sync_page(
                existing, home, SectionPage, data["slug"], values
            )
        return sections

    def articles(self, home, sections, authors, models, leads):
        articles = {}
        for data in self.content.articles:
            # Matched anywhere under the home page, so an article an editor moved stays put.
            existing = ArticlePage.objects.descendant_of(home).filter(slug=data["slug"]).first()
            values = {
                "title": data["title"],
                "standfirst": data["standfirst"],
                "author": authors[data["author"]],
                "body": _body_with_models(data["body"], models),
                "further_reading": _further_reading(data["further_reading"], articles),
                "first_published": data["first_published"],
                "last_reviewed": data["last_reviewed"],
                **leads.get(data["slug"], NO_LEAD_IMAGE),
            }
            articles[data["slug"]], _, _ = self.sync_page(
                existing,
                sections[data["section"]],
                ArticlePage,
                data["slug"],
                values,
                # Named as the admin would name them, so a re-run finds them unchanged.
                tags=[tag_display_name(tag) for tag in data["tags"]],
            )
        return articles

    def feature(self, home, articles):
        """Add the featured articles the home page lacks; keep any an editor added."""
        featured = list(home.featured_articles.all())
        featured_ids = {entry.article_id for entry in featured}
        next_order = max((entry.sort_order or 0 for entry in featured), default=-1) + 1
        added = False
        for slug in self.content.home["featured"]:
            article = articles[slug]
            if article.pk not in featured_ids:
                home.featured_articles.add(
                    HomeFeaturedArticle(article=article, sort_order=next_order)
                )
                next_order += 1
                added = True
        return added

    # Snippets, site and settings --------------------------------------------------------------

    def author(self, data):
        author, created = Author.objects.get_or_create(slug=data["slug"], defaults=data)
        if created:
            self.note("created", f"author {author.name}")
            return author
        if not self.refresh:
            return author
        changed = [name for name, value in data.items() if getattr(author, name) != value]
        for name in changed:
            setattr(author, name, data[name])
        if changed:
            author.save(update_fields=changed)
            self.note("updated", f"author {author.name}")
        return author

    def site(self, home):
        site_name = self.content.home["title"]
        site = Site.objects.filter(is_default_site=True).first()
        created = False
        if site is None:
            site, created = Site.objects.get_or_create(
                hostname=DEFAULT_HOSTNAME,
                port=DEFAULT_PORT,
                defaults={"root_page": home, "site_name": site_name},
            )
            site.is_default_site = True
        changed = created or not site.is_default_site
        if site.root_page_id != home.pk:
            site.root_page = home
            changed = True
        if not site.site_name:
            site.site_name = site_name
            changed = True
        if apply_site_address(site):  # SITE_BASE_URL, while the address is the placeholder
            changed = True
        if changed:
            site.save()
            self.note("created" if created else "updated", f"site {site}")
        return site

    def site_settings(self, site):
        if SiteSettings.objects.filter(site=site).exists() and not self.refresh:
            return
        settings = SiteSettings.for_site(site)
        data = self.content.site_settings
        changed = [name for name, value in data.items() if getattr(settings, name) != value]
        for name in changed:
            setattr(settings, name, data[name])
        if changed:
            settings.save()
            self.note("updated", f"settings for {site}")

    def remove_welcome_pages(self, root, home):
        for page in Page.objects.child_of(root):
            if _is_welcome_page(page):
                # Deleting a page deletes any site rooted at it, so move those sites first.
                Site.objects.filter(root_page=page).update(root_page=home)
                title = page.title
                page.delete()
                self.note("deleted", f"page '{title}'")

    def run(self):
        """Apply everything; call inside a transaction so a failure leaves nothing half-built."""
        root = Page.get_first_root_node()
        if root is None:
            raise DemoContentError("The Wagtail tree has no root page; run `manage.py migrate`.")
        authors = {data["slug"]: self.author(data) for data in self.content.authors}
        home, home_changed, home_created = self.home(root)
        site = self.site(home)
        self.remove_welcome_pages(root, home)
        self.site_settings(site)
        sections = self.sections(home)
        # Before the articles: the seed's model table points at these entries.
        models = RegistrySync(self.content, self.refresh, self.note).run()
        images = ImageSync(self.content, self.refresh, self.note)
        leads = images.run()
        articles = self.articles(home, sections, authors, models, leads)
        images.fill_missing_leads(articles, leads, self.publish)
        images.default_social_image(site)
        if self.feature(home, articles) or home_changed:
            self.publish(home, home_created)
        return self
