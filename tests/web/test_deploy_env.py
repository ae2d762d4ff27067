"""The deployment recipe's environment file (deploy/meldungen.env.example) sets up a public
site behind the recipe's nginx: its public URL (it had only MELDUNGEN_ALLOWED_HOSTS, so alert
e-mails linked to http://127.0.0.1:8000, WebSub stayed off and every start warned that
MELDUNGEN_PUBLIC_URL is not set) and the TLS proxy setting (nginx sends X-Forwarded-Proto, but
without MELDUNGEN_BEHIND_TLS_PROXY=1 cookies were not Secure and no HSTS was sent). Every
variable it names is one the code reads, and the settings accept its values."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "deploy" / "meldungen.env.example"


def _settings() -> dict[str, str]:
    pairs = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_the_example_sets_up_a_public_site_behind_tls():
    env = _settings()
    assert env["MELDUNGEN_PUBLIC_URL"].startswith("https://")
    assert env["MELDUNGEN_BEHIND_TLS_PROXY"] == "1"


def test_every_variable_it_names_is_read_by_the_code():
    code = "\n".join(p.read_text() for p in (REPO / "meldungen").rglob("*.py"))
    named = set(re.findall(r"\b(MELDUNGEN_[A-Z0-9_]+|DATABASE_URL)\b", EXAMPLE.read_text()))
    assert named and {name for name in named if name not in code} == set()


def test_the_settings_accept_its_values(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MELDUNGEN_", "DATABASE_"))}
    env.update(_settings())
    env.pop("DATABASE_URL")  # no PostgreSQL needed to read the settings
    env.update(MELDUNGEN_DATA_DIR=str(tmp_path / "data"), MELDUNGEN_MODEL_CACHE="off")
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'meldungen.settings'\n"
        "from django.conf import settings\n"
        "print(settings.ALLOWED_HOSTS, settings.SECURE_HSTS_SECONDS)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['news.example.org'] 31536000"
