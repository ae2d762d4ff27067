"""Lemma TF-IDF similarity with online document frequencies and a prior."""

from __future__ import annotations

from meldungen.stories.similarity import (
    DocumentFrequencies,
    cosine,
    idf,
    name_keys,
    similarity,
    term_counts,
    tfidf_vector,
)
from meldungen.text import content_lemmas, lemma

from .texts import ELBE, GASPREIS, LEHRERVERBAND, SCHULGESETZ, SCHULGESETZ_TITLE


def test_lemmas_merge_inflections_and_genitive_names() -> None:
    assert lemma("Verhandlungen") == "verhandlung"
    assert lemma("Putins") == lemma("Putin") == "putin"
    assert lemma("Russlands") == "russland"
    assert content_lemmas("Die Schulen und der Landtag") == ["schule", "landtag"]


def test_prior_knows_common_from_rare_words_before_any_article() -> None:
    assert idf("regierung", 0, 0) < idf("bundestag", 0, 0) < idf("kultusministerin", 0, 0)


def test_document_frequencies_update_online() -> None:
    stats = DocumentFrequencies()
    before = idf("grundschule", stats.df.get("grundschule", 0), stats.n_docs)
    for _ in range(20):
        stats.add(term_counts("", "Grundschule im Dorf"))
    after = idf("grundschule", stats.df["grundschule"], stats.n_docs)
    unseen = idf("elbe", stats.df.get("elbe", 0), stats.n_docs)
    assert stats.n_docs == 20 and after < before and unseen > after


def test_headline_words_weigh_more() -> None:
    counts = term_counts(SCHULGESETZ_TITLE, "Ein Landtag tagt.")
    assert counts["schulgesetz"] == 3 and counts["landtag"] == 4
    vec = tfidf_vector(counts, {}, 0, max_terms=2)
    assert len(vec) == 2 and abs(sum(w * w for w in vec.values()) - 1) < 1e-9
    assert cosine(vec, vec) > 0.999 and cosine(vec, {}) == 0.0


def test_similarity_orders_copy_topic_and_unrelated() -> None:
    copy = similarity(SCHULGESETZ, SCHULGESETZ.replace("Mittwoch", "Dienstag"))
    topic = similarity(SCHULGESETZ, LEHRERVERBAND)
    unrelated = similarity(SCHULGESETZ, ELBE)
    assert copy > 0.9 > topic > unrelated >= 0.0
    assert topic > 0.05 and unrelated < 0.05
    assert similarity("", GASPREIS) == 0.0


def test_name_keys_pick_rare_capitalised_words_inside_sentences() -> None:
    names = name_keys(SCHULGESETZ)
    assert {"brenneke", "lüneburg", "harz"} <= set(names)
    assert "landtag" not in names and "der" not in names


def test_cosine_with_known_norms_is_the_same_figure() -> None:
    """Story scoring passes norms it computed once; the cosine is exactly the one without."""
    import random

    from meldungen.stories.similarity import norm

    rng = random.Random(5)
    terms = [f"w{i}" for i in range(300)]
    for _ in range(200):
        a = {t: rng.random() for t in rng.sample(terms, rng.randint(1, 120))}
        b = {t: rng.random() * 3 for t in rng.sample(terms, rng.randint(1, 200))}
        want = cosine(a, b)
        assert cosine(a, b, norm(a), norm(b)) == want
        assert cosine(b, a, norm(b), norm(a)) == cosine(b, a)
    assert cosine({"a": 1.0}, {"b": 1.0}, 1.0, 1.0) == 0.0
    assert cosine({}, {"b": 1.0}) == 0.0
