"""Accounts, "Meine Meldungen", follows, alert settings, unsubscribe, WebSub callback.
Include with ``path("", include("meldungen.follow.urls"))`` in meldungen/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("konto/registrieren/", views.signup, name="follow_signup"),
    path(
        "konto/anmelden/",
        views.private(auth_views.LoginView.as_view(template_name="follow/login.html")),
        name="login",
    ),
    path("konto/abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/benachrichtigungen/", views.alert_settings, name="follow_settings"),
    path("konto/abbestellen/<str:token>/", views.unsubscribe, name="follow_unsubscribe"),
    path("meine-meldungen/", views.mine, name="follow_mine"),
    path("folgen/", views.toggle, name="follow_toggle"),
    path("websub/<int:pk>/", views.websub_callback, name="websub_callback"),
]
