"""Issue 19: the record list starts each indexed filter at its newest match
(audit/paging.newest_match_bound), which changes how the list is read, never what it shows."""

import pytest
from django.urls import reverse

from consent.audit import paging
from consent.audit.paging import newest_match_bound
from consent.models import ConsentPolicyVersion, ConsentRecord
from tests.consent.log_tools import add_record


@pytest.fixture
def eras(db):
    """Six old records under the first version, then eight newer ones under the second,
    half of each in German."""
    first = ConsentPolicyVersion.objects.create(text="first")
    second = ConsentPolicyVersion.objects.create(text="second", supersedes=first)
    german = ConsentPolicyVersion.objects.create(text="erste", language="de")
    records = {"first": [], "second": [], "german": []}
    for i in range(6):
        records["first"].append(add_record(first, days_ago=100 - i, method="withdrawal"))
    for i in range(8):
        records["second"].append(add_record(second, days_ago=10 - i))
        records["german"].append(add_record(german, days_ago=10 - i, method="gpc"))
    return {"versions": (first, second, german), "records": records}


def listed(client, query):
    response = client.get(reverse("consent_records:index") + query)
    assert response.status_code == 200
    return [record.pk for record in response.context["object_list"]]


def newest_first(records):
    return [r.pk for r in sorted(records, key=lambda r: (r.created_at, r.pk), reverse=True)]


def test_an_old_versions_records_are_listed_exactly(auditor_client, eras):
    first, second, german = eras["versions"]
    assert listed(auditor_client, f"?policy_version={first.pk}") == newest_first(
        eras["records"]["first"]
    )
    assert listed(auditor_client, f"?policy_version={second.pk}") == newest_first(
        eras["records"]["second"]
    )
    assert listed(auditor_client, "?language=de") == newest_first(eras["records"]["german"])
    assert listed(auditor_client, "?method=withdrawal") == newest_first(eras["records"]["first"])


def test_filters_that_match_nothing_together_list_nothing(auditor_client, eras):
    first, _second, german = eras["versions"]
    assert listed(auditor_client, f"?policy_version={first.pk}&language=de") == []
    assert listed(auditor_client, "?method=reject_all") == []
    html = auditor_client.get(reverse("consent_records:index") + "?method=gpc").content.decode()
    assert "There are 8 matches" in html


def test_the_bound_is_the_newest_match_of_each_filter(eras):
    first, second, _german = eras["versions"]
    records = ConsentRecord.objects.all()
    newest_first_era = max(r.created_at for r in eras["records"]["first"])
    bounded = newest_match_bound(records, {"policy_version": first, "method": ""})
    assert bounded.filter(created_at__gt=newest_first_era).count() == 0
    assert set(bounded.filter(policy_version=first)) == set(eras["records"]["first"])
    none = newest_match_bound(records, {"policy_version": second, "method": "withdrawal"})
    assert none.filter(policy_version=second, method="withdrawal").count() == 0
    assert newest_match_bound(records, {}).count() == records.count()


def test_the_cap_is_what_the_screen_says(auditor_client, eras, monkeypatch):
    monkeypatch.setattr(paging.ConsentRecordPaginator, "cap", 5)
    html = auditor_client.get(reverse("consent_records:index") + "?language=de").content.decode()
    assert "More than 5 matches" in html
    assert "The newest 5 are listed" in html
    assert paging.COUNT_CAP == 2_000
