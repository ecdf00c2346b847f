"""Which directory paths show a registry object, for the page cache's purges.

Every listing shows every published model, so a publish, unpublish or delete of a model (or
of the developer or modality it shows) purges the listings, downloads, feed and comparison
(the page cache drops every query variant of a path at once) and the model's own pages; the
sitemap lists each published model's page, so a model's publish or unpublish purges it too.
"""

from django.urls import reverse

from .models import FoundationModel, Modality, Organisation

LISTING_NAMES = ("index", "csv", "json", "changes", "compare")


def directory_paths(instance):
    """Paths (without a host) that show the object; empty for anything the directory omits."""
    extra = []
    if isinstance(instance, FoundationModel):
        slugs = [instance.slug]
        # The index (its lastmod) and the models' own sitemap, every ?p= page with it.
        extra = [reverse("sitemap"), reverse("sitemap_section", args=["models"])]
    elif isinstance(instance, (Organisation, Modality)):
        slugs = list(instance.foundation_models.values_list("slug", flat=True))
    else:
        return []
    paths = [reverse(f"directory:{name}") for name in LISTING_NAMES]
    return paths + extra + [reverse("directory:detail", args=[slug]) for slug in slugs]
