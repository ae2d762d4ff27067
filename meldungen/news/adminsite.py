"""The editors' desk's admin site: Django's, with two answers to hand-made requests that
Django leaves to a 500 (an action posted with ids that are no ids of the model, and the
autocomplete view asked about a reverse relation, which has no widget). Installed in place
of ``django.contrib.admin`` (settings.INSTALLED_APPS), so ``admin.site`` is this site and
every ModelAdmin registered on it, Django's own (users, groups) included, checks its
selection."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignObjectRel
from django.http import HttpResponseRedirect


def invalid_ids(model, values: list[str]) -> list[str]:
    """The posted values that cannot be a primary key of ``model`` (not a number, or out of
    the database's range for an integer key)."""
    pk = model._meta.pk
    bad = []
    for value in values:
        try:
            pk.run_validators(pk.to_python(value))
        except (ValidationError, TypeError, ValueError):
            bad.append(value)
    return bad


class SelectionCheck:
    """Mixed into every ModelAdmin of the site: an action whose selection holds a value that
    is no id ("abc", "1.5", a number past the database's range), or a list's edited rows
    posted with such an id, change nothing and say so, instead of failing inside the
    query."""

    def _refused(self, request, values: list[str]) -> bool:
        bad = invalid_ids(self.model, values)
        if bad:
            shown = ", ".join(repr(value)[:30] for value in bad[:3])
            self.message_user(
                request,
                f"Ungültige Auswahl ({shown}): keine Kennung eines Eintrags, nichts geändert",
                messages.ERROR,
            )
        return bool(bad)

    def response_action(self, request, queryset):
        if self._refused(request, request.POST.getlist(ACTION_CHECKBOX_NAME)):
            return None  # Django's changelist then redirects back with the message
        return super().response_action(request, queryset)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" in request.POST and self.list_editable:
            pk = f"-{self.model._meta.pk.name}"
            rows = [v for k, v in request.POST.items() if k.startswith("form-") and k.endswith(pk)]
            if self._refused(request, rows):
                return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)


class DeskAutocomplete(AutocompleteJsonView):
    """A reverse relation (``field_name=user`` of a group) has no autocomplete widget and no
    limit on its choices: refused as Django refuses an unknown field (403)."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if isinstance(source_field, ForeignObjectRel):
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name


class DeskSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return DeskAutocomplete.as_view(admin_site=self)(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SelectionCheck):
            admin_class = type(
                admin_class.__name__,
                (SelectionCheck, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)


class DeskAdminConfig(AdminConfig):
    default_site = "meldungen.news.adminsite.DeskSite"
