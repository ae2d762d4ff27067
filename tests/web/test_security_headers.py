"""Security headers, host checking, admin login throttling and data-dir permissions."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from meldungen import hardening
from meldungen.news.models import Source
from meldungen.web.headers import client_ip
from tests.storehelp import put

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def article(db):
    source = Source.objects.create(name="Testfeed", url="https://feed.example.org/rss")
    return put("sec-1", "Sicherheit im Netz", source, body="<p>Text.</p>", teaser="Ein Anriss.")


def test_pages_carry_a_script_free_csp(client, article):
    for url in ("/", article.get_absolute_url(), "/suche?q=Netz"):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp, url
        assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        html = response.content.decode()
        assert " style=" not in html, url  # no inline styles for 'style-src self' to block
        # the only script element is the JSON-LD data block, which no browser executes
        for chunk in html.split("<script")[1:]:
            assert chunk.startswith(' type="application/ld+json">'), chunk[:60]


def test_admin_gets_a_policy_that_allows_its_own_scripts(admin_client, article):
    response = admin_client.get("/admin/news/article/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html


def test_forged_host_is_refused(article):
    forged = Client(HTTP_HOST="evil.example")
    for url in ("/", "/sitemap.xml", "/rss.xml", article.get_absolute_url()):
        response = forged.get(url)
        assert response.status_code == 400, url
        assert b"evil.example" not in response.content


@override_settings(
    PUBLIC_URL="https://news.example.org", ALLOWED_HOSTS=["news.example.org", "testserver"]
)
def test_canonical_urls_come_from_the_public_url(article):
    html = Client(HTTP_HOST="testserver").get(article.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="https://news.example.org/artikel/{article.pk}/">' in html
    assert "http://testserver" not in html
    refused = Client(HTTP_HOST="evil.example").get("/sitemap.xml")
    assert refused.status_code == 400


@override_settings(
    PUBLIC_URL="https://news.example.org", ALLOWED_HOSTS=["news.example.org", "testserver"]
)
def test_feeds_and_sitemaps_take_the_public_urls_scheme(article):
    """Behind a proxy that ends TLS without X-Forwarded-Proto, feeds, sitemaps and robots.txt
    said http:// for an https site while canonical links said https."""
    public = Client(HTTP_HOST="news.example.org")
    for url in ("/sitemap.xml", "/rss.xml", "/atom.xml", "/robots.txt"):
        body = public.get(url).content.decode()
        assert "https://news.example.org/" in body, url
        assert "http://news.example.org" not in body, url
    assert public.get("/").status_code == 200
    # another allowed host (an internal address) keeps its own scheme
    internal = Client(HTTP_HOST="testserver").get("/sitemap.xml").content.decode()
    assert "http://testserver/" in internal


def test_hosts_and_origins_derive_from_the_public_url():
    assert hardening.allowed_hosts("https://news.example.org:8443/", "", "0.0.0.0") == [
        "news.example.org"
    ]
    assert hardening.parse_public_url("https://news.example.org:8443/")[2] == (
        "https://news.example.org:8443"
    )
    local = hardening.allowed_hosts("", "intern.lan", "0.0.0.0")
    assert local == ["localhost", "127.0.0.1", "[::1]", "intern.lan"]
    assert "192.168.1.5" in hardening.allowed_hosts("", "", "192.168.1.5")
    with pytest.raises(hardening.ConfigError):
        hardening.parse_public_url("news.example.org")
    assert "MELDUNGEN_PUBLIC_URL is not set" in hardening.startup_warnings("", local)[0]
    assert hardening.startup_warnings("https://a.example", ["a.example"]) == []


def _settings_of(env: dict[str, str]) -> dict[str, str]:
    code = (
        "import django; from django.conf import settings as s; django.setup();"
        "print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " getattr(s, 'SECURE_PROXY_SSL_HEADER', None), sep='|')"
    )
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("MELDUNGEN_")}
    run_env.update(env, DJANGO_SETTINGS_MODULE="meldungen.settings", MELDUNGEN_TESTING="1")
    out = subprocess.run(
        [sys.executable, "-c", code], env=run_env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    keys = ("hosts", "origins", "hsts", "session_secure", "csrf_secure", "proxy")
    return dict(zip(keys, out.stdout.strip().splitlines()[-1].split("|"), strict=True))


def test_tls_proxy_setting_turns_on_hsts_and_secure_cookies(tmp_path):
    plain = _settings_of({"MELDUNGEN_DATA_DIR": str(tmp_path / "a")})
    assert plain["hsts"] == "0" and plain["session_secure"] == "False"
    assert plain["proxy"] == "None" and "'*'" not in plain["hosts"]
    proxied = _settings_of(
        {
            "MELDUNGEN_DATA_DIR": str(tmp_path / "b"),
            "MELDUNGEN_PUBLIC_URL": "https://news.example.org",
            "MELDUNGEN_BEHIND_TLS_PROXY": "1",
        }
    )
    assert proxied["hosts"] == "['news.example.org']"
    assert proxied["origins"] == "['https://news.example.org']"
    assert int(proxied["hsts"]) >= 31536000
    assert proxied["session_secure"] == proxied["csrf_secure"] == "True"
    assert proxied["proxy"] == "('HTTP_X_FORWARDED_PROTO', 'https')"


@override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), SECURE_HSTS_SECONDS=31536000
)
def test_hsts_is_sent_on_requests_the_proxy_marks_secure(client, article):
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/")


@override_settings(AXES_FAILURE_LIMIT=3)
def test_admin_login_locks_after_repeated_failures(db):
    User.objects.create_superuser("redaktion", "r@example.org", "richtig-und-lang")
    browser = Client()
    form = {"username": "redaktion", "password": "falsch", "next": "/admin/"}
    answers = [browser.post("/admin/login/", form).status_code for _ in range(4)]
    assert answers[:2] == [200, 200]  # the form again, with an error
    assert answers[-1] == 429
    right = dict(form, password="richtig-und-lang")
    assert browser.post("/admin/login/", right).status_code == 429  # locked even when right
    other = Client(REMOTE_ADDR="203.0.113.9")  # another address is not locked out
    assert other.post("/admin/login/", right).status_code == 302


@override_settings(BEHIND_TLS_PROXY=True)
def test_client_ip_behind_the_proxy_is_the_hop_it_appended(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "198.51.100.7"


def test_data_dir_and_sqlite_file_are_owner_only(tmp_path):
    data = tmp_path / "data"
    hardening.owner_only_dir(data)
    db_file = data / "meldungen.sqlite3"
    hardening.owner_only_file(db_file)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600
    loose = data / "old.sqlite3"
    loose.write_text("")
    loose.chmod(0o644)
    hardening.owner_only_file(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600


def test_settings_make_the_real_data_dir_owner_only(tmp_path):
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    _settings_of({"MELDUNGEN_DATA_DIR": str(data)})
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "meldungen.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "secret_key").stat().st_mode) == 0o600
