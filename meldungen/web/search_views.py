"""The search page, /suche?q=…"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from meldungen.news.models import Article, Source
from meldungen.search.service import SORTS, SearchParams, params_from_request, search

from .caching import cache_public
from .feeds import xml_text

PER_PAGE = 20


def base_template() -> str:
    """The portal's page layout when the web app provides it, else a plain one of our own."""
    try:
        get_template("web/base.html")
        return "web/base.html"
    except TemplateDoesNotExist:
        return "search/standalone.html"


@cache_public
def search_page(request: HttpRequest) -> HttpResponse:
    params = params_from_request(request.GET)
    try:
        page = max(1, min(int(request.GET.get("seite", "1")), 500))
    except ValueError:
        page = 1
    result = search(params, page=page, per_page=PER_PAGE) if params.q else None
    past_last = bool(result and result.total and page > result.pages)
    kept = {k: v for k, v in request.GET.items() if k != "seite" and v}

    def page_url(n: int) -> str:
        return "?" + urlencode({**kept, "seite": n})

    context = {
        "base_template": base_template(),
        "title": f"Suche: {params.q}" if params.q else "Suche",
        "params": params,
        "result": result,
        "sorts": SORTS,
        # A semi-join (one index probe per source), not a DISTINCT over every article.
        "sources": Source.objects.filter(
            Exists(Article.objects.filter(source=OuterRef("pk")))
        ).order_by("name"),
        "von": xml_text(request.GET.get("von", "")),  # control characters left out
        "bis": xml_text(request.GET.get("bis", "")),
        "notes": date_notes(request.GET, params),
        "past_last": past_last,
        # past the last page (an old link, fewer matches now): back to the last one
        "prev_url": page_url(min(page - 1, result.pages)) if result and page > 1 else "",
        "next_url": page_url(page + 1) if result and page < result.pages else "",
    }
    return render(request, "search/results.html", context)


def date_notes(get, params: SearchParams) -> list[str]:
    """What the reader is told of date filters that cannot be used (they are left out)."""
    notes = []
    for key, day in (("von", params.since), ("bis", params.until)):
        typed = xml_text(get.get(key, "")).strip()
        if typed and day is None:
            notes.append(
                f"„{typed[:40]}“ ist kein Datum, nach dem gefiltert werden kann (JJJJ-MM-TT, "
                f"z. B. 2025-03-01): der Filter „{key}“ wurde nicht angewandt."
            )
    if params.since and params.until and params.since >= params.until:
        notes.append("„von“ liegt nach „bis“: kein Tag liegt dazwischen, daher keine Treffer.")
    return notes
