"""The operator's settings: a variable that cannot be used stops `meldungen` with one line that
names it and a non-zero exit, never a traceback or a silent default."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from meldungen import envconfig
from meldungen.hardening import ConfigError


@pytest.mark.parametrize(
    ("name", "value", "call", "message"),
    [
        ("X_INT", "abc", lambda: envconfig.env_int("X_INT", 5), "X_INT='abc' is not a whole"),
        ("X_INT", "-1", lambda: envconfig.env_int("X_INT", 5, minimum=0), "at least 0"),
        (
            "X_INT",
            "25",
            lambda: envconfig.env_int("X_INT", 7, minimum=0, maximum=23),
            "between 0 and 23",
        ),
        ("X_FLOAT", "15s", lambda: envconfig.env_float("X_FLOAT", 15), "X_FLOAT='15s' is not a"),
        ("X_FLOAT", "0", lambda: envconfig.env_float("X_FLOAT", 15, positive=True), "greater"),
        ("X_FLOAT", "nan", lambda: envconfig.env_float("X_FLOAT", 15), "not a finite number"),
        ("X_FLAG", "vielleicht", lambda: envconfig.env_flag("X_FLAG", True), "neither 1"),
        ("X_LANG", "de-DE", lambda: envconfig.env_languages("X_LANG"), "'de-de' is not a two"),
        ("X_LANG", "!!", lambda: envconfig.env_languages("X_LANG"), "ISO 639-1"),
        ("X_LOG", "LOUD", lambda: envconfig.env_log_level("X_LOG"), "X_LOG='LOUD' is not a log"),
    ],
)
def test_an_unusable_value_names_its_variable(monkeypatch, name, value, call, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        call()


def test_unset_or_empty_takes_the_default_and_flags_read_words(monkeypatch):
    monkeypatch.setenv("X_INT", "")
    assert envconfig.env_int("X_INT", 5) == 5
    monkeypatch.delenv("X_INT")
    assert envconfig.env_float("X_INT", 1.5) == 1.5
    for word, on in (("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)):
        monkeypatch.setenv("X_FLAG", word)
        assert envconfig.env_flag("X_FLAG", not on) is on
    monkeypatch.setenv("X_LANG", " de, EN ")
    assert envconfig.env_languages("X_LANG") == ["de", "en"]
    monkeypatch.setenv("X_LOG", "debug")
    assert envconfig.env_log_level("X_LOG") == "DEBUG"


def test_data_dir_that_is_a_file_or_cannot_be_created(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("X_DIR", str(tmp_path / "file"))
    with pytest.raises(ConfigError, match="X_DIR=.* is not a folder"):
        envconfig.env_data_dir("X_DIR", "var")
    monkeypatch.setenv("X_DIR", str(tmp_path / "file" / "below"))
    with pytest.raises(ConfigError, match="cannot create the folder"):
        envconfig.env_data_dir("X_DIR", "var")
    monkeypatch.setenv("X_DIR", str(tmp_path / "new" / "data"))
    assert envconfig.env_data_dir("X_DIR", "var").is_dir()


def test_database_url_with_an_unknown_scheme_hides_the_password():
    with pytest.raises(ConfigError, match="unknown scheme 'foo'") as info:
        envconfig.database("foo://user:geheim@host/db")
    assert "geheim" not in str(info.value)
    with pytest.raises(ConfigError, match="no scheme"):
        envconfig.database("notaurl")


def _meldungen(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MELDUNGEN_", "DATABASE_"))}
    base.update(MELDUNGEN_DATA_DIR=str(tmp_path / "data"), MELDUNGEN_SEED_SOURCES="0")
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "meldungen.cli", "sources", "list"],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "code", "message"),
    [
        ({"MELDUNGEN_FETCH_TIMEOUT": "abc"}, 2, "MELDUNGEN_FETCH_TIMEOUT='abc' is not a number"),
        ({"MELDUNGEN_DIGEST_HOUR": "25"}, 2, "MELDUNGEN_DIGEST_HOUR='25' is out of range"),
        ({"MELDUNGEN_MAX_DOCUMENT_BYTES": "10MB"}, 2, "MELDUNGEN_MAX_DOCUMENT_BYTES='10MB'"),
        ({"MELDUNGEN_LANGUAGES": "deutsch"}, 2, "MELDUNGEN_LANGUAGES='deutsch'"),
        ({"MELDUNGEN_LOG": "LOUD"}, 2, "MELDUNGEN_LOG='LOUD'"),
        ({"MELDUNGEN_CACHE_URL": "memcached://x"}, 2, "MELDUNGEN_CACHE_URL='memcached://x'"),
        ({"DATABASE_URL": "foo://bar"}, 2, "DATABASE_URL: cannot use 'foo://bar'"),
        ({"MELDUNGEN_PUBLIC_URL": "news.example.org"}, 2, "MELDUNGEN_PUBLIC_URL="),
        (
            {"DATABASE_URL": "postgresql://u@127.0.0.1:1/x"},
            1,
            "cannot open the database (DATABASE_URL)",
        ),
    ],
)
def test_the_command_stops_with_one_line_naming_the_variable(tmp_path, env, code, message):
    proc = _meldungen(tmp_path, **env)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr


def test_a_data_dir_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    proc = _meldungen(tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"meldungen: MELDUNGEN_DATA_DIR='{tmp_path / 'data'}' is not a folder "
        "(a file of that name exists)"
    )
