"""`meldungen eval ner|ressort|stories|similarity|related FILE`: the core's measurements."""

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

    def handle(self, *args, what: str, file: Path, **opts):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            self._evaluate(what, file, opts)
        except (ValueError, UnicodeError) as exc:  # unreadable input: one clear line, exit 1
            raise CommandError(str(exc)) from exc

    def _evaluate(self, what: str, file: Path, opts: dict) -> None:
        if what == "ner":
            from meldungen.enrich.ner_eval import main

            main(file, out=sys.stdout)
        elif what == "ressort":
            from meldungen.enrich.ressort_eval import main

            if opts["folds"] < 2:
                raise CommandError("--folds must be at least 2")
            main(file, folds=opts["folds"], out=sys.stdout)
        elif what == "stories":
            from meldungen.stories.evaluate import eval_stories

            eval_stories(file, out=sys.stdout)
        elif what == "related":
            from meldungen.stories.evaluate import eval_related

            eval_related(file, out=sys.stdout)
        else:
            from meldungen.stories.evaluate import eval_similarity

            eval_similarity(file, out=sys.stdout)
