"""The allow-list sanitizer: what survives, what is removed, how links are rewritten."""

from __future__ import annotations

from meldungen.ingest.recommendations import drop_closing_actions, drop_recommendations
from meldungen.ingest.sanitize import clean_html, drop_leading_repeats
from meldungen.text import html_to_text


def test_script_style_iframe_are_removed_with_their_content() -> None:
    html = (
        '<p>Vorher</p><script>alert("x")</script><style>p{color:red}</style>'
        '<iframe src="https://evil.example/">Rahmen</iframe><p>Nachher</p>'
    )
    assert clean_html(html) == "<p>Vorher</p><p>Nachher</p>"


def test_event_handlers_and_unknown_attributes_are_dropped() -> None:
    html = '<p onclick="steal()" class="x" style="color:red">Text <b onmouseover="x()">fett</b></p>'
    assert clean_html(html) == "<p>Text <b>fett</b></p>"


def test_javascript_and_data_urls_lose_the_link_but_keep_the_text() -> None:
    html = (
        '<p><a href="javascript:alert(1)">Klick</a> und '
        '<a href="JaVaScRiPt:alert(1)">hier</a> und <a href="data:text/html,x">da</a></p>'
    )
    cleaned = clean_html(html)
    assert "javascript" not in cleaned.lower() and "data:" not in cleaned
    assert "<a" not in cleaned
    assert html_to_text(cleaned) == "Klick und hier und da"


def test_allowed_links_get_rel_and_relative_links_are_resolved() -> None:
    html = (
        '<p><a href="/politik/artikel-1.html" target="_blank">intern</a> '
        '<a href="https://example.org/x">extern</a> <a href="mailto:redaktion@example.de">'
        "Mail</a></p>"
    )
    cleaned = clean_html(html, base_url="https://www.zeitung.example/start/seite.html")
    assert (
        '<a href="https://www.zeitung.example/politik/artikel-1.html" '
        'rel="noopener nofollow">intern</a>'
    ) in cleaned
    assert '<a href="https://example.org/x" rel="noopener nofollow">extern</a>' in cleaned
    assert 'href="mailto:redaktion@example.de"' in cleaned
    assert "target" not in cleaned


def test_relative_link_without_base_keeps_only_its_text() -> None:
    assert clean_html('<p><a href="/intern">Link</a></p>') == "<p>Link</p>"


def test_tracking_pixels_and_all_images_are_dropped() -> None:
    html = (
        '<p>Text<img src="https://track.example.net/p.gif?u=1" width="1" height="1">'
        '</p><p><img src="https://cdn.example/bild.jpg" alt="Bild"></p>'
    )
    assert clean_html(html) == "<p>Text</p>"


def test_headings_lists_tables_and_empty_paragraphs() -> None:
    html = (
        "<h1>Titel</h1><h5>Klein</h5><p> </p><p>&nbsp;</p><p><br></p>"
        "<ul><li>eins</li><li></li></ul><blockquote>Zitat</blockquote>"
        '<figure class="table"><table><tr><td colspan="2" style="x">Zelle</td></tr></table>'
        "</figure><section><p>Absatz</p></section>"
    )
    cleaned = clean_html(html)
    assert cleaned.startswith("<h2>Titel</h2><h4>Klein</h4><ul><li>eins</li></ul>")
    assert "<blockquote>Zitat</blockquote>" in cleaned
    assert '<td colspan="2">Zelle</td>' in cleaned
    assert "<p>Absatz</p>" in cleaned and "<p></p>" not in cleaned
    assert "figure" not in cleaned and "section" not in cleaned


def test_whitespace_from_pretty_printed_sources_is_collapsed() -> None:
    assert (
        clean_html("<p>Eine\n     Zeile\n</p>\n\n  <p>zwei</p>") == "<p>Eine Zeile</p><p>zwei</p>"
    )


def test_text_of_decodes_entities_and_separates_blocks() -> None:
    html = "<h2>Titel</h2><p>Müller &amp; Söhne</p><p>erste<br>zweite</p><script>x()</script>"
    assert html_to_text(html) == "Titel\nMüller & Söhne\nerste\nzweite"
    assert html_to_text("Kein &lt;HTML&gt;") == "Kein <HTML>"


def test_drop_leading_repeats_removes_headline_and_teaser_copies() -> None:
    body = "<p>Die Schlagzeile</p><p>Der Vorspann.</p><p>Der eigentliche Text.</p>"
    assert (
        drop_leading_repeats(body, "Die Schlagzeile", "Der Vorspann")
        == "<p>Der eigentliche Text.</p>"
    )
    assert drop_leading_repeats("<p>Anders.</p>", "Die Schlagzeile") == "<p>Anders.</p>"


