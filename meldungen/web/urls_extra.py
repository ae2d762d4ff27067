"""Search, feeds (home, Ressort, tag, story, search), sitemaps and robots.txt (the API is
wired in meldungen/urls.py).
Include with ``path("", include("meldungen.web.urls_extra"))`` in meldungen/urls.py."""

from django.urls import path

from . import sitemaps
from .feeds import HomeFeed, RessortFeed, SearchFeed, StoryFeed, TagFeed, views
from .search_views import search_page

home_rss, home_atom = views(HomeFeed)
ressort_rss, ressort_atom = views(RessortFeed)
tag_rss, tag_atom = views(TagFeed)
search_rss, search_atom = views(SearchFeed)
story_rss, story_atom = views(StoryFeed)

urlpatterns = [
    path("suche", search_page, name="search"),
    path("suche/", search_page),
    path("rss.xml", home_rss, name="feed_home_rss"),
    path("atom.xml", home_atom, name="feed_home_atom"),
    path("ressort/<slug:slug>/rss.xml", ressort_rss, name="feed_ressort_rss"),
    path("ressort/<slug:slug>/atom.xml", ressort_atom, name="feed_ressort_atom"),
    path("thema/<slug:slug>/rss.xml", tag_rss, name="feed_tag_rss"),
    path("thema/<slug:slug>/atom.xml", tag_atom, name="feed_tag_atom"),
    path("story/<str:story_id>/rss.xml", story_rss, name="feed_story_rss"),
    path("story/<str:story_id>/atom.xml", story_atom, name="feed_story_atom"),
    path("suche/rss.xml", search_rss, name="feed_search_rss"),
    path("suche/atom.xml", search_atom, name="feed_search_atom"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
