"""Keeping the search index in step with the articles."""

from __future__ import annotations

from collections.abc import Iterable

from meldungen.news.models import Article
from meldungen.text import html_to_text

from .backends import backend


def document(article: Article) -> tuple[int, str, str, str]:
    """(id, title, lead, body) as indexed: kicker and headline weigh most, then the teaser."""
    title = f"{article.kicker} {article.headline}".strip()
    body = html_to_text(article.body)
    if article.keywords:
        body = f"{body}\n{' '.join(str(k) for k in article.keywords)}"
    return article.pk, title, article.teaser or "", body


def index_article(article: Article) -> None:
    """(Re)index one article; every article is indexed, visibility is decided at query time."""
    backend().index([document(article)])


def index_articles(articles: Iterable[Article]) -> int:
    rows = [document(a) for a in articles]
    if rows:
        backend().index(rows)
    return len(rows)


def remove_article(article_id: int) -> None:
    backend().remove(article_id)


def rebuild_index(batch: int = 2000) -> int:
    """Index every stored article anew; returns how many."""
    be = backend()
    be.clear()
    done = 0
    last = 0
    fields = ("id", "kicker", "headline", "teaser", "body", "keywords")
    while True:
        chunk = list(Article.objects.filter(pk__gt=last).order_by("pk").only(*fields)[:batch])
        if not chunk:
            return done
        done += index_articles(chunk)
        last = chunk[-1].pk
