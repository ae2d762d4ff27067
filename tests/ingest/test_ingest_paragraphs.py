"""A body cut into paragraphs at every full stop before a capital (a naive sentence splitter's
work) is joined where no sentence ended: after ordinals, initials and abbreviations."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from meldungen.ingest.paragraphs import join_broken_paragraphs
from meldungen.news.models import Article


@pytest.mark.parametrize(
    ("body", "joined"),
    [
        ("<p>Ab Mittwoch, dem 31.</p><p>März soll es gelten.</p>",
         "<p>Ab Mittwoch, dem 31. März soll es gelten.</p>"),
        ("<p>Er stammt aus dem 18.</p><p>Jahrhundert.</p>",
         "<p>Er stammt aus dem 18. Jahrhundert.</p>"),
        ("<p>Es sprach US-Präsident George W.</p><p>Bush.</p>",
         "<p>Es sprach US-Präsident George W. Bush.</p>"),
        ("<p>Mit dabei: Prof.</p><p>Dr.</p><p>Gerd Glaeske.</p>",
         "<p>Mit dabei: Prof. Dr. Gerd Glaeske.</p>"),
        ("<p>Es gab mehr als 2,4 Mrd.</p><p>Euro.</p>", "<p>Es gab mehr als 2,4 Mrd. Euro.</p>"),
        ("<p>Der Verein spielt in der 2.</p><p>Liga.</p>",
         "<p>Der Verein spielt in der 2. Liga.</p>"),
        ("<p>Es war am (3.</p><p>oder 4.) Mai.</p>", "<p>Es war am (3. oder 4.) Mai.</p>"),
    ],
)  # fmt: skip
def test_a_paragraph_break_that_cuts_a_sentence_is_no_break(body, joined):
    assert join_broken_paragraphs(body) == joined


@pytest.mark.parametrize(
    "body",
    [
        "<p>Das war im Jahr 2016.</p><p>Dieses Versagen hat Folgen.</p>",  # a year ends it
        "<p>Die Polizei kam am 3.</p><p>Die Lage blieb ruhig.</p>",  # an article opens one
        "<p>Die Frist endet am 3.</p><p>Zudem gilt eine neue Regel.</p>",  # an adverb too
        "<p>Es gilt der Plan B.</p><p>Er tritt morgen in Kraft.</p>",
        "<p>Die Botschaft aus dem Kreml</p><p>Putin sprach.</p>",  # a heading has no stop
        "<p>Er kam am 1.</p><h2>Mai</h2>",  # only paragraph breaks
        "<p>Ein Satz.</p><p>Noch ein Satz.</p>",
    ],
)
def test_a_break_after_a_sentence_stays(body):
    assert join_broken_paragraphs(body) == body


def test_a_hostile_body_of_half_a_million_cut_paragraphs_is_joined_in_one_pass():
    # every break joins: the paragraphs are collected and joined once, never copied per break
    body = "<p>am 1.</p>" * 500_000
    out = join_broken_paragraphs(body)
    assert out.count("<p>") == 1 and out.count("am 1.") == 500_000


@pytest.mark.django_db
def test_a_wire_file_cut_into_sentences_reads_as_paragraphs_and_is_tagged(client, tmp_path):
    sentences = [
        "Washington (dpa) - US-Präsident George W.",
        "Bush hat am Montag, dem 1.",
        "August, in Texas eine Rede gehalten.",
        "Er sprach über den Irak.",
        "Die Rede dauerte eine Stunde.",
    ]
    item = {
        "format": "digitalwires@0.9.1",
        "type": "composite",
        "urn": "urn:test:cut-paragraphs-1",
        "version": 1,
        "version_created": "2026-11-30T10:00:00+01:00",
        "pubstatus": "usable",
        "headline": "Präsident hält Rede in Texas",
        "article_html": "".join(f"<p>{s}</p>" for s in sentences),
    }
    (tmp_path / "item.json").write_text(json.dumps(item), encoding="utf-8")
    call_command("ingest", str(tmp_path))
    article = Article.objects.get(guid="urn:test:cut-paragraphs-1")
    assert article.body.count("<p>") == 3
    html = client.get(f"/artikel/{article.pk}/").content.decode()
    assert "George W. Bush hat am Montag, dem 1. August, in Texas eine Rede gehalten." in html
    assert "Bush" in " ".join(e.display for e in article.tags())
    # the same file again: nothing changed
    call_command("ingest", str(tmp_path))
    assert Article.objects.get(pk=article.pk).version == article.version
