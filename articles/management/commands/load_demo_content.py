"""Build the demo site: home page, sections, author, settings and published articles.

Idempotent: everything is matched by slug, and what already exists is left as it is, so
`make run` never undoes what an editor changed in the admin. With --refresh, anything that
differs from the demo data is put back and published as a new revision (so the admin
history shows what the loader did); what already matches gets no new revision.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Page, Site

from articles import demo_content
from articles.models import (
    ArticlePage,
    Author,
    FoundationModel,
    FoundationModelSource,
    HomeFeaturedArticle,
    HomePage,
    Modality,
    Organisation,
    SectionPage,
    SiteSettings,
)

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


class Loader:
    """Applies the demo data and remembers what it created, updated or left unchanged."""

    def __init__(self, refresh=False):
        self.refresh = refresh
        self.actions = []  # (verb, description)

    def note(self, verb, description):
        self.actions.append((verb, description))

    def count(self, verb):
        return sum(1 for action, _ in self.actions if action == verb)

    # Pages -------------------------------------------------------------------------------

    def sync_page(self, existing, parent, model, slug, values, tags=None, publish=True):
        """Create or update one page; publish a revision when it is new or has changed.

        Returns (page, needs_publish) so a caller can defer publishing (the home page is
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
        data = demo_content.HOME
        home = HomePage.objects.child_of(root).filter(slug=data["slug"]).first()
        if home is None:
            blocker = Page.objects.child_of(root).filter(slug=data["slug"]).first()
            if blocker is not None and not _is_welcome_page(blocker):
                raise CommandError(
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
        for data in demo_content.SECTIONS:
            existing = SectionPage.objects.child_of(home).filter(slug=data["slug"]).first()
            values = {"title": data["title"], "intro": data["intro"]}
            sections[data["slug"]], _, _ = self.sync_page(
                existing, home, SectionPage, data["slug"], values
            )
        return sections

    def articles(self, home, sections, author):
        articles = {}
        for data in demo_content.ARTICLES:
            # Matched anywhere under the home page, so an article an editor moved stays put.
            existing = ArticlePage.objects.descendant_of(home).filter(slug=data["slug"]).first()
            values = {
                "title": data["title"],
                "standfirst": data["standfirst"],
                "author": author,
                "body": data["body"](),
                "further_reading": self.further_reading(data["further_reading"], articles),
                "first_published": data["first_published"],
                "last_reviewed": data["last_reviewed"],
            }
            articles[data["slug"]], _, _ = self.sync_page(
                existing,
                sections[data["section"]],
                ArticlePage,
                data["slug"],
                values,
                tags=data["tags"],
            )
        return articles

    @staticmethod
    def further_reading(entries, articles):
        blocks = []
        for kind, *rest in entries:
            if kind == "article":
                slug, note = rest
                if slug not in articles:
                    raise CommandError(f"Further reading names '{slug}' before it is loaded.")
                blocks.append(("article", {"page": articles[slug], "note": note}))
            else:
                url, title, note = rest
                blocks.append(("link", {"url": url, "title": title, "note": note}))
        return blocks

    def feature(self, home, articles):
        """Add the featured articles the home page lacks; keep any an editor added."""
        featured = list(home.featured_articles.all())
        featured_ids = {entry.article_id for entry in featured}
        next_order = max((entry.sort_order or 0 for entry in featured), default=-1) + 1
        added = False
        for slug in demo_content.FEATURED_SLUGS:
            article = articles[slug]
            if article.pk not in featured_ids:
                home.featured_articles.add(
                    HomeFeaturedArticle(article=article, sort_order=next_order)
                )
                next_order += 1
                added = True
        return added

    # Fact registry ----------------------------------------------------------------------------

    def sync_snippet(self, model, slug, values, related=None, label=""):
        """Create or update one registry entry by slug, publishing a revision when it changes.

        `related` sets its cluster relations (modalities, sources) in memory, so they are
        stored in the revision and written when it is published. Returns the entry.
        """
        obj = model.objects.filter(slug=slug).first()
        created = obj is None
        if not created and not self.refresh:
            return obj
        if created:
            obj = model(slug=slug, live=False, **values)
            obj.save()
        before = None if created else self._registry_state(obj, values)
        for name, value in values.items():
            setattr(obj, name, value)
        if related:
            related(obj)
        if created or not obj.live or self._registry_state(obj, values) != before:
            obj.save_revision(log_action=True).publish()
            self.note("created" if created else "updated", f"{label} {obj}")
        return model.objects.get(pk=obj.pk)

    @staticmethod
    def _registry_state(obj, values):
        state = {name: getattr(obj, name) for name in values}
        if isinstance(obj, FoundationModel):
            state["modalities"] = sorted(m.slug for m in obj.modalities.all())
            state["sources"] = [(s.fact, s.url, s.title, s.accessed) for s in obj.sources.all()]
        return state

    def registry(self):
        organisations = {
            data["slug"]: self.sync_snippet(
                Organisation,
                data["slug"],
                {"name": data["name"], "website": data["website"]},
                label="organisation",
            )
            for data in demo_content.ORGANISATIONS
        }
        modalities = {m.slug: m for m in Modality.objects.all()}
        for data in demo_content.FOUNDATION_MODELS:
            missing = set(data["modalities"]) - set(modalities)
            if missing:
                raise CommandError(f"Unknown modalities {sorted(missing)}; run migrate first.")
            values = {
                name: data[name]
                for name in (
                    "name",
                    "parameter_status",
                    "min_parameters_billions",
                    "max_parameters_billions",
                    "active_parameters_billions",
                    "parameter_notation",
                    "open_weights",
                    "licence",
                )
            }
            values["developer"] = organisations[data["developer"]]
            values["as_of"] = demo_content.FACTS_CHECKED

            def related(obj, data=data):
                obj.modalities.set([modalities[slug] for slug in data["modalities"]])
                obj.sources = [
                    FoundationModelSource(
                        fact=fact, url=url, title=title, accessed=demo_content.SOURCES_ACCESSED
                    )
                    for fact, url, title in data["sources"]
                ]

            self.sync_snippet(
                FoundationModel, data["slug"], values, related=related, label="foundation model"
            )

    # Snippets, site and settings --------------------------------------------------------------

    def author(self):
        data = demo_content.AUTHOR
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
        site = Site.objects.filter(is_default_site=True).first()
        created = False
        if site is None:
            site, created = Site.objects.get_or_create(
                hostname=DEFAULT_HOSTNAME,
                port=DEFAULT_PORT,
                defaults={"root_page": home, "site_name": demo_content.HOME["title"]},
            )
            site.is_default_site = True
        changed = created or not site.is_default_site
        if site.root_page_id != home.pk:
            site.root_page = home
            changed = True
        if not site.site_name:
            site.site_name = demo_content.HOME["title"]
            changed = True
        if changed:
            site.save()
            self.note("created" if created else "updated", f"site {site}")
        return site

    def site_settings(self, site):
        if SiteSettings.objects.filter(site=site).exists() and not self.refresh:
            return
        settings = SiteSettings.for_site(site)
        data = demo_content.SITE_SETTINGS
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
        root = Page.get_first_root_node()
        if root is None:
            raise CommandError("The Wagtail tree has no root page; run `manage.py migrate`.")
        author = self.author()
        home, home_changed, home_created = self.home(root)
        site = self.site(home)
        self.remove_welcome_pages(root, home)
        self.site_settings(site)
        sections = self.sections(home)
        # Before the articles: the seed's model table points at these entries.
        self.registry()
        articles = self.articles(home, sections, author)
        if self.feature(home, articles) or home_changed:
            self.publish(home, home_created)
        return self


def _is_welcome_page(page):
    """Wagtail's placeholder from its initial migration: a plain Page with the stock title."""
    return (
        page.content_type_id == ContentType.objects.get_for_model(Page).pk
        and page.title == WELCOME_TITLE
    )


class Command(BaseCommand):
    help = "Create the demo home page, sections, author, settings, facts and articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Put back demo content that was changed in the admin (new revisions).",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            loader = Loader(refresh=options["refresh"]).run()
        if options["verbosity"] == 0:
            return
        for verb, description in loader.actions:
            self.stdout.write(f"  {verb} {description}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded: {loader.count('created')} created, "
                f"{loader.count('updated')} updated, {loader.count('deleted')} deleted; "
                "everything else was already up to date."
            )
        )
