"""Impressum and Datenschutz: the operator's texts from settings (text, or a path to a text
or HTML file), or a placeholder page that says what to set."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meldungen.ingest.sanitize import clean_html

PAGES = {
    "impressum": ("Impressum", "MELDUNGEN_IMPRESSUM", "IMPRESSUM"),
    "datenschutz": ("Datenschutzerklärung", "MELDUNGEN_DATENSCHUTZ", "DATENSCHUTZ"),
}
MAX_BYTES = 1024 * 1024


def text_html(text: str) -> SafeString:
    """Plain text as paragraphs: blank lines separate them, single newlines become <br>."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return mark_safe("".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs))


def configured_html(value: str) -> tuple[SafeString | None, str]:
    """(HTML, problem) for a setting's value: a readable file's content (``.html``/``.htm``
    sanitized, anything else as text) or the value itself as text."""
    value = (value or "").strip()
    if not value:
        return None, ""
    looks_like_path = value.startswith(("/", "./", "~")) or Path(value).is_file()
    if "\n" not in value and len(value) < 4096 and looks_like_path:
        path = Path(value).expanduser()
        try:
            data = path.read_bytes()[:MAX_BYTES].decode("utf-8", errors="replace")
        except OSError as error:
            return None, f"Die Datei {value} kann nicht gelesen werden ({error.strerror})."
        if path.suffix.lower() in (".html", ".htm"):
            return mark_safe(clean_html(data)), ""  # output of the allow-list sanitizer
        return text_html(data), ""
    return text_html(value), ""


def legal_page(request: HttpRequest, page: str) -> HttpResponse:
    title, variable, key = PAGES[page]
    html, problem = configured_html(settings.MELDUNGEN.get(key, ""))
    context = {"title": title, "variable": variable, "content": html, "problem": problem}
    return render(request, "web/legal.html", context)
