"""The editors' article form: the body is edited as plain paragraphs, not as raw HTML.

The field shows the stored (sanitized) HTML as text, one paragraph per block with blank lines
between them, and turns what the editor typed back into sanitized <p> paragraphs on save. An
unchanged body keeps its stored HTML (its links and subheads)."""

from __future__ import annotations

from django import forms

from meldungen.ingest.sanitize import clean_html, paragraphs_html
from meldungen.text import html_to_text

from .models import Article


def body_as_text(html: str) -> str:
    return "\n\n".join(html_to_text(html or "").split("\n"))


def _comparable(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class BodyTextField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 20, "cols": 100})


class ArticleForm(forms.ModelForm):
    body = BodyTextField(
        label="Text",
        required=False,
        help_text="Absätze durch Leerzeilen trennen. Der Text wird als reiner Text "
        "gespeichert; HTML wird nicht ausgeführt, sondern als Text gezeigt.",
    )

    class Meta:
        model = Article
        fields = "__all__"  # the admin narrows the fields itself

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.initial["body"] = body_as_text(self.instance.body if self.instance else "")

    def clean_body(self) -> str:
        text = self.cleaned_data.get("body") or ""
        stored = self.instance.body if self.instance and self.instance.pk else ""
        if stored and _comparable(text) == _comparable(body_as_text(stored)):
            return stored  # not edited: keep its links and subheads
        return clean_html(paragraphs_html(text))
