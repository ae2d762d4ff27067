"""End to end: the seed page → dpa-digitalwires item → ingest → the article page, in seed order.

The seed lives in ``<repo>/../shared`` and is read at test time; nothing of its text is kept in
the repository. What the page must show is derived here from the seed's own blocks.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_3bb928ff6e2d3dd4.txt"
TIME_LINE = re.compile(r"^\d{2}\.\d{2}\.\d{4} - \d{2}:\d{2}:\d{2}$")
ENTRY = re.compile(
    r"^(?P<text>.+) (?P<meta>\([^()]+, \d{2}\.\d{2}\.\d{4} - \d{2}:\d{2}\)) "
    r"weiterlesen\.\.\.$"
)


def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"../shared not present ({SEED} missing): the seed is read at test time")
    return SEED.read_text(encoding="utf-8")


def blocks(text: str) -> list[str]:
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment (screen-reader-only spans removed)."""
    fragment = re.sub(r'<span class="visually-hidden">.*?</span>', "", fragment, flags=re.DOTALL)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def assert_in_order(page: str, parts: list[str]) -> None:
    """Every part occurs in ``page``, each after the previous one."""
    cursor = 0
    for part in parts:
        found = page.find(part, cursor)
        assert found >= 0, f"{part!r} missing after position {cursor}"
        cursor = found + len(part)


def test_seed_renders_in_the_seeds_order(client):
    from meldungen.news.demo import seed_related, seed_to_digitalwires
    from meldungen.news.models import Article
    from meldungen.news.services import ingest_bytes

    text = seed_text()
    item = seed_to_digitalwires(text)
    related = seed_related(text)
    results = ingest_bytes(json.dumps(item).encode("utf-8"), "seed:article")
    results += ingest_bytes(json.dumps(related).encode("utf-8"), "seed:related")
    assert [r.outcome for r in results] == ["new"] * (1 + len(related)), [r.line() for r in results]
    again = ingest_bytes(json.dumps(item).encode("utf-8"), "seed:article")
    assert [r.outcome for r in again] == ["unchanged"]

    # What the seed shows, block by block.
    seed = blocks(text)
    time_at = next(i for i, b in enumerate(seed) if TIME_LINE.match(b))
    credit_at = next(i for i, b in enumerate(seed) if b.startswith("@ "))
    tag_line, caption = seed[0], " ".join(seed[1:time_at])
    head_line = seed[time_at + 1]
    body = seed[time_at + 2 : credit_at]
    subheads = [b for b in body if len(b.split()) <= 12 and not b.endswith((".", "!", "?", "»"))]
    entries = [ENTRY.match(b) for b in seed[seed.index("Weitere Meldungen") + 1 :]]
    assert subheads and all(entries)

    article = Article.objects.get(guid=item["urn"])
    response = client.get(f"/artikel/{article.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]

    tags = re.search(r'<nav class="tags"[^>]*>(.*?)</nav>', main).group(1)
    # the seed's line is its wire keywords; they lead, and the article's own names follow
    assert plain(tags).startswith(tag_line + ", "), plain(tags)
    assert {"Ukraine", "Kreml"} <= set(plain(tags).split(", "))
    assert all(f'href="/thema/{e.slug}/"' in tags for e in article.tags())
    h1 = plain(re.search(r"<h1[^>]*>(.*?)</h1>", main).group(1))
    teaser = plain(re.search(r'<p class="teaser">(.*?)</p>', main).group(1))
    assert head_line.startswith(h1) and head_line.endswith(teaser) and teaser

    parts = [
        'class="tags"',
        htmllib.escape(caption, quote=False),
        seed[time_at],
        f">{htmllib.escape(h1, quote=False)}</h1>",
        htmllib.escape(teaser, quote=False),
        *[f"<h2>{htmllib.escape(s, quote=False)}</h2>" for s in subheads],
        seed[credit_at],
        "Weitere Meldungen",
    ]
    assert_in_order(main, parts)
    assert f'<time datetime="2025-02-12T18:27:49+01:00">{seed[time_at]}</time>' in main

    # "Weitere Meldungen": the seed's entries, but each story once. The seed lists one report
    # ("Ukrainer reagieren skeptisch ...") twice, under two Ressorts: Meldungen shows it once.
    section = main[main.index("Weitere Meldungen") :]
    items = re.findall(r"<li>(.*?)</li>", section, flags=re.DOTALL)
    openings = [" ".join(e["text"].split()[:6]).rstrip(".") for e in entries]
    assert len(set(openings)) < len(openings)  # the seed's own repetition
    assert len(items) == len(set(openings))
    shown = []
    for rendered in items:
        headline = plain(re.search(r"<h3>(.*?)</h3>", rendered).group(1))
        teaser = plain(re.search(r"</h3>\s*<p>(.*?)<time", rendered, flags=re.DOTALL).group(1))
        # The seed glues "Headline Teaser" (sometimes "Headline. Teaser") into one line.
        entry = next(
            e for e in entries if e["text"].startswith(headline) and e["text"].endswith(teaser)
        )
        assert plain(rendered).endswith(f"{teaser} {entry['meta']} weiterlesen...\n".strip()) or (
            f"{teaser} {entry['meta']} weiterlesen..." in plain(rendered)
        )
        assert re.search(r'<a href="/artikel/\d+/">weiterlesen\.\.\.', rendered)
        shown.append(headline.rstrip("."))
    assert len(shown) == len(set(shown))
