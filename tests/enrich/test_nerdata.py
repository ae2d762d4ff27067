"""Training-data helpers of meldungen.training.nerdata on hand-made sentences."""

from __future__ import annotations

from meldungen.training import nerdata


def test_split_germeval_holds_out_three_blocks_in_ten() -> None:
    sents = [([f"w{i}"], ["O"]) for i in range(1000)]
    train, test = nerdata.split_germeval(sents)
    assert len(test) == 300 and len(train) == 700
    held = {int(toks[0][1:]) // 50 % 10 for toks, _ in test}
    assert held == {2, 5, 8}
    assert nerdata.split_germeval(sents) == (train, test)  # deterministic


def test_keep_types_drops_other_types_and_repairs_iob() -> None:
    tags = ["B-OTH", "I-OTH", "I-PER", "O", "B-LOC", "B-MISC"]
    assert nerdata.keep_types(tags) == ["O", "O", "B-PER", "O", "B-LOC", "O"]


def test_sentence_cut_keeps_entities_whole() -> None:
    toks = ["Sie", "wohnt", "in", "Ulm", ".", "Dann", "kam", "St", ".", "Pauli", "."]
    tags = ["O", "O", "O", "B-LOC", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O"]
    out = nerdata._sentences(toks, tags)
    assert [s[0] for s in out] == [toks[:5], toks[5:]]
    assert out[1][1] == ["O", "O", "B-ORG", "I-ORG", "I-ORG", "O"]


def test_smartdata_type_map_covers_fine_location_types() -> None:
    assert nerdata.SMARTDATA_MAP["LOCATION_STREET"] == "LOC"
    assert nerdata.SMARTDATA_MAP["ORGANIZATION_COMPANY"] == "ORG"
    assert "LOCATION_ROUTE" not in nerdata.SMARTDATA_MAP
