"""Template context shared by every page: the portal's name and the Ressort navigation."""

from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest

from .ressorts import stored_ressorts


def portal(request: HttpRequest) -> dict:
    ressorts = cache.get("nav_ressorts")
    if ressorts is None:
        try:
            ressorts = stored_ressorts()
        except DatabaseError:  # error pages still render, without the navigation
            return {"nav_ressorts": [], "portal_name": "Meldungen"}
        cache.set("nav_ressorts", ressorts, 60)
    return {"nav_ressorts": ressorts, "portal_name": "Meldungen"}
