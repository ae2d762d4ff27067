"""Ressort: metadata mapping, the classifier (train, save, load), the shipped default, the CV."""

from __future__ import annotations

import io

import numpy as np
import pytest

from meldungen.enrich.ressort import (
    RESSORTS,
    RessortModel,
    RessortModelError,
    default_model,
    document,
    map_section,
    ressort_from_hints,
)
from meldungen.training import ressort_eval
from meldungen.training.ressort_train import read_lexicon, train_ressort


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("Politik", "Politik"),
        ("pl", "Politik"),  # dpa desk code
        ("Börse", "Wirtschaft"),  # dpasubject
        ("Feuer", "Panorama"),
        ("Internet", "Digital"),
        ("sports", "Sport"),
        ("Entertainment", "Kultur"),
        ("Naher Osten", "Ausland"),
        ("/politik/ausland/", "Ausland"),  # the deeper path segment is more specific
        ("https://www.example.de/sport/fussball/bayern-siegt-123.html", "Sport"),
        ("medtop:15000000", "Sport"),  # IPTC media topic
        ("News", ""),
        ("", ""),
        ("Xylophon", ""),
    ],
)
def test_map_section(hint, expected):
    assert map_section(hint) == expected


def test_hints_in_priority_order():
    assert ressort_from_hints(["Nachrichten", "wirtschaft", "Sport"]) == "Wirtschaft"
    assert ressort_from_hints(["Nachrichten"]) == ""


# Tiny hand-written training set: three Ressorts, short German texts ("label | title | body").
_TRAIN_TEXT = """
Sport | Tore im Derby | Der Stürmer traf zweimal, die Elf gewann im Stadion.
Sport | Trainer entlassen | Nach der Niederlage trennte sich der Verein vom Trainer der Elf.
Sport | Pokalsieg gefeiert | Die Fans feierten den Sieg im Finale, der Torwart hielt den Elfmeter.
Sport | Meister nach Remis | Ein Punkt reichte der Mannschaft zur Meisterschaft in der Liga.
Wirtschaft | Zinsen steigen | Die Notenbank erhöht den Leitzins, Anleger verkaufen Aktien.
Wirtschaft | Konzern mit Verlust | Der Umsatz sank im Quartal, der Vorstand kündigt Stellenabbau an.
Wirtschaft | Inflation sinkt | Die Verbraucherpreise stiegen langsamer, Ökonomen erwarten Wachstum.
Wirtschaft | Streik bei der Bahn | Die Gewerkschaft fordert mehr Lohn, der Tarifvertrag läuft aus.
Politik | Koalition streitet | Im Bundestag stritten die Fraktionen über den Haushalt und die Rente.
Politik | Neuer Gesetzentwurf | Das Kabinett beschloss den Entwurf, die Opposition protestiert.
Politik | Wahlkampf beginnt | Die Parteien stellen Kandidaten auf, Umfragen sehen die Union vorn.
Politik | Ministerin tritt zurück | Nach Kritik der Fraktion trat die Ministerin zurück.
"""
_TRAIN = [
    (title, body, label)
    for label, title, body in (line.split(" | ") for line in _TRAIN_TEXT.strip().splitlines())
]


def test_train_predict_save_load_roundtrip(tmp_path):
    model = train_ressort(_TRAIN)
    assert set(model.labels) == {"Sport", "Wirtschaft", "Politik"}
    assert (
        model.predict("Elfmeter in letzter Minute", "Der Stürmer traf, die Fans jubelten.").label
        == "Sport"
    )
    assert (
        model.predict("Aktien fallen", "Anleger fürchten höhere Zinsen der Notenbank.").label
        == "Wirtschaft"
    )
    model.save(tmp_path / "m")
    loaded = RessortModel.load(tmp_path / "m")
    docs = ["Die Fraktion im Bundestag streitet über die Rente.", "Der Verein holt einen Stürmer."]
    np.testing.assert_allclose(loaded.predict_proba(docs), model.predict_proba(docs), atol=1e-5)
    assert loaded.labels == model.labels
    assert loaded.prior is not None and loaded.prior_weight == model.prior_weight
    # the cached fast scorer gives exactly what scikit-learn's feature matrix gives
    reference = np.asarray(loaded.features(docs) @ loaded.coef.T) + loaded.intercept
    np.testing.assert_allclose(loaded.decision(docs), reference, atol=1e-6)
    proba = loaded.predict_proba(docs)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_the_whole_body_counts_not_only_its_start():
    model = default_model()
    filler = "Am Morgen war es ruhig, am Abend auch. " * 120  # 4,680 neutral characters
    late = "Der Stürmer traf zweimal, der Trainer lobte die Mannschaft nach dem Spiel."
    assert len(filler) > 3000
    assert model.predict("", filler + late).label == "Sport"
    # a guard still bounds what huge input costs
    assert len(document("", "x " * 100_000)) < 60_000


