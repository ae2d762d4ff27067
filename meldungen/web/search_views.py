"""The search page, /suche?q=…"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from meldungen.news.models import Article, Entity, Source
from meldungen.news.topics import resolve
from meldungen.search.service import (
    SORTS,
    SearchParams,
    params_from_request,
    ressort_name,
    search,
)

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
        "chosen_ressort": ressort_name(params.ressort) if params.ressort else "",
        "notes": filter_notes(params) + date_notes(request.GET, params),
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


def filter_notes(params: SearchParams) -> list[str]:
    """What the reader is told of the Ressort, topic and source filters: one that names
    nothing (it matches nothing), and the topic, which the form does not show."""
    notes = []
    if params.ressort and not ressort_name(params.ressort):
        notes.append(f"Ein Ressort „{params.ressort[:60]}“ gibt es nicht, daher keine Treffer.")
    if params.tag:
        entity = Entity.objects.filter(slug=params.tag).first()
        entity = resolve(entity) if entity is not None else None  # bounded against circles
        if entity is None:
            notes.append(f"Ein Thema „{params.tag[:60]}“ gibt es nicht, daher keine Treffer.")
        else:
            notes.append(f"Nur Meldungen zum Thema {entity.display}.")
    if params.source is not None and not Source.objects.filter(pk=params.source).exists():
        notes.append(f"Eine Quelle {params.source} gibt es nicht, daher keine Treffer.")
    return notes
