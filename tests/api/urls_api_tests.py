"""The project's URLs plus search, feeds, API and sitemaps, whether or not they are wired yet."""

from django.urls import include, path

urlpatterns = [
    path("", include("meldungen.web.urls_extra")),
    path("", include("meldungen.urls")),
]
