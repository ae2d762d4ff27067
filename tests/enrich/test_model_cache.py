"""The model cache (meldungen.loadcache) and what loads through it: the same values as decoding
the sources, a rebuild when a source or the code that builds changes, and no harm from a bad
cache file or folder."""

from __future__ import annotations

import logging
import os
import pickle

import pytest

from meldungen import loadcache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(loadcache.ENV, str(folder))
    return folder


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_value_is_built_once_and_read_after(cache, tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("Haus Häuser")
    build, calls = _counting({"häuser": "haus"})
    assert loadcache.loaded("words", [source], build) == {"häuser": "haus"}
    assert loadcache.loaded("words", [source], build) == {"häuser": "haus"}
    assert len(calls) == 1
    [written] = cache.glob("words-*.pickle")
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    # a changed source is decoded again; the older cache file goes
    source.write_text("Haus Häuser Hauses")
    assert loadcache.loaded("words", [source], build) == {"häuser": "haus"}
    assert len(calls) == 2
    assert [p.name for p in cache.glob("words-*.pickle")] != [written.name]
    assert len(list(cache.glob("words-*.pickle"))) == 1


def test_a_changed_builder_module_is_not_served_an_old_pickle(cache, tmp_path):
    source = tmp_path / "data.txt"
    source.write_text("x")
    module = tmp_path / "builder.py"

    def builder(value: str):
        module.write_text(f"def build():\n    return {value!r}\n")
        namespace: dict = {}
        exec(compile(module.read_text(), str(module), "exec"), namespace)
        return namespace["build"]

    assert loadcache.loaded("b", [source], builder("old")) == "old"
    assert loadcache.loaded("b", [source], builder("new-and-longer")) == "new-and-longer"


def test_the_version_string_is_part_of_the_key(cache, tmp_path):
    source = tmp_path / "data.txt"
    source.write_text("x")
    assert loadcache.loaded("v", [source], lambda: 1, "lib 1.0") == 1
    assert loadcache.loaded("v", [source], lambda: 2, "lib 2.0") == 2


def test_off_decodes_every_time_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(loadcache.ENV, "off")
    assert loadcache.cache_dir() is None
    build, calls = _counting(3)
    assert loadcache.loaded("n", [], build) == 3 and loadcache.loaded("n", [], build) == 3
    assert len(calls) == 2


def test_the_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(loadcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert loadcache.cache_dir() == tmp_path / "meldungen"


def test_a_truncated_cache_file_is_decoded_again_and_replaced(cache, tmp_path, caplog):
    source = tmp_path / "data.txt"
    source.write_text("x")
    loadcache.loaded("t", [source], lambda: list(range(1000)))
    [path] = cache.glob("t-*.pickle")
    path.write_bytes(path.read_bytes()[:50])
    build, calls = _counting(list(range(1000)))
    with caplog.at_level(logging.WARNING, logger="meldungen.loadcache"):
        assert loadcache.loaded("t", [source], build) == list(range(1000))
    assert calls == [1] and "unreadable" in caplog.text
    assert pickle.loads(path.read_bytes()) == list(range(1000))


def test_a_file_others_may_write_is_not_read(cache, tmp_path, caplog):
    source = tmp_path / "data.txt"
    source.write_text("x")
    loadcache.loaded("w", [source], lambda: "mine")
    [path] = cache.glob("w-*.pickle")
    path.write_bytes(pickle.dumps("planted"))
    os.chmod(path, 0o666)
    with caplog.at_level(logging.WARNING, logger="meldungen.loadcache"):
        assert loadcache.loaded("w", [source], lambda: "mine") == "mine"
    assert "not this user's alone" in caplog.text


def test_a_folder_that_cannot_be_written_still_gives_the_value(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(loadcache.ENV, str(blocker / "cache"))
    assert loadcache.loaded("x", [], lambda: {"a": 1}) == {"a": 1}


def test_a_missing_source_lets_the_builder_say_so(cache, tmp_path):
    def build():
        raise FileNotFoundError("model file missing")

    with pytest.raises(FileNotFoundError, match="model file missing"):
        loadcache.loaded("m", [tmp_path / "absent.bin"], build)


def test_lemmas_from_the_cache_are_simplemmas(cache, monkeypatch):
    import simplemma

    from meldungen.text import lemmas

    monkeypatch.setattr(lemmas._DICTIONARIES, "_dicts", {})  # loaded again, from `cache`

    text = (
        "Die Häuser der Bundesregierung standen leer , als Putins Truppen am Montag in die "
        "Ukraine einmarschierten und Deutschlands Kanzler Olaf Scholz zudem erklärte , dass "
        "ging gegangen beschlossen Beschlüsse Regierungen Straße Strasse Café Cafe naïve "
        "Klein klein Kurz kurz Merkel Seehofer Jahrhunderts Ab Dies ÖL Öl Äpfel Zwölf"
    )
    for word in text.split(" "):
        assert lemmas._LEMMATIZER.lemmatize(word, "de") == simplemma.lemmatize(word, lang="de")
        for form in (word, word.lower()):
            assert lemmas._known(form) == simplemma.is_known(form, lang="de"), form
    assert list(cache.glob("simplemma-de-*.pickle"))


def test_the_language_identifier_from_the_cache_says_what_a_fresh_one_says(cache, monkeypatch):
    from meldungen.enrich import language

    texts = [
        "Die Bundesregierung hat am Montag in Berlin ein neues Gesetz beschlossen.",
        "The government announced a new law in London on Monday afternoon.",
        "Le gouvernement a annoncé lundi une nouvelle loi à Paris.",
    ]
    monkeypatch.setattr(language, "_identifier", None)
    fresh = [language.identify(t) for t in texts]
    monkeypatch.setattr(language, "_identifier", None)
    assert [language.identify(t) for t in texts] == fresh  # the second from the pickle
    assert [lang for lang, _ in fresh] == ["de", "en", "fr"]
    assert list(cache.glob("langid-*.pickle"))
