"""The portal's one text module: pure Python, no Django, used by ingest, enrich, stories and search.

- `html`: the one plain text of an HTML fragment or body (`html_to_text`): what enrichment,
  clustering, the search index and the snippets all see.
- `normalize`: one canonical form of characters (`normalize_text`).
- `tokens`: spaCy's rule-based German tokenizer (`token_spans`, for the NER) and the word
  patterns of the story maths (`words`) and of the search index (`index_words`).
- `sentences`: the one sentence splitter (`sentence_spans`, `split_sentences`).
- `stopwords`: the two stop word lists, as data files in `data/` loaded once.
- `lemmas`: simplemma's German lemmas and the content lemmas of a text.
- `slugs`: the one slug function (python-slugify with German transliteration).
- `recent`: a bounded, thread-safe mapping of the last entries (`Recent`), for ingest's caches.
"""

from meldungen.text.html import html_to_text
from meldungen.text.lemmas import content_lemmas, lemma
from meldungen.text.normalize import normalize_text
from meldungen.text.sentences import sentence_spans, split_sentences
from meldungen.text.slugs import slug
from meldungen.text.stopwords import FUNCTION_WORDS, TOPIC_STOPWORDS
from meldungen.text.tokens import index_words, token_spans, words

__all__ = [
    "FUNCTION_WORDS", "TOPIC_STOPWORDS", "content_lemmas", "html_to_text", "index_words",
    "lemma", "normalize_text", "sentence_spans", "slug", "split_sentences", "token_spans",
    "words",
]  # fmt: skip
