"""The portal's pages: what they show, what they hide, and how they answer unknown addresses."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from meldungen.news.models import Article, Entity, Source
from meldungen.web.listcheck import html_entries
from meldungen.web.related import related_for

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def main_of(html: str) -> str:
    """The page's <main>: the head repeats the teaser in its description."""
    return html[html.index("<main") : html.index("</main>")]


def test_home_groups_newest_articles_by_ressort(client, make_article):
    old = make_article(
        "Haushalt im Bundestag beschlossen", ressort="Politik", minutes=-60 * 24 * 900
    )
    make_article("Pokalfinale ausverkauft", ressort="Sport", minutes=5)
    make_article("Ohne Ressort gemeldet", minutes=1)
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    # Age does not matter: an article from years ago is still shown when it is the newest.
    assert f'href="/artikel/{old.pk}/"' in html
    assert html.index(">Politik<") < html.index(">Sport<") < html.index("Weitere Nachrichten")
    assert 'href="/ressort/politik/"' in html
    assert "Noch keine Meldungen" not in html


def test_home_hides_withdrawn_embargoed_and_duplicates(client, make_article):
    shown = make_article("Sichtbare Meldung")
    make_article("Zurückgezogene Meldung", pubstatus="withdrawn")
    make_article("Gesperrte Meldung", embargo=timezone.now() + timedelta(hours=2))
    make_article("Kopie der sichtbaren Meldung", duplicate_of=shown)
    make_article("Abgelaufene Sperre", embargo=timezone.now() - timedelta(minutes=1))
    html = client.get("/").content.decode()
    assert "Sichtbare Meldung" in html and "Abgelaufene Sperre" in html
    for hidden in ("Zurückgezogene", "Gesperrte", "Kopie der"):
        assert hidden not in html


def test_empty_home_is_honest_and_lists_failing_sources_to_editors_only(client, admin_client, db):
    Source.objects.create(
        name="Landesfunk",
        url="https://funk.example/rss",
        last_error="Verbindung abgelehnt",
        last_status=None,
    )
    Source.objects.create(name="Tageblatt", url="https://blatt.example/rss")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Noch keine Meldungen" in html
    assert "meldungen ingest" in html
    assert "2 Quellen werden" in html
    # raw fetch errors are for editors, not for the public
    assert "Verbindung abgelehnt" not in html and "Quellen mit Fehlern" not in html
    html = admin_client.get("/").content.decode()
    assert "Landesfunk" in html and "Verbindung abgelehnt" in html
    assert "Tageblatt" not in html  # only sources with an error are listed


def test_empty_home_without_sources(client, db):
    html = client.get("/").content.decode()
    assert "Noch keine Meldungen" in html and "noch keine Quelle eingerichtet" in html
    assert "Quellen mit Fehlern" not in html


def test_base_layout_is_accessible(client, make_article):
    make_article("Meldung mit Ressort", ressort="Kultur")
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#inhalt"' in html
    assert '<main id="inhalt"' in html and "<header" in html and "<footer" in html
    assert '<nav class="ressort-nav" aria-label="Ressorts">' in html
    assert 'href="/ressort/kultur/"' in html
    assert "<script" not in html
    # no external stylesheets or fonts: absolute links (canonical, feeds) name this host only
    assert all(
        url.startswith("http://testserver/") for url in re.findall(r'href="(https?://[^"]+)"', html)
    )


def test_article_page_follows_the_seed_order(client, make_article):
    article = make_article(
        "Stadtrat beschließt neuen Radweg",
        tags=("Radverkehr", "Stadtrat"),
        teaser="Nach langer Debatte stimmt eine Mehrheit für die Verbindung am Fluss.",
        body="<p>Der Weg soll 2026 fertig sein.</p><h2>Kritik der Anwohner</h2><p>Nicht alle "
        "sind einverstanden.</p>",
        picture_caption="Radfahrer am Flussufer.",
        ressort="Politik",
    )
    html = client.get(f"/artikel/{article.pk}/").content.decode()
    tags = re.search(r'<nav class="tags"[^>]*>(.*?)</nav>', html).group(1)
    assert text_of(tags) == "Radverkehr, Stadtrat"
    assert 'href="/thema/radverkehr/"' in tags and 'href="/thema/stadtrat/"' in tags
    assert '<time datetime="2025-02-12T18:27:49+01:00">12.02.2025 - 18:27:49</time>' in html
    parts = [
        'class="tags"',
        "Radfahrer am Flussufer.",
        "12.02.2025 - 18:27:49",
        '<h1 id="headline">Stadtrat beschließt neuen Radweg</h1>',
        "Nach langer Debatte",
        "Der Weg soll 2026",
        "<h2>Kritik der Anwohner</h2>",
        "@ dpa.de",
    ]
    main = main_of(html)
    positions = [main.index(part) for part in parts]
    assert positions == sorted(positions)