def test_training_errors_are_specific(tmp_path):
    with pytest.raises(RessortModelError, match="at least two Ressorts"):
        train_ressort([("Titel", "Text", "Sport"), ("", "", "Politik")])
    with pytest.raises(RessortModelError, match="cannot read"):
        RessortModel.load(tmp_path / "missing")


def test_shipped_default_model():
    model = default_model()
    assert set(model.labels) == set(RESSORTS)
    assert set(read_lexicon()) == set(RESSORTS)
    cases = {
        "Sport": ("Bayern verliert Topspiel", "Zwei Gegentore in der zweiten Halbzeit kosteten "
                  "den Tabellenführer den Sieg, der Trainer war enttäuscht."),
        "Wirtschaft": ("Dax schließt im Minus", "Anleger reagierten auf die Zinspläne der "
                       "Notenbank, Bankaktien gaben deutlich nach."),
        "Gesundheit": ("Neue Grippewelle", "Ärzte raten zur Impfung, Kliniken melden mehr "
                       "Patienten mit Fieber."),
        "Auto": ("Neues E-Auto im Test", "Die Reichweite des Akkus überzeugt, an der "
                 "Ladesäule dauert es aber lange."),
    }  # fmt: skip
    for label, (title, body) in cases.items():
        assert model.predict(title, body).label == label, (label, model.predict(title, body))


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_eval_reads_tsv_and_csv_and_ends_with_the_summary_line(tmp_path):
    tsv = _write(tmp_path, "a.tsv", "".join(f"{t}\t{b}\t{lab}\n" for t, b, lab in _TRAIN))
    out = io.StringIO()
    acc, macro = ressort_eval.main(tsv, folds=2, out=out, baseline=True)
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("12 samples, 3 labels")
    assert lines[1].startswith("baseline tfidf+linearsvc: accuracy=")
    assert lines[-1] == f"accuracy={acc:.3f} macro_f1={macro:.3f}"
    assert 0.0 <= acc <= 1.0 and 0.0 <= macro <= 1.0
    csv_text = "label;text\n" + "".join(f"{lab};'{t}. {b}'\n" for t, b, lab in _TRAIN)
    csv_text += "Sport;'Der Verein; die Fans und ''das'' Stadion'\n"
    samples = ressort_eval.read_labelled(_write(tmp_path, "b.csv", csv_text))
    assert len(samples) == 13
    assert samples[-1] == ("", "Der Verein; die Fans und 'das' Stadion", "Sport")


def test_csv_with_a_tab_inside_the_first_text_is_still_read_as_csv(tmp_path):
    csv_text = "Sport;'Der Verein\tgewinnt das Derby'\nKultur;'Ein neues Museum'\n"
    samples = ressort_eval.read_labelled(_write(tmp_path, "tab.csv", csv_text))
    assert [s[2] for s in samples] == ["Sport", "Kultur"]
    assert samples[0][1] == "Der Verein\tgewinnt das Derby"


def test_eval_rejects_unusable_files(tmp_path):
    with pytest.raises(RessortModelError, match="no labelled samples"):
        ressort_eval.read_labelled(_write(tmp_path, "empty.tsv", "nur\tzwei\n\n"))
    with pytest.raises(RessortModelError, match="folds"):
        ressort_eval.cross_validate(list(_TRAIN), folds=1)


