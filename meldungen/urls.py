from django.contrib import admin
from django.urls import include, path

from meldungen.api.api import api
from meldungen.news.admin_views import ingest_health

urlpatterns = [
    path("admin/ingest/", admin.site.admin_view(ingest_health), name="ingest_health"),
    path("admin/", admin.site.urls),
    path("", include("meldungen.web.urls")),
    path("", include("meldungen.web.urls_extra")),
    path("", include("meldungen.follow.urls")),
    path("api/", api.urls),
]
