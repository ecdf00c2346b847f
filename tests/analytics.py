"""Setting the default site's analytics the way an editor would: every field validated."""

from wagtail.models import Site

from consent.models import AnalyticsSettings


def configure_analytics(**fields):
    """Set ``fields`` on the default site's AnalyticsSettings, full_clean, save, return it."""
    analytics = AnalyticsSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(analytics, name, value)
    analytics.full_clean()
    analytics.save()
    return analytics
