"""The two stop word lists, read once from `data/`.

- `TOPIC_STOPWORDS` (`data/stopwords_topic.txt`): lemmas left out of the story maths
  (similarity, clustering, the relatedness model and its IDF prior were fitted with this list).
- `FUNCTION_WORDS` (`data/stopwords_function.txt`): words left out of the search index (of
  both backends: PostgreSQL is given the same stems, search/backends/postgres.py) and of
  queries. Close to PostgreSQL's `german` list, which is not used: it also drops nouns ("Weg").

spaCy's German list (543 words) is not used for either: it would change the search index
and the features the relatedness model was fitted on.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def read_words(name: str) -> frozenset[str]:
    """The words of a data file: white-space separated, `#` starts a comment line."""
    text = (DATA / name).read_text("utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


TOPIC_STOPWORDS = read_words("stopwords_topic.txt")
FUNCTION_WORDS = read_words("stopwords_function.txt")
