"""The runtime never imports the training and evaluation tooling (meldungen.training)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_PROBE = """
import importlib, json, sys
import django
django.setup()
failed = {}
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception as exc:  # reported, so a broken module does not hide behind the check
        failed[name] = repr(exc)
training = sorted(m for m in sys.modules if m.startswith("meldungen.training"))
print(json.dumps({"failed": failed, "training": training}))
"""


def runtime_modules() -> list[str]:
    """Every module of the package but the training tooling, migrations and `__main__`s."""
    names = []
    for path in sorted((REPO / "meldungen").rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        parts = rel.parts
        if parts[1] == "training" or "migrations" in parts or parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_no_runtime_module_imports_training(tmp_path):
    modules = runtime_modules()
    assert "meldungen.enrich.pipeline" in modules and "meldungen.web.views" in modules
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meldungen.settings",
        "MELDUNGEN_DATA_DIR": str(tmp_path),
        "MELDUNGEN_TESTING": "1",
        "PYTHONPATH": str(REPO),
    }
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(modules)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["failed"] == {}
    assert result["training"] == []
