"""Readers' accounts, "Meine Meldungen", follow buttons, alert settings, unsubscribe and the
WebSub callback. Every answer here is private: ``Cache-Control: private, no-store`` (the page
cache also passes every request with a session cookie by)."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from meldungen.web.views import paginate

from . import slices, websub
from .links import user_of_token
from .models import AlertProfile, Follow, WebSubSubscription


def private(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


def signup_open() -> bool:
    return bool(settings.MELDUNGEN.get("SIGNUP", True))


class SignupForm(UserCreationForm):
    email = forms.EmailField(label="E-Mail-Adresse", required=True)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


@private
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not signup_open():
        return render(request, "follow/signup_closed.html", status=403)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        AlertProfile.objects.get_or_create(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("follow_mine")
    return render(request, "follow/signup.html", {"form": form})


@private
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    follows = list(Follow.objects.filter(user=request.user).order_by("kind", "label"))
    for follow in follows:
        follow.url = slices.page_url(follow)
        follow.rss, follow.atom = slices.feed_urls(follow.kind, follow.target)
    page = paginate(request, slices.followed_articles(request.user))
    return render(request, "follow/mine.html", {"follows": follows, "page": page})


def _back(request: HttpRequest, fallback: str) -> str:
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    return fallback


@private
@require_POST
@login_required
def toggle(request: HttpRequest) -> HttpResponse:
    """Follow (or, with ``action=unfollow``, stop following) a topic, story or search."""
    kind = request.POST.get("kind", "")
    if kind not in Follow.Kind.values:
        return HttpResponseBadRequest("Unbekannte Art.")
    resolved = slices.resolve(kind, request.POST.get("target", ""))
    if resolved is None:
        raise Http404("Das gibt es nicht.")
    target, label = resolved
    if request.POST.get("action") == "unfollow":
        targets = slices.follow_targets(kind, target)
        Follow.objects.filter(user=request.user, kind=kind, target__in=targets).delete()
        messages.info(request, f"Sie folgen „{label}“ nicht mehr.")
    else:
        Follow.objects.get_or_create(
            user=request.user, kind=kind, target=target, defaults={"label": label}
        )
        AlertProfile.objects.get_or_create(user=request.user)
        messages.success(request, f"Sie folgen jetzt „{label}“.")
    return redirect(_back(request, "/meine-meldungen/"))


class AlertForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label="Webhook-Adresse", required=False, max_length=2000, assume_scheme="https"
    )

    class Meta:
        model = AlertProfile
        fields = ("email_mode", "webhook_url")
        help_texts = {
            "webhook_url": "Jede Benachrichtigung als JSON per POST, signiert mit HMAC-SHA256 "
            "(Kopfzeile X-Meldungen-Signature).",
        }

    def clean_webhook_url(self) -> str:
        from meldungen.ingest.fetch import refuse_reason

        url = self.cleaned_data.get("webhook_url", "").strip()
        if url:
            refused = refuse_reason(url, settings.MELDUNGEN.get("ALLOW_PRIVATE_FETCH", False))
            if refused:
                raise forms.ValidationError(f"Diese Adresse ist nicht erlaubt: {refused}")
        return url


@private
@login_required
@require_http_methods(["GET", "POST"])
def alert_settings(request: HttpRequest) -> HttpResponse:
    profile, _ = AlertProfile.objects.get_or_create(user=request.user)
    if request.method == "POST" and request.POST.get("action") == "new_secret":
        from .models import new_secret

        profile.webhook_secret = new_secret()
        profile.save()
        messages.success(request, "Neuer Webhook-Schlüssel erzeugt.")
        return redirect("follow_settings")
    form = AlertForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Gespeichert.")
        return redirect("follow_settings")
    return render(request, "follow/settings.html", {"form": form, "profile": profile})


@private
@csrf_exempt  # the signed token is the authorisation (RFC 8058 one-click POST has no CSRF)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """POST (the mail client's RFC 8058 one-click, or the button) unsubscribes; GET, the link
    in the mail, only asks: mail scanners that open every link would unsubscribe readers."""
    user_id = user_of_token(token)
    if user_id is None:
        return render(request, "follow/unsubscribed.html", {"invalid": True}, status=400)
    if request.method != "POST":
        return render(request, "follow/unsubscribed.html", {"confirm": True})
    AlertProfile.objects.update_or_create(
        user_id=user_id, defaults={"email_mode": AlertProfile.Email.OFF}
    )
    return render(request, "follow/unsubscribed.html", {"invalid": False})


@private
@csrf_exempt  # hubs post without a CSRF token; pushes are checked by their HMAC
@require_http_methods(["GET", "POST"])
def websub_callback(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(WebSubSubscription, pk=pk)
    if request.method == "GET":
        challenge = websub.verify(sub, request.GET)
        if challenge is None:
            raise Http404("Kein solches Abonnement.")
        return HttpResponse(challenge, content_type="text/plain; charset=utf-8")
    websub.receive_push(sub, request.body, request.headers)
    return HttpResponse(status=202)  # also for a bad signature, as WebSub asks
