from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("meldungen.web.urls")),
    path("", include("meldungen.web.urls_extra")),
]
