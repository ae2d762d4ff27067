"""`meldungen ingest PATH|URL ...`: files, folders (recursively) and URLs, one line per item."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meldungen.enrich.parallel import pool
from meldungen.ingest.draft import Rejected
from meldungen.ingest.limits import too_large
from meldungen.news.services import BATCH_SIZE, ItemResult, parse_bytes, totals, totals_line
from meldungen.news.store_batches import store_stream

READABLE = ("new", "updated", "unchanged", "duplicate", "withdrawn")


def expand(inputs: list[str], empty_folders: list[str] | None = None) -> list[str]:
    """Files and URLs in a stable order; folders are walked recursively, hidden files skipped.
    A folder without a file to read is added to ``empty_folders``."""
    out: list[str] = []
    for item in inputs:
        if item.startswith(("http://", "https://")) or not item.strip():
            out.append(item)  # an empty argument is refused by read_input, not read as "."
            continue
        path = Path(item)
        if path.is_dir():
            files = [
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            out.extend(files)
            if not files and empty_folders is not None:
                empty_folders.append(item)
        else:
            out.append(item)
    return out


def read_input(item: str) -> tuple[bytes | None, str, str, str]:
    """(data, error, url, content_type) for a path or URL."""
    if not item.strip():
        return None, "empty path (an unset shell variable?)", "", ""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", item) and not item.startswith(
        ("http://", "https://")
    ):
        return None, f"not an http(s) URL: {item.split('://', 1)[0]}:// is not fetched", "", ""
    if item.startswith(("http://", "https://")):
        from meldungen.ingest.fetch import fetch

        conf = settings.MELDUNGEN
        result = fetch(
            item,
            timeout=conf["FETCH_TIMEOUT"],
            max_bytes=conf["FETCH_MAX_BYTES"],
            allow_private=conf["ALLOW_PRIVATE_FETCH"],
        )
        if result.error:
            return None, result.error, item, ""
        return result.content, "", result.final_url or item, result.content_type
    try:
        if reason := too_large(Path(item).stat().st_size):
            return None, reason, "", ""  # refused before reading it into memory
        return Path(item).read_bytes(), "", "", ""
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}", "", ""


class Command(BaseCommand):
    help = "Ingest wire items, feeds and article pages from files, folders and URLs."

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="PATH|URL")

    def handle(self, *args, inputs: list[str], **options):
        empty_folders: list[str] = []
        items = expand(inputs, empty_folders)
        for folder in empty_folders:
            self.stderr.write(f"{folder}: no files in this folder")
        results: list[ItemResult] = []
        show_bar = sys.stderr.isatty() and len(items) > 1
        bar = tqdm(items, unit="file", disable=not show_bar, file=sys.stderr)
        counter = {"readable": 0}

        def entries():  # parsed items of all inputs, in order; stored a batch at a time
            for item in bar:
                data, error, url, content_type = read_input(item)
                if data is None:
                    yield Rejected(error), item  # recorded and reported in order
                    continue
                counter["readable"] += 1
                parsed = parse_bytes(data, url=url, content_type=content_type)
                yield from ((p, item) for p in parsed)

        # The next batch is read while one is stored, and analysed in worker processes.
        pool.allow()
        for batch in store_stream(entries(), batch_size=BATCH_SIZE):
            for r in batch:
                line = r.line()
                if show_bar:
                    bar.write(line)
                else:
                    self.stdout.write(line)
            results.extend(batch)
        readable_inputs = counter["readable"]
        counts = totals(results)
        self.stdout.write(totals_line(counts))
        if not readable_inputs or not any(counts[k] for k in READABLE) and counts["rejected"]:
            raise CommandError("nothing could be read", returncode=1)
