"""The Wikinews corpus of ../shared (dewikinews-politik.csv): its headlines live only in the
file-name column, a flattened URL whose "%" escapes became "_" and which the corpus cut after
about 100 characters (so some headlines end mid-word, as in the source)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from meldungen.ingest.escaped import unescape_utf8

# punctuation escapes ("_3F" is "?") before a space or the end; digits only ("_27") may be numbers
_PUNCTUATION = re.compile(r"_[2-7][A-F](?=_|$)")
# escapes at the very end, where the cut after about 100 characters may have split one
_TAIL = re.compile(r"_[C-F][0-9A-F](?:_[0-9A-F]{1,2})*_?$")


def wikinews_title(file_name: str) -> str:
    """The headline inside a flattened Wikinews URL file name: "…_wiki_V_C3_B6lkerrecht" is
    "Völkerrecht", "…_wiki_C3_96sterreich_w_C3_A4hlt" is "Österreich wählt"."""
    name = file_name.split("_wiki_", 1)[-1]
    if re.match(r"[C-F][0-9A-F]_[89AB][0-9A-F]", name):
        name = "_" + name  # the split took the first escape's underscore
    # a UTF-8 multi-byte character, each byte's "%" flattened to "_": "_C3_B6" is "ö"
    name = unescape_utf8(_without_cut_escape(name))
    name = _PUNCTUATION.sub(lambda m: "%" + m.group()[1:], name)
    return " ".join(unquote(name).replace("_", " ").split())


def _without_cut_escape(name: str) -> str:
    """``name`` without the part of a character the cut left at its end ("schlie_C3")."""
    tail = _TAIL.search(name)
    if tail is None:
        return name
    pairs = tail.group().split("_")[1:]
    try:
        if all(len(p) == 2 for p in pairs):
            bytes.fromhex("".join(pairs)).decode("utf-8")
            return name  # whole characters: "Caf_C3_A9"
    except UnicodeDecodeError:
        pass
    return name[: tail.start()]
