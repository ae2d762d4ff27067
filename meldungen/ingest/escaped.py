"""Percent-escaped UTF-8 left in a title: "Pr%C3%A4sident", and the same with the percent signs
flattened to underscores or spaces as file names and URL slugs do ("Pr_C3_A4sident",
"Pr C3 A4sident"), read back as the characters they encode ("Präsident").

Only whole multi-byte sequences are read: a lead byte C2-F4 and exactly the continuation bytes
(80-BF) it announces, each after one "%", "_" or space (upper-case hex for the flattened forms),
decoding to a printable character: plain text practically never holds such a sequence. With no
separator at all, a sequence is read only inside a word, before a small letter
("KriegsfC3BChrung"). ASCII escapes are left alone ("3D" may be "=" or three-dimensional), but
for a question mark at the very end after a word ("… zusammen 3F") and a pair of quotation
marks around words ("will 27Rote Teufel 27 durch" -> "will 'Rote Teufel' durch").

Each escaped byte stands after one separator, so "besucht  C3 96sterreich" (two spaces) keeps
one. Where white space was collapsed to one before the text got here, that one space may have
been the word break or the percent sign: it stays before a capital ("besucht Österreich"), an
opening quotation mark or a dash, and between two words that are words on their own but not
together ("Debatte über"); otherwise the character joins what stands before it ("Pr" +
"äsident", "zur" + "ück", "Live-8" + "“").
"""

from __future__ import annotations

import re
import unicodedata

from meldungen.text.lemmas import is_german_word

_SEQUENCE = re.compile(
    r"(?P<sep>%|_|[ \t]|^)(?P<lead>[C-Fc-f][0-9A-Fa-f])"
    r"(?P<rest>(?:[%_ ][89ABab][0-9A-Fa-f]){1,3})"
)
_CONTINUATION = re.compile(r"[%_ ][89ABab][0-9A-Fa-f]")  # a separator and a continuation byte
_OPEN = "\ue000"  # private use: marks a single space that may have been the percent sign
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
_LETTERS_AFTER = re.compile(rf"(?:[^\W\d_]|{_OPEN})+")


def _length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _read(m: re.Match[str]) -> str:
    text = m.group()
    rest = _CONTINUATION.findall(m.group("rest"))
    hexes = [m.group("lead"), *(r[1:] for r in rest)]
    if m.group("sep") != "%" and any(h != h.upper() for h in hexes):
        return text  # lower-case hex without a percent sign: words, not escapes
    n = _length(int(hexes[0], 16))
    if not n or len(hexes) < n:
        return text
    try:
        char = bytes(int(h, 16) for h in hexes[:n]).decode("utf-8")
    except UnicodeDecodeError:
        return text
    if unicodedata.category(char).startswith("C"):
        return text  # a control or unassigned code point: not what a title meant
    # the continuation bytes after the sequence are left as they were
    tail = "".join(rest[n - 1 :])
    start = m.start()
    lone_space = m.group("sep") in (" ", "\t") and start > 0 and not m.string[start - 1].isspace()
    return (_OPEN if lone_space else "") + char + tail


_known = is_german_word  # the dictionary loads on the first title that needs it


def _word(letters: str) -> bool:
    return (len(letters) > 1 and letters.isupper()) or _known(letters)  # "RTBF über"


def _settle(text: str) -> str:
    """Each marked space joined or kept (see the module doc): one pass over the runs of
    non-space characters that hold a mark, each run's marks left to right."""
    return _MARKED_RUN.sub(lambda m: _settle_run(m.group()), text)


_MARKED_RUN = re.compile(rf"\S*{_OPEN}\S*")


def _settle_run(run: str) -> str:
    pieces = run.split(_OPEN)
    out = pieces[0]
    for i, after in enumerate(pieces[1:], 1):
        tail = out[-64:]  # the word before: bounded, however long a hostile run
        left = _LETTERS_BEFORE.search(tail)
        right = _LETTERS_AFTER.match("".join(pieces[i : i + 3])[:64])
        word = right.group().replace(_OPEN, "") if right else ""
        first = after[:1]
        if tail.endswith("-") and tail[-2:-1].isalpha():
            keep = False  # "Folter-" + "Äußerungen": a compound's second part
        elif not first.isalpha():  # an opening mark or a dash stands apart, a closing one not
            keep = first == "„" or unicodedata.category(first) in ("Pd", "Ps")
        else:
            keep = first.isupper() or (
                left is not None and len(word) > 2 and _word(left.group()) and _known(word)
                and not _known(left.group() + word)
            )  # fmt: skip
        out += (" " if keep else "") + after
    return out