def test_related_entries_share_a_tag(client, make_article):
    article = make_article("Hauptmeldung", tags=("Hafen", "Zoll"))
    older = make_article(
        "Älterer Bericht zum Hafen",
        tags=("Hafen",),
        minutes=-30,
        teaser="Der Umschlag sank.",
        ressort="Wirtschaft",
    )
    newer = make_article(
        "Neuer Bericht zum Zoll",
        tags=("Zoll",),
        minutes=90,
        teaser="Die Kontrollen nehmen zu.",
        ressort="Politik",
    )
    make_article("Ohne gemeinsames Thema", tags=("Wetter",), minutes=10)
    make_article("Zurückgezogen zum Hafen", tags=("Hafen",), pubstatus="canceled")
    make_article("Kopie der Hauptmeldung", tags=("Hafen",), duplicate_of=article)
    related_items = related_for(article)
    assert {a.pk for a in related_items} == {newer.pk, older.pk}
    assert {a.pk: a.shared_tags for a in related_items} == {
        newer.pk: ("Zoll",),
        older.pk: ("Hafen",),
    }

    html = client.get(f"/artikel/{article.pk}/").content.decode()
    related = html[html.index("Weitere Meldungen") :]
    assert "(Politik, 12.02.2025 - 19:57)" in related
    assert "(Wirtschaft, 12.02.2025 - 17:57)" in related
    assert "Gemeinsam: Zoll" in related and "Gemeinsam: Hafen" in related
    assert f'<a href="/artikel/{newer.pk}/">weiterlesen...' in related
    assert "Ohne gemeinsames Thema" not in html


def test_related_respects_the_limit(settings, make_article):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "RELATED_LIMIT": 2}
    article = make_article("Thema", tags=("Wahl",))
    for n in range(4):
        make_article(f"Wahl {n}", tags=("Wahl",), minutes=n + 1)
    related_items = related_for(article)
    assert len(related_items) == 2
    assert all(a.headline.startswith("Wahl ") for a in related_items)


def test_withdrawn_article_is_gone_and_embargoed_is_not_found(client, make_article):
    withdrawn = make_article("Zurückgezogen", pubstatus="withdrawn")
    canceled = make_article("Storniert", pubstatus="canceled")
    embargoed = make_article("Gesperrt", embargo=timezone.now() + timedelta(days=1))
    assert client.get(f"/artikel/{withdrawn.pk}/").status_code == 410
    gone = client.get(f"/artikel/{canceled.pk}/")
    assert gone.status_code == 410 and "Storniert" not in gone.content.decode()
    assert "zurückgezogen" in gone.content.decode()
    assert client.get(f"/artikel/{embargoed.pk}/").status_code == 404
    missing = client.get("/artikel/999999/")
    assert missing.status_code == 404 and "Seite nicht gefunden" in missing.content.decode()


