"""A title whose end repeats itself after a full stop, as titles made from Wikinews-style file
names do when the title holds an ordinal ("Theresa May gibt Rücktritt zum 7. Juni bekannt.
Juni bekannt"): the repeat goes, and where the first copy was cut short and the repeat is
whole ("… am 21. März komplett abgeschalte. März komplett abgeschaltet"), the whole one stays.

The repeat must start like the part after the title's first full stop and share at least two
words and ten characters with it; no title repeats its own end so by intent.
"""

from __future__ import annotations

_SHARED = 10  # characters the two copies share at least


def without_repeated_tail(title: str) -> str:
    """``title`` without a repeat of its end after its last full stop (module doc)."""
    first = title.find(". ")
    last = title.rfind(". ")
    if first < 0 or last <= first:
        return title
    head, part, repeat = title[:first], title[first + 2 : last], title[last + 2 :].rstrip(". ")
    if len(repeat.split()) < 2 or ". " in part:
        return title
    shorter, longer = sorted((part, repeat), key=len)
    if len(shorter) < _SHARED or not longer.startswith(shorter[: max(_SHARED, len(shorter) - 2)]):
        return title
    return f"{head}. {longer}"
