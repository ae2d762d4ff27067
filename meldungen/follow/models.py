"""Readers' follows, their alert settings, the alerts sent, webhook deliveries and WebSub
subscriptions to sources' hubs."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Follow(models.Model):
    """One followed slice: a topic (entity slug), a story (id) or a saved search (query)."""

    class Kind(models.TextChoices):
        TOPIC = "topic", "Thema"
        STORY = "story", "Geschichte"
        SEARCH = "search", "Suche"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField("Art", max_length=10, choices=Kind.choices)
    target = models.CharField("Ziel", max_length=300)  # slug, story id or search query
    label = models.CharField("Bezeichnung", max_length=300, blank=True)
    created_at = models.DateTimeField("seit", default=timezone.now)

    class Meta:
        verbose_name = "Folge"
        verbose_name_plural = "Folgen"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "target"], name="follow_unique")
        ]
        indexes = [models.Index(fields=["kind", "target"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.get_kind_display()} {self.label or self.target}"


class AlertProfile(models.Model):
    """How a reader wants to be told: e-mail (immediately or a daily digest) and a webhook."""

    class Email(models.TextChoices):
        OFF = "off", "keine E-Mails"
        IMMEDIATE = "immediate", "sofort"
        DAILY = "daily", "täglich (Zusammenfassung)"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_profile"
    )
    email_mode = models.CharField(
        "E-Mail", max_length=10, choices=Email.choices, default=Email.IMMEDIATE
    )
    webhook_url = models.URLField("Webhook-Adresse", max_length=2000, blank=True)
    webhook_secret = models.CharField("Webhook-Schlüssel", max_length=100, default=new_secret)

    class Meta:
        verbose_name = "Benachrichtigungs-Einstellung"
        verbose_name_plural = "Benachrichtigungs-Einstellungen"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_mode_display()}"


class Alert(models.Model):
    """One alert to one reader about one report of a story (see alerts.py for when)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    story_id = models.CharField("Geschichte", max_length=40, db_index=True)
    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField("Version", default=1)
    source_key = models.CharField("Quelle", max_length=300, blank=True)
    reason = models.CharField("Anlass", max_length=30)
    follows = models.JSONField("Folgen", default=list)
    created_at = models.DateTimeField("Zeit", default=timezone.now, db_index=True)
    emailed_at = models.DateTimeField("gemailt", null=True, blank=True)
    digest_pending = models.BooleanField("für Zusammenfassung", default=False)

    class Meta:
        verbose_name = "Benachrichtigung"
        verbose_name_plural = "Benachrichtigungen"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article", "version"], name="alert_once_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: Story {self.story_id} ({self.reason})"


class WebhookDelivery(models.Model):
    """One webhook call and its attempts (the delivery log in the admin)."""

    class Status(models.TextChoices):
        PENDING = "pending", "ausstehend"
        DELIVERED = "delivered", "zugestellt"
        FAILED = "failed", "aufgegeben"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.SET_NULL)
    url = models.CharField("Adresse", max_length=2000)
    payload = models.JSONField("Inhalt")
    status = models.CharField(
        "Status", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField("Versuche", default=0)
    last_status = models.IntegerField("HTTP", null=True, blank=True)
    last_error = models.TextField("letzter Fehler", blank=True)
    next_attempt_at = models.DateTimeField("nächster Versuch", null=True, blank=True)
    created_at = models.DateTimeField("angelegt", default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField("zugestellt am", null=True, blank=True)

    class Meta:
        verbose_name = "Webhook-Zustellung"
        verbose_name_plural = "Webhook-Zustellungen"
        ordering = ["-created_at"]


class WebSubSubscription(models.Model):
    """A subscription of the portal to a source's hub; pushes arrive at /websub/<id>/."""

    class State(models.TextChoices):
        REQUESTED = "requested", "angefragt"
        VERIFIED = "verified", "aktiv"
        DENIED = "denied", "abgelehnt"
        FAILED = "failed", "fehlgeschlagen"
        UNSUBSCRIBING = "unsubscribing", "wird gekündigt"

    source = models.OneToOneField("news.Source", on_delete=models.CASCADE, related_name="websub")
    hub = models.CharField("Hub", max_length=2000)
    topic = models.CharField("Topic", max_length=2000)
    secret = models.CharField("Schlüssel", max_length=100, default=new_secret)
    state = models.CharField("Zustand", max_length=15, choices=State.choices)
    lease_expires_at = models.DateTimeField("läuft ab", null=True, blank=True)
    requested_at = models.DateTimeField("angefragt am", null=True, blank=True)
    last_push_at = models.DateTimeField("letzte Lieferung", null=True, blank=True)
    pushes = models.PositiveIntegerField("Lieferungen", default=0)
    rejected_pushes = models.PositiveIntegerField("abgewiesene Lieferungen", default=0)
    last_error = models.TextField("letzter Fehler", blank=True)

    class Meta:
        verbose_name = "WebSub-Abonnement"
        verbose_name_plural = "WebSub-Abonnements"

    def __str__(self) -> str:
        return f"{self.source} @ {self.hub} ({self.get_state_display()})"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.state == self.State.VERIFIED and (
            self.lease_expires_at is None or self.lease_expires_at > now
        )
