"""`meldungen eval ner|ressort|stories|similarity|related|tags FILE` and `meldungen eval trends`:
the measurements of the pure core."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Evaluate NER, the Ressort classifier, story clustering or text similarity on a file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("ner", help="CoNLL / GermEval TSV file").add_argument("file", type=Path)
        res = sub.add_parser("ressort", help="TSV title<TAB>body<TAB>label or label;'text' CSV")
        res.add_argument("file", type=Path)
        res.add_argument("--folds", type=int, default=5)
        sub.add_parser("stories", help="JSONL: id, title, text, date, story").add_argument(
            "file", type=Path
        )
        sub.add_parser("similarity", help="CSV: text1,text2,score").add_argument("file", type=Path)
        sub.add_parser(
            "related", help='JSONL: {"article": id, "ranked": [ids], "judged": {id: 1-4}}'
        ).add_argument("file", type=Path)
        tags = sub.add_parser("tags", help="gold JSONL: document entities and keywords")
        tags.add_argument("file", type=Path)
        tags.add_argument("--shared", type=Path, default=None, help="../shared (references)")
        tags.add_argument("--build", action="store_true", help="first write the full gold to FILE")
        tags.add_argument("--ablate", action="store_true", help="also without each entity step")

        trends = sub.add_parser("trends", help="planted bursts in a stream built from Wikinews")
        trends.add_argument("--corpus", type=Path, default=None, help="Wikinews CSV (id;...;text)")
        trends.add_argument("--synthetic", action="store_true", help="generated articles instead")
        trends.add_argument("--days", type=int, default=42)
        trends.add_argument("--warmup-days", type=int, default=28)
        trends.add_argument("--per-day", type=float, default=80, help="stories per day")
        trends.add_argument("--bursts", type=int, default=12)
        trends.add_argument("--seed", type=int, default=0)

    def handle(self, *args, what: str, file: Path | None = None, **opts):
        if what == "trends":
            from meldungen.training.trend_eval_cli import eval_trends

            try:
                eval_trends(out=sys.stdout, err=sys.stderr, **opts)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            return
        if what == "tags" and opts.get("build"):
            from meldungen.training.tags_gold import DEFAULT_SHARED, build

            shared = opts.get("shared") or DEFAULT_SHARED
            if not shared.is_dir():
                raise CommandError(f"no ../shared at {shared}")
            build(shared, file)
        if file.is_dir():
            raise CommandError(f"{file} is a folder, not a file")
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            status = self._evaluate(what, file, opts)
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{file}: not UTF-8 text (byte 0x{exc.object[exc.start]:02X} at offset {exc.start})"
            ) from exc
        except (ValueError, UnicodeError) as exc:  # unreadable input: one clear line, exit 1
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        if status:  # the evaluation said why on its output ("no usable articles"): exit non-zero
            raise SystemExit(status)

    def _evaluate(self, what: str, file: Path, opts: dict) -> int | None:
        if what == "ner":
            from meldungen.training.ner_eval import main

            main(file, out=sys.stdout)
        elif what == "ressort":
            from meldungen.training.ressort_eval import main

            if opts["folds"] < 2:
                raise CommandError("--folds must be at least 2")
            main(file, folds=opts["folds"], out=sys.stdout)
        elif what == "tags":
            from meldungen.training.tags_eval import main as eval_tags

            eval_tags(file, out=self.stdout, shared=opts.get("shared"), ablate=opts["ablate"])
        elif what == "stories":
            from meldungen.training.stories_eval import eval_stories

            return eval_stories(file, out=sys.stdout)
        elif what == "related":
            from meldungen.training.stories_eval import eval_related

            return eval_related(file, out=sys.stdout)
        else:
            from meldungen.training.stories_eval import eval_similarity

            return eval_similarity(file, out=sys.stdout)
