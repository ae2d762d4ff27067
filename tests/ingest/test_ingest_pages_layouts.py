"""Article pages in two page layouts of our own, filled with 20 German Wikinews articles from
../shared: the stored body is the article's text, from its first sentence, without what the
page puts around it (date and author above the headline, a reading recommendation in the text,
a box of links, share buttons, comments, footer, cookie notice)."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from meldungen.ingest.bounds import bound_draft
from meldungen.ingest.detect import parse
from meldungen.ingest.draft import ArticleDraft
from meldungen.text import html_to_text
from meldungen.training.wikinews import wikinews_title

AROUND = ["Lesen Sie auch", "Neue Regeln für Mieter", "Mehr zum Thema", "Scholz besucht Kiel",
          "könnte Sie auch", "Merz in Paris", "Impressum", "Cookies", "Teilen", "Kommentare",
          "Leser123", "Anna Beispiel", "03.05.2025"]  # fmt: skip


def _paragraphs(text: str) -> list[str]:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", text.strip()) if s]
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]


def _ps(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _magazine(headline: str, ps: list[str]) -> str:
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{headline} | Morgenpost</title></head><body>"
        '<div class="cookie">Wir verwenden Cookies. <button>OK</button></div>'
        '<header><a href="/">Morgenpost</a><nav><a href="/politik">Politik</a></nav></header>'
        f'<main><article><div class="kicker">Politik</div><h1>{headline}</h1>'
        '<div class="meta">Von Anna Beispiel · 03.05.2025</div>'
        f'{_ps(ps[:2])}<p>Lesen Sie auch: <a href="/x">Neue Regeln für Mieter</a></p>{_ps(ps[2:])}'
        '<div class="share">Teilen: <a href="/f">Facebook</a></div></article>'
        '<aside><h2>Mehr zum Thema</h2><ul><li><a href="/a">Scholz besucht Kiel</a></li></ul>'
        "</aside></main><footer><a href='/impressum'>Impressum</a></footer></body></html>"
    )


def _plain(headline: str, ps: list[str]) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{headline}</title></head><body>"
        "<nav>Start | Politik</nav><div id='content'><span class='date'>03.05.2025</span>"
        f"<h1>{headline}</h1><p><strong>{html.escape(ps[0])}</strong></p>{_ps(ps[1:])}"
        "<h3>Das könnte Sie auch interessieren</h3><p><a href='/c'>Merz in Paris</a></p></div>"
        "<div class='comments'><h3>Kommentare (3)</h3><p>Leser123: Endlich!</p></div>"
        "<footer>© 2026 Blatt GmbH</footer></body></html>"
    )


def test_an_article_page_stores_the_article_text_only(shared_dir: Path) -> None:
    csv.field_size_limit(10**8)
    path = shared_dir / "data" / "news" / "dewikinews-politik.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))[100:140]
    pages = 0
    for i, row in enumerate(rows):
        headline, ps = wikinews_title(row["dateiname"]), _paragraphs(row["text"])
        if len(ps) < 3 or pages >= 40:
            continue
        for layout in (_magazine, _plain):
            [draft] = parse(layout(headline, ps).encode(), url=f"https://blatt.example/{i}")
            assert isinstance(draft, ArticleDraft), (layout.__name__, draft)
            text = html_to_text(bound_draft(draft).body)
            assert draft.headline == headline
            assert text.startswith(ps[0][:40]), (layout.__name__, text[:80])
            assert not [w for w in AROUND if w in text], (layout.__name__, text)
            pages += 1
    assert pages == 40
