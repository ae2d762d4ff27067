"""Ctrl+C on a `meldungen` command (a long ingest, a training run) ends with one line and exit
130, not a KeyboardInterrupt traceback from wherever it struck (in the sweep: the middle of
the NER lexicon's phrase matcher, three seconds into `meldungen ingest FOLDER`)."""

from __future__ import annotations

import django.core.management
import pytest

from meldungen import cli


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys):
    def interrupted(argv):
        raise KeyboardInterrupt

    monkeypatch.setattr(django.core.management, "execute_from_command_line", interrupted)
    with pytest.raises(SystemExit) as info:
        cli.main(["meldungen", "eval", "ner", "file"])
    assert info.value.code == 130
    assert capsys.readouterr().err.strip() == "meldungen: interrupted"
