"""Consent data: cookie details the registry lacks, policy versions, the append-only record,
the worker's sealed checks of the log, and the two settings screens (banner/policy wording and
the analytics provider)."""

from .chain import ConsentChainHead, ConsentPrune
from .checkpoints import ConsentCheckpoint
from .checks import ConsentLogCheck
from .records import (
    ConsentMethod,
    ConsentPolicyVersion,
    ConsentRecord,
    ConsentRecordQuerySet,
    ImmutableRecordError,
)
from .registry import CookieDetails
from .site_settings import (
    DEFAULT_BANNER_TEXT,
    DEFAULT_BANNER_TITLE,
    DEFAULT_POLICY_TEXT,
    DEFAULT_PREFERENCES_TEXT,
    DEFAULT_WORDING,
    DOMAIN,
    GA4_ID,
    WORDING_FIELDS,
    AnalyticsProvider,
    AnalyticsSettings,
    ConsentTextSettings,
    validate_script_url,
)
from .tallies import ConsentDailyTally, ConsentLogSubtree

__all__ = [
    "DEFAULT_BANNER_TEXT",
    "DEFAULT_BANNER_TITLE",
    "DEFAULT_POLICY_TEXT",
    "DEFAULT_PREFERENCES_TEXT",
    "DEFAULT_WORDING",
    "DOMAIN",
    "GA4_ID",
    "AnalyticsProvider",
    "AnalyticsSettings",
    "ConsentChainHead",
    "ConsentCheckpoint",
    "ConsentDailyTally",
    "ConsentLogCheck",
    "ConsentLogSubtree",
    "ConsentMethod",
    "ConsentPolicyVersion",
    "ConsentPrune",
    "ConsentRecord",
    "ConsentRecordQuerySet",
    "ConsentTextSettings",
    "CookieDetails",
    "ImmutableRecordError",
    "WORDING_FIELDS",
    "validate_script_url",
]
