"""Reader and exact-span scoring of meldungen.training.ner_eval on small hand-written files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from meldungen.training import ner_eval
from meldungen.training.ner_eval import ConllFormatError, read_conll, score, spans, to_iob2


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_iob1_is_converted_to_iob2(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "iob1.conll",
        "-DOCSTART- -X- O O\n\n"
        "Kanzlerin NN O\nAnna NE I-PER\nBerger NE I-PER\ntraf NN O\nJonas NE I-PER\n"
        "Keller NE B-PER\nin APPR O\nRostock NE I-LOC\n. $. O\n\n",
    )
    sents = read_conll(p)
    assert len(sents) == 1
    toks, tags = sents[0]
    assert toks[:3] == ["Kanzlerin", "Anna", "Berger"]
    assert tags == ["O", "B-PER", "I-PER", "O", "B-PER", "B-PER", "O", "B-LOC", "O"]
    assert spans(tags) == {(1, 3, "PER"), (4, 5, "PER"), (5, 6, "PER"), (7, 8, "LOC")}


def test_latin1_five_column_newspaper_file_with_windows_line_ends(tmp_path: Path) -> None:
    """Older newspaper corpora come in ISO-8859-1 with word, lemma, POS, chunk and NE columns."""
    text = (
        "-DOCSTART- -X- -X- -X- O\r\n\r\n"
        "Bürgermeister Bürgermeister NN I-NC O\r\nJörg Jörg NE I-NC I-PER\r\n"
        "Müller Müller NE I-NC I-PER\r\neröffnet eröffnen VVFIN I-VC O\r\n"
        "in in APPR I-PC O\r\nGörlitz Görlitz NE I-NC I-LOC\r\n. . $. O O\r\n\r\n"
    )
    p = tmp_path / "latin1.conll"
    p.write_bytes(text.encode("latin-1"))
    sents = read_conll(p)
    assert sents == [
        (
            ["Bürgermeister", "Jörg", "Müller", "eröffnet", "in", "Görlitz", "."],
            ["O", "B-PER", "I-PER", "O", "O", "B-LOC", "O"],
        )
    ]


def test_iob2_tab_separated_and_docstart_between_sentences(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "iob2.tsv",
        "Die\tO\nStadtwerke\tB-ORG\nLandau\tI-ORG\nstreiken\tO\n\n"
        "-DOCSTART-\tO\n\n#\tO\nLandau\tB-LOC\n\n\n",
    )
    sents = read_conll(p)
    assert [s[0] for s in sents] == [["Die", "Stadtwerke", "Landau", "streiken"], ["#", "Landau"]]
    assert sents[0][1] == ["O", "B-ORG", "I-ORG", "O"]
    assert sents[1][1] == ["O", "B-LOC"]


def test_germeval_tsv_outer_column_comments_and_deriv_part(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "germeval.tsv",
        "#\thttp://example.org/a\t[2024-01-01]\t\n"
        "1\tDie\tO\tO\n2\tberliner\tB-LOCderiv\tO\n3\tPolizei\tO\tO\n"
        "4\tfahndet\tO\tO\n5\tnach\tO\tO\n6\tKlara\tB-PER\tO\n7\tVoss\tI-PER\tO\n"
        "8\tvom\tO\tO\n9\tVerein\tB-ORG\tO\n10\tBremen\tI-ORG\tB-LOC\n"
        "11\tund\tO\tO\n12\tEU-weit\tB-ORGpart\tO\n13\tFilm\tB-OTH\tO\n\n"
        "#\thttp://example.org/b\t[2024-01-02]\t\n1\tHallo\tO\tO\n\n",
    )
    sents = read_conll(p)
    assert len(sents) == 2
    toks, tags = sents[0]
    assert toks[1] == "berliner" and tags[1] == "O"  # deriv -> O
    assert tags[11] == "O"  # part -> O
    assert tags[12] == "B-OTH"  # kept by the reader, ignored by the scorer
    assert tags[9] == "I-ORG"  # outer column, not the inner B-LOC
    assert spans(tags) == {(5, 7, "PER"), (8, 10, "ORG"), (12, 13, "OTH")}


def test_bad_line_gives_a_clear_error(tmp_path: Path) -> None:
    p = write(tmp_path, "bad.conll", "Wort O\nnur-ein-token\n")
    with pytest.raises(ConllFormatError, match="bad.conll:2"):
        read_conll(p)


def test_to_iob2_type_change_opens_new_entity() -> None:
    assert to_iob2(["I-PER", "I-LOC", "O", "I-ORG", "I-ORG"]) == [
        "B-PER",
        "B-LOC",
        "O",
        "B-ORG",
        "I-ORG",
    ]


def test_exact_span_scoring_counts_boundaries_and_types() -> None:
    gold = [
        ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG"],
        ["B-OTH", "O", "B-LOC"],
    ]
    pred = [
        ["B-PER", "O", "O", "B-LOC", "O", "B-LOC", "I-LOC"],  # PER too short, ORG mistyped
        ["O", "O", "B-LOC"],
    ]
    rep = score(gold, pred)
    per, loc, org = (rep.per_type[t] for t in ("PER", "LOC", "ORG"))
    assert (per.tp, per.fp, per.fn) == (0, 1, 1)
    assert (loc.tp, loc.fp, loc.fn) == (2, 1, 0)
    assert (org.tp, org.fp, org.fn) == (0, 0, 1)
    micro = rep.micro
    assert micro.precision == pytest.approx(2 / 4)
    assert micro.recall == pytest.approx(2 / 4)
    assert micro.f1 == pytest.approx(0.5)


def test_main_prints_per_type_lines_and_one_final_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = write(tmp_path, "m.conll", "Lena B-PER\nWolf I-PER\nin O\nUlm B-LOC\n\n")

    def fake_tagger(tokens: list[str]) -> list[str]:
        return ["B-PER", "I-PER", "O", "O"]

    monkeypatch.setattr("meldungen.enrich.ner.tag_tokens", fake_tagger)
    out = io.StringIO()
    ner_eval.main(p, out=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "P=1.000 R=0.500 F1=0.667"
    assert any(line.startswith("PER: P=1.000 R=1.000 F1=1.000") for line in lines)
    assert any(line.startswith("LOC: P=0.000 R=0.000 F1=0.000") for line in lines)
