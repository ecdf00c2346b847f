"""Consent admin: the cookie registry (editable), the audit trail (read-only) and settings.

Editors see none of it: the registry needs django-cookie-consent's model permissions, the
audit screens need ``consent.view_consentrecord`` (the *Consent auditors* group), and the
settings need their own change permissions."""

from cookie_consent.models import Cookie, CookieGroup
from django import forms
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.registry import register_setting
from wagtail.permissions import register_permission_policy

from .audit.columns import LinkColumn, TextColumn, UTCTimeColumn
from .audit.evidence import ConsentEvidenceView, VisitorCSVView, VisitorReceiptView
from .audit.filters import ConsentRecordFilterSet
from .audit.receipt_views import VerifyReceiptView
from .audit.versions import (
    PolicyVersionDetailView,
    PolicyVersionDiffView,
    PolicyVersionListView,
)
from .audit.views import (
    AcceptanceReportView,
    ConsentExportView,
    ConsentHistoryView,
    ConsentRecordIndexView,
    ConsentRecordInspectView,
    LogStatusView,
    ReadOnlyPermissionPolicy,
)
from .models import AnalyticsSettings, ConsentRecord, ConsentTextSettings, CookieDetails


class ConsentAreaViewSet(ModelViewSet):
    """A model screen of the Consent menu: its address follows its name under /admin/consent/
    (consent_cookie_groups -> consent/cookie-groups/), and nothing in it is copied (registry
    names are unique; the records are append-only)."""

    copy_view_enabled = False

    @cached_property
    def url_prefix(self):
        return "consent/" + self.name.removeprefix("consent_").replace("_", "-")


class CookieGroupViewSet(ConsentAreaViewSet):
    model = CookieGroup
    icon = "folder-open-inverse"
    menu_label = "Cookie groups"
    name = "consent_cookie_groups"
    list_display = ["name", "varname", "is_required", "ordering"]
    panels = [
        FieldPanel("name"),
        FieldPanel("varname"),
        FieldPanel("description"),
        FieldPanel("is_required"),
        FieldPanel("is_deletable"),
        FieldPanel("ordering"),
    ]


class CookieForm(WagtailAdminModelForm):
    """A registry cookie plus the lifetime and provider kept in CookieDetails."""

    lifetime = forms.CharField(max_length=100, required=False, help_text="For example: 1 year")
    provider = forms.CharField(
        max_length=200, required=False, help_text="Who sets it, e.g. AsterMind Learn"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        details = getattr(self.instance, "details", None) if self.instance.pk else None
        if details is not None:
            self.initial.setdefault("lifetime", details.lifetime)
            self.initial.setdefault("provider", details.provider)

    def save(self, commit=True):
        cookie = super().save(commit=commit)
        if commit:
            CookieDetails.objects.update_or_create(
                cookie=cookie,
                defaults={
                    "lifetime": self.cleaned_data.get("lifetime", ""),
                    "provider": self.cleaned_data.get("provider", ""),
                },
            )
        return cookie


class CookieViewSet(ConsentAreaViewSet):
    model = Cookie
    icon = "clipboard-list"
    menu_label = "Cookies"
    name = "consent_cookies"
    list_display = ["name", "cookiegroup", "domain", "path"]
    list_filter = ["cookiegroup"]
    search_fields = ["name", "description"]
    edit_handler = ObjectList(
        [
            FieldPanel("cookiegroup"),
            FieldPanel("name"),
            FieldPanel("description", heading="Purpose"),
            FieldPanel("lifetime"),
            FieldPanel("provider"),
            FieldPanel("domain"),
            FieldPanel("path"),
        ],
        base_form_class=CookieForm,
    )


register_permission_policy(ConsentRecord, ReadOnlyPermissionPolicy(ConsentRecord))


# One visitor's records: the history page and its two downloads.
VISITOR_URLS = [
    path("", ConsentHistoryView.as_view(), name="consent_history"),
    path("csv/", VisitorCSVView.as_view(), name="visitor_csv"),
    path("receipt/", VisitorReceiptView.as_view(), name="visitor_receipt"),
]


class ConsentRecordViewSet(ConsentAreaViewSet):
    model = ConsentRecord
    icon = "list-ul"
    menu_label = "Consent records"
    name = "consent_records"
    index_view_class = ConsentRecordIndexView
    inspect_view_class = ConsentRecordInspectView
    inspect_view_enabled = True
    # Records only point at policy versions; indexing them would cost a task per choice.
    add_to_reference_index = False
    filterset_class = ConsentRecordFilterSet
    search_fields = ["consent_id"]
    list_per_page = 50
    list_display = [
        UTCTimeColumn("created_at", label="Time (UTC)", classname="consent-time"),
        # Every row leads to its evidence page (which shows the visitor's history beside it).
        LinkColumn("consent_id", label="Consent id", url_name="consent_records:evidence"),
        TextColumn("method", label="Method", accessor="get_method_display"),
        TextColumn("decisions_display", label="Decisions", accessor="decisions_display"),
        TextColumn("language", label="Language"),
        TextColumn("policy_version_id", label="Policy version"),
        TextColumn("path", label="Path"),
    ]
    inspect_view_fields = [
        "consent_id",
        "created_at",
        "method",
        "decisions",
        "policy_version",
        "language",
        "path",
        "user_agent",
        "ip_hash",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, delete or copy anywhere: the records are append-only.
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            # int, not Wagtail's default str: a non-numeric id would reach the query as a 500.
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<uuid:consent_id>/", include(VISITOR_URLS)),
            path("evidence/<int:pk>/", ConsentEvidenceView.as_view(), name="evidence"),
            path("versions/", PolicyVersionListView.as_view(), name="versions"),
            path("versions/diff/", PolicyVersionDiffView.as_view(), name="version_diff"),
            path("versions/<int:pk>/", PolicyVersionDetailView.as_view(), name="version"),
            path("export/", ConsentExportView.as_view(), name="export"),
            path("report/", AcceptanceReportView.as_view(), name="report"),
            path("verify-receipt/", VerifyReceiptView.as_view(), name="verify_receipt"),
            path("log-status/", LogStatusView.as_view(), name="log_status"),
        ]


class ConsentViewSetGroup(ViewSetGroup):
    menu_label = "Consent"
    menu_icon = "lock"
    menu_order = 800
    items = (ConsentRecordViewSet, CookieGroupViewSet, CookieViewSet)


@hooks.register("insert_global_admin_css")
def consent_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/consent-admin.css"))


@hooks.register("register_admin_viewset")
def register_consent_viewsets():
    return ConsentViewSetGroup()


register_setting(ConsentTextSettings, icon="doc-full")
register_setting(AnalyticsSettings, icon="view")
