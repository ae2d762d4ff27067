from django.contrib import admin, messages

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "active", "created", "last_used")
    list_filter = ("active",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created", "last_used")
    actions = ["deactivate", "rotate"]

    def save_model(self, request, obj: ApiToken, form, change: bool) -> None:
        if not change:
            token = obj.set_new_token()
            messages.warning(
                request,
                f"Token für {obj.name}: {token} – jetzt kopieren, es wird nicht wieder gezeigt.",
            )
        super().save_model(request, obj, form, change)

    @admin.action(description="Ausgewählte Tokens deaktivieren")
    def deactivate(self, request, queryset) -> None:
        n = queryset.update(active=False)
        messages.success(request, f"{n} Token(s) deaktiviert.")

    @admin.action(description="Neue Geheimnisse ausgeben (die alten gelten nicht mehr)")
    def rotate(self, request, queryset) -> None:
        for record in queryset:
            token = record.set_new_token()
            record.save(update_fields=["token_hash", "prefix"])
            messages.warning(request, f"Neues Token für {record.name}: {token}")
