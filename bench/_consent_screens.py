"""The auditor screens at scale, for bench/consent_scale.py: the record list and its filters
and searches, the acceptance report and the log-status page, requested in-process as a
superuser (test settings). Timing and the result table are _consent_results.py's; the log's
own work (checks, proofs, exports, pruning) is _consent_logwork.py's."""

from _consent_results import p95, profiled, sql_ms, time_get

PAGE_TARGET = 0.300
REPORT_TARGET = 1.0


def page_urls():
    """(label, URL) of every list, filter and search measured, and the log-status page."""
    from consent.models import ConsentPolicyVersion, ConsentRecord

    index = "/admin/consent/records/"
    newest = ConsentRecord.objects.order_by("-leaf_index").first()
    bench_versions = ConsentPolicyVersion.objects.filter(text__startswith="Bench policy")
    oldest, latest = bench_versions.order_by("pk").first(), bench_versions.order_by("pk").last()
    some_id = str(newest.consent_id)
    day = newest.created_at.replace(hour=0, minute=0)
    today = day.strftime("%Y-%m-%d %H:%M")
    one_day = (
        f"created_at_after={(day.replace(month=1, day=1)).strftime('%Y-%m-%d %H:%M')}"
        f"&created_at_before={(day.replace(month=1, day=2)).strftime('%Y-%m-%d %H:%M')}"
    )
    return [
        ("auditor list, page 1", index),
        ("auditor list, page 2", f"{index}?p=2"),
        ("auditor list, page 100", f"{index}?p=100"),
        ("filter: method withdrawal", f"{index}?method=withdrawal"),
        ("filter: choice, analytics refused", f"{index}?group=analytics&decision=refused"),
        ("filter: choice, any group accepted", f"{index}?decision=accepted"),
        ("filter: policy version (oldest)", f"{index}?policy_version={oldest.pk}"),
        ("filter: policy version (newest)", f"{index}?policy_version={latest.pk}"),
        ("filter: language de", f"{index}?language=de"),
        ("filter: oldest version + de (none)", f"{index}?policy_version={oldest.pk}&language=de"),
        ("filter: time from today", f"{index}?created_at_after={today}"),
        ("filter: time, one day in January", f"{index}?{one_day}"),
        ("filter: path contains (common)", f"{index}?path=core-concepts"),
        ("filter: path contains (rare)", f"{index}?path=article-7/"),
        ("filter: path contains (none)", f"{index}?path=nowhere-at-all"),
        ("search: whole consent id", f"{index}?q={some_id}"),
        ("search: id prefix (8 chars)", f"{index}?q={some_id[:8]}"),
        ("search: id prefix (6 chars)", f"{index}?q={some_id[:6]}"),
        ("search: id prefix (no match)", f"{index}?q=ffffff0"),
        ("log-status page", f"{index}log-status/"),
    ]


def measure_pages(results, client, repeat):
    for label, url in page_urls():
        client.get(url)  # warm: the page's templates
        samples = time_get(client, url, repeat)
        worst, median = p95(samples), sorted(samples)[len(samples) // 2]
        ok = worst < PAGE_TARGET
        profile = "" if ok else profiled(lambda url=url: client.get(url))
        # The database's share, which a busy machine disturbs less than the whole request.
        sql = sql_ms(lambda url=url: client.get(url))
        results.add(
            f"{label} p95",
            f"{worst * 1000:.0f} ms (median {median * 1000:.0f}, SQL {sql:.0f})",
            "< 300 ms",
            ok,
            profile,
        )


def measure_report(results, client, repeat):
    for days in (30, 400):
        url = f"/admin/consent/records/report/?days={days}"
        client.get(url)  # warm, as for the pages
        samples = time_get(client, url, max(3, repeat // 3))
        worst = max(samples)
        ok = worst < REPORT_TARGET
        profile = "" if ok else profiled(lambda url=url: client.get(url))
        results.add(
            f"acceptance report, {days} days (max)", f"{worst * 1000:.0f} ms", "< 1 s", ok, profile
        )