def test_drop_leading_repeats_takes_the_label_lines_above_a_repeated_headline() -> None:
    body = "<p>Merz, Macron</p><p>03.05.2025</p><h2>Die Schlagzeile</h2><p>Der Text.</p>"
    assert drop_leading_repeats(body, "Die Schlagzeile") == "<p>Der Text.</p>"
    # a sentence is no label, three lines are too many, and nothing goes without a repeat
    sentence = "<p>Berlin.</p><h2>Die Schlagzeile</h2><p>Der Text.</p>"
    assert drop_leading_repeats(sentence, "Die Schlagzeile") == sentence
    three = "<p>a</p><p>b</p><p>c</p><h2>Die Schlagzeile</h2><p>Der Text.</p>"
    assert drop_leading_repeats(three, "Die Schlagzeile") == three
    plain = "<p>Kurz</p><p>Der Text.</p>"
    assert drop_leading_repeats(plain, "Die Schlagzeile") == plain


def test_reading_recommendations_leave_the_body() -> None:
    link = '<a href="https://x.example/1" rel="noopener nofollow">Lindner warnt vor Schulden</a>'
    body = (
        f"<p>Merz reiste nach Paris.</p><p>Lesen Sie auch: {link}</p><p>Am Abend aßen sie.</p>"
        f"<h3>Mehr zum Thema</h3><ul><li>{link}</li></ul><p>{link}</p>"
        "<p>Die Top-Themen der MSN-Leser: Söder kritisiert Ampel</p><p>Zum Schluss.</p>"
    )
    assert drop_recommendations(body) == (
        "<p>Merz reiste nach Paris.</p><p>Am Abend aßen sie.</p><p>Zum Schluss.</p>"
    )
    # a long paragraph that opens like one is the article going on; no block, no change
    long = "<p>Mehr dazu: " + "Die Regierung beschloss am Montag neue Regeln. " * 8 + "</p>"
    assert drop_recommendations(long) == long
    for same in ("", "nur Text", "<p>a</p>Text<p>b</p>", "<p>Lesen Sie das Buch.</p>"):
        assert drop_recommendations(same) == same


def test_calls_to_action_leave_the_body() -> None:
    body = (
        "<p>Der Rat tagte.</p><p>Kommentar abgeben / Kommentare ansehen</p>"
        "<p>Er sagte, es gebe Regeln.  Kommentar abgeben  Portal:Deutschland</p>"
    )
    assert drop_recommendations(body) == "<p>Der Rat tagte.</p><p>Er sagte, es gebe Regeln.</p>"
    # what follows them is the page's end matter (a note, other articles' headlines)
    end = "<p>Der Rat tagte.</p><p>Kommentar abgeben Dieser Artikel ist eine Übersetzung.</p>"
    assert drop_recommendations(end) == "<p>Der Rat tagte.</p>"
    closing = "<p>Er entschied. Kommentar abgeben VVD billigt Regierung (29.09.2010)</p>"
    assert drop_recommendations(closing) == "<p>Er entschied.</p>"
    assert drop_closing_actions("Er entschied. Kommentare ansehen Portal:Niederlande") == (
        "Er entschied."
    )
    # after a sentence that lost its full stop, or after its footnote marks
    for cut, left in (
        ("Lärm wird gemessen Kommentar abgeben Ministerium: 2016 regnete es", "Lärm wird gemessen"),
        ("Petry schert aus Kommentar abgeben", "Petry schert aus"),
        ("Text vom 18.01.2012 Kommentar abgeben / Kommentare ansehen", "Text vom 18.01.2012"),
        ("Frei unter CC-BY. [1] Kommentar abgeben / Kommentare ansehen", "Frei unter CC-BY."),
    ):  # fmt: skip
        assert drop_recommendations(f"<p>Er kam.</p><p>{cut}</p>") == f"<p>Er kam.</p><p>{left}</p>"
    # the words in a sentence stay, at its start too
    for same in (
        "<p>Er will einen Kommentar abgeben</p>",
        "<p>Er will Kommentar abgeben und geht.</p>",
        "<p>Er möchte hier Kommentar abgeben.</p>",
        "<p>Die Partei will teilen.</p>",
        "<p>Teilen ist gut, sagte er.</p>",
        "<p>Nach oben korrigiert wurde die Prognose.</p>",
        "<p>Drucken und Verlage leiden.</p>",
        "<p>Er sagte es. Teilen Sie das? Viele tun es.</p>",
    ):
        assert drop_recommendations(same) == same


def test_recommendation_headings_in_their_usual_forms() -> None:
    link = '<ul><li><a href="https://x.example/1" rel="noopener nofollow">Anderes</a></li></ul>'
    for heading in (
        "Das Thema könnte dich auch interessieren:",
        "Verwandte Themen auf unserem Blog:",
        "Empfehlungen von Matthias:",
        "Mehr zum Thema",
    ):
        assert drop_recommendations(f"<p>Der Text.</p><p>{heading}</p>{link}") == (
            "<p>Der Text.</p>"
        ), heading
