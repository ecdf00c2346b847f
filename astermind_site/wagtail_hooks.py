"""Sign-in lockouts in the Wagtail admin: superusers see who is locked out and can clear it.

The rows are django-axes's AccessAttempt (written by astermind_site/login_throttle.py's
handler): an account name, a keyed pseudonym in place of the address, and a count. Listing
and deleting (which lifts a lockout at once) are the only actions, and only superusers have
them: nobody edits or invents a failed attempt.
"""

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy


class SuperuserClearOnlyPolicy(BasePermissionPolicy):
    """Superusers may view and delete (clear) sign-in attempts; nobody may do more."""

    allowed = frozenset({"view", "delete"})

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser and action in self.allowed)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects
        if not self.allowed.intersection(actions):
            return users.none()
        return users.filter(is_active=True, is_superuser=True)


register_permission_policy(AccessAttempt, SuperuserClearOnlyPolicy(AccessAttempt))


class SignInLockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = "Sign-in lockouts"
    menu_order = 910  # next to Settings, where superusers look after the site
    name = "signin_lockouts"
    url_prefix = "signin-lockouts"
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        # The row leads to the confirmation that clears it (there is no edit screen).
        TitleColumn(
            "username",
            label="Account name tried (select to clear)",
            get_url=lambda attempt: reverse("signin_lockouts:delete", args=[attempt.pk]),
        ),
        Column("ip_address", label="Client (keyed pseudonym, not an address)"),
        Column("failures_since_start", label="Failed attempts"),
        DateColumn("attempt_time", label="Last failure"),
    ]
    list_filter = ["username"]
    search_fields = ["username"]
    # No add or edit screen is reachable (the policy refuses both), but the viewset needs
    # to know which fields a form would have.
    form_fields = ["username"]


@hooks.register("register_admin_viewset")
def register_signin_lockouts():
    return SignInLockoutViewSet()
