"""`meldungen eval stories|similarity|related` on a file they cannot use exit non-zero (the
command dropped their status and exited 0 after "no usable articles"); a file that is not
UTF-8 is named, and a folder is called one."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize(
    ("what", "content", "message"),
    [
        ("stories", b"", "no usable articles"),
        ("stories", b'{"id": \n', "no usable articles"),
        ("related", b"this is not, the format\n", "no usable articles"),
        ("similarity", b"", "need columns text1,text2,score"),
        ("similarity", b"a,b\n", "need columns text1,text2,score"),
        ("similarity", b"text1,text2,score\nx,y,1\n", "need at least 3 scored pairs"),
    ],
)
def test_an_unusable_file_exits_non_zero(tmp_path, capsys, what, content, message):
    path = tmp_path / "input"
    path.write_bytes(content)
    with pytest.raises(SystemExit) as info:
        call_command("eval", what, str(path), stderr=StringIO())
    assert info.value.code != 0
    assert message in capsys.readouterr().out


@pytest.mark.parametrize("what", ["ressort", "stories", "similarity", "related", "tags"])
def test_a_file_that_is_not_utf8_is_named(tmp_path, what):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Müller;'Text'\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin1.txt: not UTF-8 text \(byte 0xFC at offset 1\)"):
        call_command("eval", what, str(path), stdout=StringIO(), stderr=StringIO())


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(CommandError, match="is a folder, not a file"):
        call_command("eval", "ner", str(tmp_path), stdout=StringIO(), stderr=StringIO())
