"""Bearer tokens for the API's write endpoints. Only a hash is stored; the token is shown once."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    name = models.CharField(
        "Name", max_length=200, help_text="Wer es benutzt, z. B. der Name des Agenturdiensts"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("Anfang", max_length=12, editable=False, help_text="erste Zeichen")
    created = models.DateTimeField("angelegt", default=timezone.now, editable=False)
    last_used = models.DateTimeField("zuletzt benutzt", null=True, blank=True, editable=False)
    active = models.BooleanField("aktiv", default=True)

    class Meta:
        verbose_name = "API-Token"
        verbose_name_plural = "API-Tokens"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def set_new_token(self) -> str:
        """Give this record a fresh random token and return it (the only time it is seen)."""
        token = "mld_" + secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.prefix = token[:10]
        return token

    @classmethod
    def issue(cls, name: str) -> tuple[ApiToken, str]:
        record = cls(name=name)
        token = record.set_new_token()
        record.save()
        return record, token

    @classmethod
    def authenticate(cls, token: str) -> ApiToken | None:
        """The active token record for ``token``; notes when it was last used."""
        if not token:
            return None
        record = cls.objects.filter(token_hash=hash_token(token), active=True).first()
        if record is not None:
            now = timezone.now()
            cls.objects.filter(pk=record.pk).update(last_used=now)
            record.last_used = now
        return record
