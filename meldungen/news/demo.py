"""Demo data: the seed's plain-text article page → dpa-digitalwires dicts (for demos and
end-to-end tests; no format the portal ingests, so not in meldungen.ingest). Pure: no Django.

Layout read here: a tag line, the picture caption, ``DD.MM.YYYY - HH:MM:SS`` (Europe/Berlin),
a headline line ("Headline. Teaser"), body paragraphs where short lines without final
punctuation are sub-headings, a credit line ``@ dpa.de``, then "Weitere Meldungen" with
entries ``Headline Teaser (Ressort, DD.MM.YYYY - HH:MM) weiterlesen...``.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_TIME_LINE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})\s*-\s*(\d{2}):(\d{2})(?::(\d{2}))?$")
_CREDIT_LINE = re.compile(r"^@\s*(\S.*)$")
_RELATED_HEADER = re.compile(r"^weitere meldungen$", re.IGNORECASE)
_RELATED_ENTRY = re.compile(
    r"^(?P<text>.+?)\s*\((?P<ressort>[^(),]+),\s*(?P<date>\d{2}\.\d{2}\.\d{4})\s*-\s*"
    r"(?P<time>\d{2}:\d{2}(?::\d{2})?)\)\s*(?:weiterlesen\W*)?$",
    re.IGNORECASE | re.DOTALL,
)
_FINAL_PUNCTUATION = tuple(".!?:;…\"»«“”')")
_SUBHEAD_MAX_WORDS = 12
_HEADLINE_MAX_WORDS = 16
_ABBREVIATIONS = {
    "dr",
    "prof",
    "st",
    "nr",
    "bzw",
    "ca",
    "etc",
    "usw",
    "mio",
    "mrd",
    "vs",
    "inkl",
    "u",
    "z",
    "b",
    "d",
    "h",
    "sog",
    "gen",
    "abs",
    "str",
}
# Words that open a German sentence but rarely end a headline: where a teaser starts.
_SENTENCE_OPENERS = {
    "Der",
    "Die",
    "Das",
    "Den",
    "Dem",
    "Des",
    "Ein",
    "Eine",
    "Einen",
    "Einem",
    "Einer",
    "Nach",
    "Vor",
    "Bei",
    "Mit",
    "Im",
    "In",
    "Am",
    "An",
    "Auf",
    "Aus",
    "Für",
    "Seit",
    "Trotz",
    "Wegen",
    "Während",
    "Um",
    "Über",
    "Unter",
    "Zum",
    "Zur",
    "Als",
    "Wie",
    "Wer",
    "Was",
    "Wo",
    "Warum",
    "Es",
    "Er",
    "Sie",
    "Wir",
    "Ich",
    "Man",
    "Dabei",
    "Damit",
    "Doch",
    "Aber",
    "Auch",
    "Noch",
    "Nun",
    "Jetzt",
    "Heute",
    "Gestern",
    "Bisher",
    "Bislang",
    "Erst",
    "Zwar",
    "Denn",
    "Dass",
    "Wenn",
    "Weil",
    "Obwohl",
    "Mehr",
    "Viele",
    "Zahlreiche",
    "Rund",
    "Fast",
    "Knapp",
    "So",
}


def _blocks(text: str) -> list[str]:
    """Paragraph blocks (blank-line separated), whitespace-normalised."""
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text.replace("\r", "")) if b.strip()]


def _berlin_iso(date: str, time: str) -> str:
    day, month, year = (int(x) for x in date.split("."))
    parts = [int(x) for x in time.split(":")] + [0]
    local = datetime(year, month, day, parts[0], parts[1], parts[2], tzinfo=BERLIN)
    return local.isoformat()


def _sentence_split(text: str) -> tuple[str, str] | None:
    """Split after the first real sentence end ("geplant. Nach ..."), ignoring abbreviations."""
    for match in re.finditer(r"([\w»«\")]+)([.!?])\s+(?=[A-ZÄÖÜ«»\"„])", text):
        word = match.group(1).lower().strip('»«")')
        if match.group(2) == "." and (word in _ABBREVIATIONS or word.isdigit()):
            continue
        head = text[: match.end(1)] + ("" if match.group(2) == "." else match.group(2))
        if 2 <= len(head.split()) <= _HEADLINE_MAX_WORDS:
            return head.strip(), text[match.end() :].strip()
        return None
    return None


def _glued_split(words: list[str]) -> int:
    """Index where the teaser starts in "Headline Teaser" written without punctuation, or 0."""
    limit = min(len(words) - 2, _HEADLINE_MAX_WORDS)
    for index in range(2, limit + 1):  # a sentence opener right after the headline
        if words[index] in _SENTENCE_OPENERS and not words[index - 1].endswith(":"):
            return index
    index = 0
    while index < limit:  # "... ins Gespräch US-Präsident Donald Trump hat ...": role + name
        run_end = index
        while run_end < len(words) and words[run_end][:1].isupper():
            run_end += 1
        if run_end - index >= 3 and run_end - 3 >= 2 and run_end - 3 <= limit:
            return run_end - 3
        index = max(run_end, index + 1)
    return 0


def split_headline(text: str) -> tuple[str, str]:
    """Split "Headline. Teaser" or "Headline Teaser" into (headline, teaser)."""
    text = " ".join(text.split())
    split = _sentence_split(text)
    if split:
        return split
    words = text.split(" ")
    index = _glued_split(words)
    if index:
        return " ".join(words[:index]), " ".join(words[index:])
    return text.rstrip("."), ""


def _is_subhead(block: str) -> bool:
    return len(block.split()) <= _SUBHEAD_MAX_WORDS and not block.endswith(_FINAL_PUNCTUATION)


def _urn(*parts: str) -> str:
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"urn:newsml:meldungen.seed:{digest}"


def _split_sections(text: str) -> tuple[list[str], list[str]]:
    """(article blocks, related blocks) around the "Weitere Meldungen" header."""
    blocks = _blocks(text)
    for index, block in enumerate(blocks):
        if _RELATED_HEADER.match(block):
            return blocks[:index], blocks[index + 1 :]
    return blocks, []


def seed_to_digitalwires(text: str, with_keywords: bool = True) -> dict:
    """The seed page's article as a dpa-digitalwires item dict (version 1).

    Raises ValueError when the text has no ``DD.MM.YYYY - HH:MM:SS`` line or no headline.
    """
    article, _related = _split_sections(text)
    time_index = next((i for i, b in enumerate(article) if _TIME_LINE.match(b)), None)
    if time_index is None or time_index + 1 >= len(article):
        raise ValueError("seed text has no 'DD.MM.YYYY - HH:MM:SS' line followed by a headline")
    before = article[:time_index]
    tags: list[str] = []
    if before and _is_subhead(before[0]):
        tags = [t.strip() for t in before[0].split(",") if t.strip()]
        before = before[1:]
    caption = " ".join(before)
    day, month, year, hour, minute, second = _TIME_LINE.match(article[time_index]).groups()
    version_created = _berlin_iso(f"{day}.{month}.{year}", f"{hour}:{minute}:{second or '00'}")
    headline, teaser = split_headline(article[time_index + 1])

    body_parts: list[str] = []
    creditline = ""
    for block in article[time_index + 2 :]:
        credit = _CREDIT_LINE.match(block)
        if credit:
            creditline = credit.group(1).strip().split(".")[0]  # "@ dpa.de" → "dpa"
            break
        tag = "h2" if _is_subhead(block) else "p"
        body_parts.append(f"<{tag}>{html.escape(block, quote=False)}</{tag}>")
    item = {
        "type": "text",
        "urn": _urn(headline, version_created),
        "version": 1,
        "version_created": version_created,
        "pubstatus": "usable",
        "signal": None,
        "embargoed": None,
        "language": "de",
        "headline": headline,
        "teaser": teaser,
        "article_html": f'<section class="main">{"".join(body_parts)}</section>',
        "creditline": creditline or "dpa",
        "associations": [],
        "keyword_names": tags if with_keywords else [],
        "rubric_names": [],
    }
    if caption:
        item["associations"].append(
            {
                "type": "image",
                "rank": 1,
                "is_featureimage": True,
                "caption": caption,
                "creditline": creditline or "dpa",
                "renditions": [],
            }
        )
    return item


def seed_related(text: str, with_keywords: bool = True) -> list[dict]:
    """Each "Weitere Meldungen" entry as a small digitalwires dict.

    With ``with_keywords``, an entry gets those tags of the seed's tag line that occur in its
    text, so tag-based relatedness can find it again.
    """
    article, related = _split_sections(text)
    tags: list[str] = []
    time_index = next((i for i, b in enumerate(article) if _TIME_LINE.match(b)), None)
    if time_index and _is_subhead(article[0]):
        tags = [t.strip() for t in article[0].split(",") if t.strip()]
    items = []
    for block in related:
        match = _RELATED_ENTRY.match(block)
        if not match:
            continue
        headline, teaser = split_headline(match.group("text"))
        version_created = _berlin_iso(match.group("date"), match.group("time"))
        entry_text = match.group("text")
        items.append(
            {
                "type": "text",
                "urn": _urn(headline, version_created),
                "version": 1,
                "version_created": version_created,
                "pubstatus": "usable",
                "language": "de",
                "headline": headline,
                "teaser": teaser,
                "article_html": "",
                "creditline": "dpa",
                "rubric_names": [match.group("ressort").strip()],
                "keyword_names": [t for t in tags if with_keywords and t in entry_text],
            }
        )
    return items
