"""The portal's one slug function: German transliteration (ä→ae, ö→oe, ü→ue, ß→ss), other
scripts and accents by python-slugify's transliteration, lower case, hyphens. Entity keys,
tag keys and topic URLs all use it."""

from __future__ import annotations

from slugify import slugify

# German spelling before the generic transliteration, which would drop the umlaut's "e".
GERMAN = [
    ("Ä", "Ae"),
    ("Ö", "Oe"),
    ("Ü", "Ue"),
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("ß", "ss"),
    ("ẞ", "SS"),
]


def slug(text: str, max_length: int = 280) -> str:
    """``Großbritannien`` → ``grossbritannien``, ``Schröder`` → ``schroeder``, ``Chávez`` →
    ``chavez``, ``Wałęsa`` → ``walesa``; "" when nothing is left."""
    return slugify(text or "", replacements=GERMAN, max_length=max_length, word_boundary=True)