def test_duplicate_article_redirects_to_the_original(client, make_article):
    original = make_article("Original")
    copy = make_article("Kopie", duplicate_of=original)
    response = client.get(f"/artikel/{copy.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/artikel/{original.pk}/"


def test_teaser_only_feed_item_links_to_the_original(client, make_article):
    item = make_article(
        "Feedmeldung",
        format="rss",
        full_text=False,
        url="https://zeitung.example/a/1",
        teaser="Nur der Anriss steht im Feed.",
        body="<p>Nur der Anriss steht im Feed.</p>",
        credit="",
        source_name="Zeitung am Morgen",
    )
    html = client.get(f"/artikel/{item.pk}/").content.decode()
    assert (
        '<a href="https://zeitung.example/a/1" rel="noopener nofollow">weiterlesen...</a>' in html
    )
    assert 'class="body"' not in html
    assert "@ Zeitung am Morgen" in html


def test_a_feed_description_that_is_the_whole_text_reads_as_text_not_as_one_bold_lead(
    client, make_article
):
    paragraphs = [f"Absatz {i}: " + "Der Rat beriet lange über den Haushalt. " * 6 for i in (1, 2)]
    item = make_article(
        "Feedmeldung mit ganzem Text",
        format="rss",
        full_text=False,
        url="https://zeitung.example/a/3",
        teaser=" ".join(paragraphs),
        body="".join(f"<p>{p}</p>" for p in paragraphs),
    )
    html = client.get(f"/artikel/{item.pk}/").content.decode()
    assert 'class="teaser"' not in html
    assert '<div class="body"><p>Absatz 1:' in html and "<p>Absatz 2:" in html
    assert "weiterlesen..." in html  # still a teaser-only item: the source has the rest


def test_full_text_item_renders_whole_with_correction(client, make_article):
    item = make_article(
        "Korrigierte Meldung",
        format="rss",
        full_text=True,
        url="https://zeitung.example/a/2",
        body="<p>Ganzer Text hier.</p>",
        is_correction=True,
        credit="",
        source_name="tagesschau.de",
    )
    html = client.get(f"/artikel/{item.pk}/").content.decode()
    assert "Ganzer Text hier." in html and "weiterlesen" not in html
    original = 'href="https://zeitung.example/a/2" rel="noopener">Zum Original bei tagesschau.de'
    assert original in html
    assert "Korrektur:" in html
    assert "@ tagesschau.de" in html


def test_script_in_a_stored_body_is_not_reflected(client, db):
    # Stored through the one way in (bodies are sanitized there and served as is).
    from storehelp import put, tag

    item = put(
        "xss",
        "Harmlos <script>alert(1)</script>",
        teaser="<img src=x onerror=alert(2)>",
        body='<p onclick="alert(3)">Text</p><script>alert(4)</script>'
        '<a href="javascript:alert(5)">Link</a>',
    )
    tag(item, "<b>Fett</b>")
    html = client.get(f"/artikel/{item.pk}/").content.decode()
    # The one script element is the JSON-LD data block, with every "<" escaped.
    jsonld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(jsonld) == 1 and "<" not in jsonld[0]
    html = html.replace(jsonld[0], "")
    assert html.count("<script") == 1
    assert "onerror" not in html.replace("onerror=alert(2)&gt;", "")  # escaped text only
    assert "<img src=x" not in html
    assert "onclick" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Fett</b>" not in html


def test_ressort_page_paginates(client, settings, make_article):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_SIZE": 2}
    for n in range(5):
        make_article(f"Sportmeldung {n}", ressort="Sport", minutes=n)
    make_article("Kulturmeldung", ressort="Kultur")
    first = client.get("/ressort/sport/").content.decode()
    assert "Sportmeldung 4" in first and "Sportmeldung 3" in first
    assert "Sportmeldung 2" not in first and "Kulturmeldung" not in first
    assert 'href="?seite=2"' in first and "Seite 1 von 3" in first
    last = client.get("/ressort/sport/?seite=3").content.decode()
    assert "Sportmeldung 0" in last and 'rel="prev" href="?seite=2"' in last
    assert client.get("/ressort/sport/?seite=4").status_code == 404
    assert client.get("/ressort/sport/?seite=abc").status_code == 404
    assert client.get("/ressort/gibtsnicht/").status_code == 404


def test_home_goes_on_through_older_articles_page_by_page(client, settings, make_article):
    """Page 1 shows each Ressort's newest (whatever their age); the later pages go on with
    every other article, newest first: none is shown twice across the pages, none is left out
    (a busy Ressort's seventh report, newer than a quiet Ressort's only one, was on no page)."""
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_SIZE": 3}
    for n in range(10):
        make_article(f"Sportmeldung {n}", ressort="Sport", minutes=n)
    make_article("Alte Kulturmeldung", ressort="Kultur", minutes=-60)
    first = client.get("/").content.decode()
    assert "Sportmeldung 9" in first and "Alte Kulturmeldung" in first  # whatever its age
    assert "Seite 1 von 3" in first and 'rel="next" href="?seite=2"' in first
    second = client.get("/?seite=2").content.decode()
    assert "Seite 2 von 3" in second
    third = client.get("/?seite=3").content.decode()
    assert client.get("/?seite=4").status_code == 404
    pages = [html_entries(page) for page in (first, second, third)]
    assert [len(ids) for ids in pages] == [7, 3, 1]
    listed = [i for ids in pages for i in ids]
    assert sorted(listed) == sorted(Article.objects.values_list("pk", flat=True))
    assert "Sportmeldung 3" in second and "Sportmeldung 0" in third


def test_ressort_slug_transliterates_umlauts(client, make_article):
    make_article("Gipfel in Brüssel", ressort="Außenpolitik")
    html = client.get("/ressort/aussenpolitik/").content.decode()
    assert "Gipfel in Brüssel" in html and "<h1>Außenpolitik</h1>" in html


def test_tag_page_lists_articles_and_companions(client, make_article):
    for n in range(3):
        make_article(f"Putin Meldung {n}", tags=("Putin", "Trump"), minutes=n)
    make_article("Putin und Selenskyj", tags=("Putin", "Selenskyj"), minutes=5)
    make_article("Nur Trump", tags=("Trump",))
    make_article("Putin zurückgezogen", tags=("Putin", "Kreml"), pubstatus="withdrawn")
    html = client.get("/thema/putin/").content.decode()
    assert "<h1>Putin</h1>" in html
    assert "Putin Meldung 2" in html and "Putin und Selenskyj" in html
    assert "Nur Trump" not in html and "Putin zurückgezogen" not in html
    aside = html[html.index("Oft zusammen mit") :]
    assert aside.index(">Trump<") < aside.index(">Selenskyj<")
    assert "(3 Meldungen)" in aside and "(1 Meldung)" in aside
    assert ">Kreml<" not in aside  # seen only with a hidden article
    assert client.get("/thema/unbekannt/").status_code == 404


def test_tag_page_follows_merges_and_hides_blocked(client, make_article):
    make_article("Meldung", tags=("Wladimir Putin", "Putin W."))
    canonical = Entity.objects.get(display="Wladimir Putin")
    Entity.objects.filter(display="Putin W.").update(merged_into=canonical)
    response = client.get("/thema/putin-w/")
    assert response.status_code == 301 and response["Location"] == "/thema/wladimir-putin/"
    Entity.objects.filter(pk=canonical.pk).update(blocked=True)
    assert client.get("/thema/wladimir-putin/").status_code == 404


def test_source_page_paginates_its_visible_articles(client, settings, make_article):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_SIZE": 1}
    source = Source.objects.create(
        name="Küstenbote", url="https://kueste.example/feed", last_error="HTTP 503", last_status=503
    )
    make_article("Erste Küstenmeldung", source=source, minutes=1)
    make_article("Zweite Küstenmeldung", source=source, minutes=2)
    make_article("Fremde Meldung")
    html = client.get(f"/quelle/{source.pk}/").content.decode()
    assert "<h1>Küstenbote</h1>" in html and "HTTP 503" not in html  # errors: editors only
    assert "Zweite Küstenmeldung" in html and "Erste Küstenmeldung" not in html
    assert "Fremde Meldung" not in html
    assert "Erste Küstenmeldung" in client.get(f"/quelle/{source.pk}/?seite=2").content.decode()
    assert client.get("/quelle/424242/").status_code == 404


def test_lists_link_headlines_to_articles(client, make_article):
    item = make_article("Verlinkte Überschrift", tags=("Hafen",), ressort="Wirtschaft")
    for url in ("/", "/ressort/wirtschaft/", "/thema/hafen/"):
        html = client.get(url).content.decode()
        assert f'<a href="/artikel/{item.pk}/">Verlinkte Überschrift</a>' in html, url


def test_a_report_naming_no_source_is_no_other_source_and_reads_so_on_the_story(
    client, make_article
):
    from meldungen.news.models import Story
    from meldungen.web.templatetags.meldungen_web import other_sources

    story = Story.objects.create(
        id="s-quellen", first_published=timezone.now(), last_published=timezone.now()
    )
    original = make_article("Hafen wächst", story=story)
    named = make_article("Hafen wächst", story=story, duplicate_of=original, minutes=5,
                         credit="", source_name="Tageblatt Süd")  # fmt: skip
    nameless = make_article("Hafen wächst", story=story, duplicate_of=original, minutes=9,
                            credit="", source_name="")  # fmt: skip
    assert [label for label, _ in other_sources([named, nameless], original)] == ["Tageblatt Süd"]
    html = client.get(f"/story/{story.pk}/").content.decode()
    assert "Tageblatt Süd" in html and "ohne Quellenangabe" in html and "Kopie" not in html
    assert " ()" not in html and ", (" not in html
