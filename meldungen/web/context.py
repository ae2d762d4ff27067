"""Template context shared by every page: the portal's name and the Ressort navigation."""

from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest

from meldungen.news.models import Article

from .ressorts import ordered


def portal(request: HttpRequest) -> dict:
    ressorts = cache.get("nav_ressorts")
    if ressorts is None:
        try:
            ressorts = ordered(
                Article.objects.exclude(ressort="")
                .order_by()
                .values_list("ressort", flat=True)
                .distinct()
            )
        except DatabaseError:  # error pages still render, without the navigation
            return {"nav_ressorts": [], "portal_name": "Meldungen"}
        cache.set("nav_ressorts", ressorts, 60)
    return {"nav_ressorts": ressorts, "portal_name": "Meldungen"}
