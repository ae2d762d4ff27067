"""Training the Ressort classifier on the portal's own labelled articles (those whose Ressort
came from source metadata); meldungen.news.ressort_model loads the result for enrichment."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from meldungen.news.models import Article
from meldungen.news.ressort_model import local_model_dir
from meldungen.text import html_to_text
from meldungen.training.ressort_train import train_ressort


def labelled_samples(min_per_class: int) -> tuple[list[tuple[str, str, str]], Counter]:
    rows = (
        Article.objects.filter(ressort_origin__in=["metadata", "source"], duplicate_of__isnull=True)
        .exclude(ressort="")
        .values_list("headline", "teaser", "body", "ressort")
    )
    samples = [(h, f"{t}\n{html_to_text(b)}", r) for h, t, b, r in rows.iterator()]
    counts = Counter(s[2] for s in samples)
    keep = {label for label, n in counts.items() if n >= min_per_class}
    return [s for s in samples if s[2] in keep], counts


def train_from_store(out: Path | None = None, min_per_class: int = 20) -> tuple[Path, str]:
    """Fit on stored articles labelled by their source; returns (model folder, summary)."""
    samples, counts = labelled_samples(min_per_class)
    model = train_ressort(samples)  # raises RessortModelError with the reason if too few
    folder = Path(out) if out else local_model_dir()
    folder.mkdir(parents=True, exist_ok=True)
    model.save(folder)
    used = Counter(s[2] for s in samples)
    summary = "trained on " + ", ".join(f"{k}={v}" for k, v in sorted(used.items()))
    left = {k: v for k, v in counts.items() if k not in used}
    if left:
        summary += " (too few, left out: " + ", ".join(f"{k}={v}" for k, v in left.items()) + ")"
    return folder, summary
