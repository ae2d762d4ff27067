"""Full-text search over the articles (SQLite FTS5 or PostgreSQL), over the same stems.

Public entry points (import lazily, this package is also a Django app):
``meldungen.search.service.search``, ``meldungen.search.indexing.index_article``.
"""


def index_article(article) -> None:
    """(Re)index one article. Saving an Article does this already (see signals)."""
    from .indexing import index_article as _index

    _index(article)
