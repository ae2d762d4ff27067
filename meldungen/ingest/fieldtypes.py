"""A wire item's field of the wrong JSON type: one specific rejection, not a silent gap.

Without this check a headline sent as a JSON object or list was read as no headline ("no
headline"), a body of the wrong type as no body (the item stored without its text), a version
of the wrong type or a decimal one ("3.0" as 3.0, "2.5") as version 1 (an update ignored as
older), a date sent as a number as whatever dateparser made of the digits (42 became
2042-12-06) and an id of the wrong type as "without urn". A wire desk now reads what is wrong
and where: "headline is a JSON object, not text". A field that is absent, null or empty stays
absent, as before; a date text that cannot be read stays no time (``normalize.to_utc``).
"""

from __future__ import annotations

TEXT = "text"
NUMBER = "a whole number"
DATE = "a date (ISO 8601 text)"
ROLE_LIST = "a list of objects with a text value"


def kind_of(value: object) -> str:
    """What the value is, in the words of JSON ("a JSON object", "the number 3.5")."""
    if isinstance(value, bool):
        return f"JSON {'true' if value else 'false'}"
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "a JSON list"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"the text {shown!r}"
    return type(value).__name__


def version_number(value: object) -> int | None:
    """A version as a whole number: an integer, a number without fraction (3.0) or a text of
    digits ("3"); None for anything else (true, 2.5, "2.5", "abc", an object or list)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _absent(value: object) -> bool:
    return value is None or value == ""


def _role_list_error(name: str, value: object) -> str:
    """ninjs 2/3 ``headlines``/``bodies``/``descriptions``: a list of {"role", "value"}."""
    if not isinstance(value, list):
        return f"{name} is {kind_of(value)}, not {ROLE_LIST}"
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            return f"{name}[{index}] is {kind_of(entry)}, not an object with a text value"
        if not _absent(entry.get("value")) and not isinstance(entry["value"], str):
            return f"{name}[{index}].value is {kind_of(entry['value'])}, not text"
    return ""


def wrong_type(item: dict, fields: dict[str, str]) -> str:
    """The first of ``fields`` (name: what it must be) that ``item`` has with a value of
    another type, as a reason ("headline is a JSON object, not text"); "" when none is."""
    for name, expected in fields.items():
        value = item.get(name)
        if _absent(value):
            continue
        if expected == NUMBER:
            if version_number(value) is None:
                return f"{name} is {kind_of(value)}, not {NUMBER}"
        elif expected == ROLE_LIST:
            if error := _role_list_error(name, value):
                return error
        elif not isinstance(value, str):
            return f"{name} is {kind_of(value)}, not {expected}"
    return ""
