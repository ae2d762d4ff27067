"""The editors' article form: the body is edited as plain paragraphs, not as raw HTML.

The field shows the stored (sanitized) HTML as text, one paragraph per block with blank lines
between them, and turns what the editor typed back into sanitized <p> paragraphs on save. An
unchanged body keeps its stored HTML (its links and subheads)."""

from __future__ import annotations

import json

from django import forms

from meldungen.ingest.bounds import DATE_MAX, DATE_MIN
from meldungen.ingest.sanitize import clean_html, paragraphs_html
from meldungen.text import html_to_text

from .models import Article, Entity, TopicSlug


def body_as_text(html: str) -> str:
    return "\n\n".join(html_to_text(html or "").split("\n"))


def _comparable(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class BodyTextField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 20, "cols": 100})


class TextListField(forms.JSONField):
    """Keywords and Ressort hints: a JSON list of texts (``["Politik", "Berlin"]``). Anything
    else (a number, an object, ``1e309`` which is no JSON a database stores) is a form error,
    not an error of the database or of the search index on save; empty is the empty list."""

    default_error_messages = {
        "invalid": 'Eine JSON-Liste von Texten angeben, z. B. ["Politik", "Berlin"].',
    }

    def to_python(self, value):
        if isinstance(value, str) and not value.strip():
            return []
        value = super().to_python(value)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class FiniteJSONField(forms.JSONField):
    """Django's JSON form field refuses what the database's JSON cannot hold: ``1e309``
    decodes to infinity, which is no JSON (SQLite's check constraint and PostgreSQL's jsonb
    refuse it: a 500 on save)."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            json.dumps(value, allow_nan=False)
        except ValueError:
            raise forms.ValidationError(
                "Zahlen außerhalb des JSON-Bereichs (unendlich) sind nicht erlaubt.",
                code="invalid",
            ) from None
        return value


class ArticleForm(forms.ModelForm):
    keywords = TextListField(label="Schlagwörter", required=False)
    ressort_hints = TextListField(label="Ressort-Hinweise", required=False)
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

    def clean(self):
        cleaned = super().clean()
        for name in ("published", "updated", "embargo"):
            value = cleaned.get(name)
            if value is not None and not DATE_MIN <= value <= DATE_MAX:
                self.add_error(
                    name, f"Nur Zeiten zwischen {DATE_MIN.year} und {DATE_MAX.year} sind möglich."
                )
        return cleaned

    def clean_body(self) -> str:
        text = self.cleaned_data.get("body") or ""
        stored = self.instance.body if self.instance and self.instance.pk else ""
        if stored and _comparable(text) == _comparable(body_as_text(stored)):
            return stored  # not edited: keep its links and subheads
        return clean_html(paragraphs_html(text))


class EntityForm(forms.ModelForm):
    """An entity merged into another by hand must not end up merged into itself: a topic
    merged into itself, directly or through others, sent every reader who followed its merges
    round in a circle."""

    class Meta:
        model = Entity
        fields = "__all__"

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        former = TopicSlug.objects.filter(slug=slug).exclude(entity=self.instance.pk).first()
        if former is not None:
            raise forms.ValidationError(
                f"„{slug}“ war die Adresse von „{former.entity.display}“ und leitet dorthin "
                "weiter; bitte eine andere wählen."
            )
        return slug

    def clean_merged_into(self):
        target = self.cleaned_data.get("merged_into")
        if target is None or self.instance.pk is None:
            return target
        seen: set[int] = set()
        entity = target
        while entity is not None and entity.pk not in seen:
            if entity.pk == self.instance.pk:
                raise forms.ValidationError(
                    "Eine Entität kann nicht in sich selbst zusammengeführt werden "
                    "(auch nicht über andere, die in sie zusammengeführt sind)."
                )
            seen.add(entity.pk)
            entity = entity.merged_into
        return target
