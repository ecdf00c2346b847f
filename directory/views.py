"""The directory's pages and downloads. Every response is the same for every visitor (GET
forms, no session, no CSRF token), so the page cache and any proxy may share it."""

from django.db.models import Max
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import Site

from astermind_site.escaping import json_for_script

from .charts import parameter_chart
from .compare import (
    CompareError,
    comparison,
    differing_count,
    models_in_order,
    requested_slugs,
    too_few_notice,
)
from .dataset import ALL_COLUMN_KEYS, dataset_json_ld, directory_table
from .exports import table_csv, table_json
from .filters import (
    active_filters,
    filter_form,
    filter_query,
    filtered_models,
    valid_filters,
)
from .freshness import pages_showing
from .history import model_history
from .models import FoundationModel
from .paging import model_page, page_href, page_links
from .tables import build_model_table
from .timeline import timeline

# Longer queries are not something our own forms produce; refuse them before any work.
MAX_QUERY_STRING = 2000
MAX_SLUG_LENGTH = 120
DOWNLOAD_STEM = "astermind-foundation-models"
DEFAULT_SITE_NAME = "AsterMind Learn"


def _query_too_long(request):
    return len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING


def _too_long_page(request):
    context = {"page_title": gettext("That address is too long")}
    return render(request, "directory/too_long.html", context, status=414)


def _site_name(request):
    """The Wagtail site's name, as the feeds name it (read with the site, so no query); the
    pages' own settings (articles) are not the registry's to read."""
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or DEFAULT_SITE_NAME


def _dataset_summary():
    """Latest publish and check dates across every published model: one query."""
    dates = FoundationModel.objects.published().aggregate(
        last_published_at=Max("last_published_at"), as_of=Max("as_of")
    )
    return [FoundationModel(last_published_at=dates["last_published_at"], as_of=dates["as_of"])]


def index(request):
    if _query_too_long(request):
        return _too_long_page(request)
    form = filter_form(request.GET)
    filters = valid_filters(form)
    page = model_page(filtered_models(filters), filters, request.GET.get("page"))
    table = directory_table(list(page.object_list), filters, presorted=True)
    # What page links keep: the filters and sort as the reader gave them, no other parameter.
    page_query = filter_query(request.GET, form)
    query = page_query if not form.errors else ""
    in_force = active_filters(form)
    context = {
        "page_obj": page,
        "page_links": page_links(page, page_query),
        "previous_href": page_href(page_query, page.number - 1) if page.has_previous() else "",
        "next_href": page_href(page_query, page.number + 1) if page.has_next() else "",
        "page_title": gettext("Foundation model directory"),
        "form": form,
        "active_filters": in_force,
        # Folded on arrival; open when the reader has filters to see or fix.
        "filters_open": bool(in_force or form.errors),
        "table": table,
        "chart": parameter_chart([row.model for row in table.rows]),
        "downloads": {
            fmt: reverse(f"directory:{fmt}") + (f"?{query}" if query else "")
            for fmt in ("csv", "json")
        },
        "dataset": dataset_json_ld(request, _dataset_summary(), _site_name(request)),
    }
    return render(request, "directory/index.html", context, status=400 if form.errors else 200)


def _download(request, extension, content_type, serialise):
    if _query_too_long(request):
        return HttpResponse("That address is too long.\n", status=414, content_type="text/plain")
    form = filter_form(request.GET)
    filters = valid_filters(form)
    if form.errors:
        return HttpResponseBadRequest(
            "Some filters were not understood: " + ", ".join(form.errors) + "\n",
            content_type="text/plain; charset=utf-8",
        )
    table = directory_table(list(filtered_models(filters)), filters, show_sources=False)
    response = HttpResponse(serialise(table), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_STEM}.{extension}"'
    return response


def download_csv(request):
    return _download(
        request,
        "csv",
        "text/csv; charset=utf-8",
        lambda table: table_csv(table, include_sources=True),
    )


def download_json(request):
    return _download(
        request,
        "json",
        "application/json; charset=utf-8",
        lambda table: json_for_script(table_json(table, include_sources=True), ensure_ascii=False),
    )


def detail(request, slug):
    model = None
    if len(slug) <= MAX_SLUG_LENGTH:
        model = FoundationModel.objects.published().filter(slug=slug).for_tables().first()
    if model is None:
        raise Http404("No published model with that name")
    table = build_model_table(model.name, [model], ALL_COLUMN_KEYS, show_sources=True)
    articles = pages_showing([model]).public().order_by("title")
    history = model_history(model)
    context = {
        "page_title": model.name,
        "model": model,
        "table": table,
        "facts": table.rows[0].data_cells,
        "articles": list(articles),
        "history": history,
        "timeline": timeline(model, history),
    }
    return render(request, "directory/detail.html", context)


def compare(request):
    if _query_too_long(request):
        return _too_long_page(request)
    context = {"page_title": gettext("Compare foundation models"), "max_models": 4}
    status = 200
    try:
        slugs = requested_slugs(request.GET.getlist("m"))
        if slugs:
            found = FoundationModel.objects.published().filter(slug__in=slugs).for_tables()
            models = models_in_order(slugs, found)
            context["chosen"], context["notice"] = slugs, too_few_notice(models)
            if not context["notice"]:
                context["table"], context["rows"] = comparison(models)
                context["differing"] = differing_count(context["rows"])
    except CompareError as error:
        context["error"], status = error.message, error.status
    context["choices"] = list(
        FoundationModel.objects.published().order_by("name").values_list("slug", "name")
    )
    context["picker_fields"] = _picker_fields(context.get("chosen", []))
    return render(request, "directory/compare.html", context, status=status)


def _picker_fields(chosen):
    """Four selects, pre-filled with the models being compared."""
    return [(index + 1, chosen[index] if index < len(chosen) else "") for index in range(4)]
