"""What django-cookie-consent's registry lacks about a cookie."""

from django.db import models


class CookieDetails(models.Model):
    """What django-cookie-consent's Cookie does not hold: how long it lives and who sets it.
    The purpose is the Cookie's own description."""

    cookie = models.OneToOneField(
        "cookie_consent.Cookie", on_delete=models.CASCADE, related_name="details"
    )
    lifetime = models.CharField(max_length=100, blank=True, help_text="For example: 6 months")
    provider = models.CharField(
        max_length=200, blank=True, help_text="Who sets it, for example: AsterMind Learn"
    )

    class Meta:
        verbose_name = "cookie details"
        verbose_name_plural = "cookie details"

    def __str__(self):
        return f"Details of {self.cookie}"
