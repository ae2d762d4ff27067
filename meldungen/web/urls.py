from django.urls import path

from . import legal, trends, views

urlpatterns = [
    path("", views.home, name="home"),
    path("artikel/<int:pk>/", views.article, name="article"),
    path("ressort/<slug:slug>/", views.ressort, name="ressort"),
    path("thema/<slug:slug>/", views.tag, name="tag"),
    path("quelle/<int:pk>/", views.source, name="source"),
    path("story/<str:story_id>/", views.story, name="story"),
    path("trends/", trends.trends_page, name="trends"),
    path("bild/<str:key>", views.image, name="image"),
    path("impressum/", legal.legal_page, {"page": "impressum"}, name="impressum"),
    path("datenschutz/", legal.legal_page, {"page": "datenschutz"}, name="datenschutz"),
]