def test_wikinews_titles_from_flattened_file_names():
    """One decoder for the corpus's headlines (training, gold, benchmarks): escapes at the
    start and end, quotes, years, and a character the corpus's cut split at the end."""
    from meldungen.training.wikinews import wikinews_title

    wiki = "https_de.wikinews.org_wiki_"
    assert wikinews_title(f"{wiki}C3_96sterreich_w_C3_A4hlt") == "Österreich wählt"
    assert wikinews_title(f"{wiki}1._August_2005__Stichtag") == "1. August 2005 Stichtag"
    assert wikinews_title(f"{wiki}Bilanz_2005") == "Bilanz 2005"
    assert wikinews_title(f"{wiki}Caf_C3_A9") == "Café"
    assert wikinews_title(f"{wiki}_E2_80_9EGenug_ist_genug_E2_80_9C") == "„Genug ist genug“"
    assert wikinews_title(f"{wiki}Lager_zu_schlie_C3") == "Lager zu schlie"  # cut as it is
    assert wikinews_title(f"{wiki}Sanders_tritt_zur_C3_B") == "Sanders tritt zur"
    assert wikinews_title(f"{wiki}Amt_des_Ministerpr_C3_") == "Amt des Ministerpr"
    assert wikinews_title(f"{wiki}Soll_der_Staat_mith_C3_B6ren_3F") == "Soll der Staat mithören?"
    assert wikinews_title(f"{wiki}Am_27_Mai_3A_Wahl") == "Am 27 Mai: Wahl"


def test_large_files_run_their_folds_in_parallel_with_the_same_predictions(monkeypatch):
    samples = list(_TRAIN) * 3
    one_by_one = ressort_eval.cross_validate(samples, folds=3)
    monkeypatch.setattr(ressort_eval, "PARALLEL_FROM", 1)  # worker processes even for this one
    assert ressort_eval.cross_validate(samples, folds=3) == one_by_one


def test_the_shipped_default_weighs_the_ressorts_most_news_is_filed_under(tmp_path):
    from meldungen.enrich.ressort import RessortModel, default_model, document

    model = default_model()
    big = {"Politik", "Ausland", "Wirtschaft", "Panorama", "Sport"}
    assert {k for k, w in model.label_prior.items() if w > 1} == big
    plain = RessortModel(model.word_vec, model.char_vec, model.coef, model.intercept,
                         model.labels, model.temperature)  # fmt: skip
    doc = document("Demonstration in Bonn", "Trotz der Ferien zogen Schüler durch Bonn.")
    weighed, unweighed = model.predict_proba([doc])[0], plain.predict_proba([doc])[0]
    i, j = model.labels.index("Politik"), model.labels.index("Reise")
    # a probability times its weight, renormalised: the odds of Politik to Reise double
    assert weighed[i] / weighed[j] == pytest.approx(2 * unweighed[i] / unweighed[j])
    assert abs(weighed.sum() - 1) < 1e-9
    model.save(tmp_path / "m")
    assert RessortModel.load(tmp_path / "m").label_prior == model.label_prior


def test_the_loaded_analyzers_make_scikit_learns_n_grams():
    from meldungen.enrich.ressort import TfidfState, default_model

    model = default_model()
    texts = [
        "Die Bundesregierung beschließt am Montag das Haushaltsgesetz 2025.",
        "  Zwei  Leerzeichen\t\tund\nZeilen  ",
        "a b c",
        "",
        "Öl-Preis: 3,5 % höher — Straße, Maß und İstanbul; E-Mail an x@y.de",
        "ein zweiwortiges Ende",
        "Ü",
    ]
    for vec in (model.word_vec, model.char_vec):
        assert isinstance(vec, TfidfState)
        ours, theirs = vec.build_analyzer(), vec.sklearn().build_analyzer()
        for text in texts:
            assert ours(text) == theirs(text), (vec.analyzer, text)
    for ngram_range in [(1, 1), (2, 3), (3, 3)]:
        for kind in ("word", "char_wb"):
            state = TfidfState(
                kind, ngram_range, True, True, "l2", r"(?u)\b\w\w+\b", {"x": 0}, np.ones(1)
            )
            ours, theirs = state.build_analyzer(), state.sklearn().build_analyzer()
            for text in texts:
                assert ours(text) == theirs(text), (kind, ngram_range, text)


def test_classifying_needs_no_scikit_learn():
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from meldungen.enrich.ressort import classify\n"
        "print(classify('Tor in der Nachspielzeit', 'Der Stürmer traf zum Sieg.').label)\n"
        "print('sklearn' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["Sport", "False"]
