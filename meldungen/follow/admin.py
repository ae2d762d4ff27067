from django.contrib import admin
from django.db import models

from meldungen.news.admin_forms import FiniteJSONField

from .models import Alert, AlertProfile, Follow, WebhookDelivery, WebSubSubscription


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "label", "target", "created_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "target", "label")


@admin.register(AlertProfile)
class AlertProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "email_mode", "webhook_url")
    list_filter = ("email_mode",)
    exclude = ("webhook_secret",)


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "story_id", "reason", "source_key", "emailed_at")
    list_filter = ("reason",)
    raw_id_fields = ("article",)
    formfield_overrides = {models.JSONField: {"form_class": FiniteJSONField}}


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every webhook call, its attempts and its last answer."""

    list_display = (
        "created_at",
        "user",
        "url",
        "status",
        "attempts",
        "last_status",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status",)
    readonly_fields = (
        "user",
        "alert",
        "url",
        "payload",
        "attempts",
        "last_status",
        "last_error",
        "created_at",
        "delivered_at",
    )
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False  # a log of calls the portal made: every field is read-only, none to add

    @admin.action(description="Jetzt erneut zustellen")
    def retry_now(self, request, queryset):
        from .webhooks import deliver

        for delivery in queryset:
            if delivery.status != WebhookDelivery.Status.DELIVERED:
                WebhookDelivery.objects.filter(pk=delivery.pk).update(
                    status=WebhookDelivery.Status.PENDING
                )
                deliver(delivery.pk)


@admin.register(WebSubSubscription)
class WebSubSubscriptionAdmin(admin.ModelAdmin):
    list_display = (
        "source",
        "hub",
        "state",
        "lease_expires_at",
        "pushes",
        "rejected_pushes",
        "last_push_at",
    )
    list_filter = ("state",)
    exclude = ("secret",)
