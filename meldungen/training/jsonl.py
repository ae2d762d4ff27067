"""JSONL files of the gates: one JSON value a line, blank lines passed over."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def json_lines(path: str | Path) -> Iterator[tuple[int, object]]:
    """(line number, value) of each non-blank line. A line that is not JSON gives a ValueError
    ("not JSON (...)") as its value, for the caller to skip or raise."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, ValueError(f"not JSON ({exc.msg})")