# a sequence cut off at the end of a title shortened to a length: a lead byte, and any part of
# what followed it ("… Ministerpr C3 A", "fehlt E2 80", "zu schlie C3"), after its word
_CUT_TAIL = re.compile(
    r"(?P<word>\S*)[%_ ](?P<lead>C[2-9A-F]|D[0-9A-F]|E[0-9A-F]|F[0-4])"
    r"(?P<rest>(?:[%_ ][89AB][0-9A-F]?)*)\s*$"
)


_TAIL_CHARS = 120


def _cut_tail(m: re.Match[str]) -> str:
    """The end of a title cut inside a sequence: a word cut in two, one that is no word of the
    lexicon, ends in "…" ("zu schlie…" of "schließen", "Ministerpr…" of a cut "Ministerpr C3
    A"); otherwise the piece goes ("zur", "fehlt"), and so does a lone lead byte of the
    punctuation's (E2: a quotation mark or dash to come). A lone lead byte after a capitalised
    word may be a name ("Citroën C3") and stays."""
    word, cut = m.group("word"), bool(m.group("rest"))
    if word.isalpha() and not _known(word) and (cut or word[:1].islower()):
        return word + "…"
    if cut or m.group("lead") == "E2":
        return word
    return m.group()


# the same bytes with no separator at all, inside a word: "KriegsfC3BChrung", "MC3A4rz" (upper-
# case hex between a letter and a small letter is no German spelling)
_JOINED = re.compile(
    r"(?<=[^\W\d_])(?:[CD][0-9A-F][89AB][0-9A-F]|E[0-9A-F](?:[89AB][0-9A-F]){2})(?=[a-zäöüß])"
)


def _read_joined(m: re.Match[str]) -> str:
    try:
        char = bytes.fromhex(m.group()).decode("utf-8")
    except UnicodeDecodeError:
        return m.group()
    return char if char.isalpha() else m.group()


# a question's mark at the very end ("Wann kommt das Lizenzrecht 3F"): the one ASCII escape a
# title ends in that no word or number does
_QUESTION_AT_END = re.compile(r"(?<=[^\W\d_])[ _%]3F\s*$")
# a pair of quotation marks, ASCII " or ' (22, 27), around words: the opening one runs into a
# capitalised word, the closing one follows a word and comes before a small word, a sign or
# the end ("will 27Rote Teufel 27 durch"); not before a noun, as a number does ("27 Tote"), and
# one alone stays (the same code must close it, within 80 characters)
_QUOTE = {"22": '"', "27": "'"}
_QUOTED_WITHIN = 2000  # characters of a text read for them
_QUOTED = re.compile(
    r"(?<![^\s_])[ _%]?(22|27)(?=[A-ZÄÖÜ])([^\n]{1,80}?[^\W\d_])[ _%](\1)"
    r"(?=$|[ _][a-zäöüß]|[^\w ])"
)


def unescape_utf8(text: str) -> str:
    """``text`` with its escaped multi-byte UTF-8 sequences read (see the module doc)."""
    if not text:
        return text
    if _SEQUENCE.search(text):
        text = _settle(_SEQUENCE.sub(_read, text))
    if _JOINED.search(text):
        text = _JOINED.sub(_read_joined, text)
    text = _QUESTION_AT_END.sub("?", text)
    if "22" in text or "27" in text:  # in a title's or teaser's length: bounded on a blob
        head, rest = text[:_QUOTED_WITHIN], text[_QUOTED_WITHIN:]
        text = _QUOTED.sub(lambda m: f"{_QUOTE[m.group(1)]}{m.group(2)}{_QUOTE[m.group(1)]}", head)
        text += rest
    # only the title's end is asked: a long run without white space is read once, not per start
    head, tail = text[:-_TAIL_CHARS], text[-_TAIL_CHARS:]
    return (head + _CUT_TAIL.sub(_cut_tail, tail, count=1)).rstrip()
