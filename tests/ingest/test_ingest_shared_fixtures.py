"""Every real fixture in ../shared/fixtures parses without an exception; text items carry
headline, time and body; dpa-digitalwires items carry keywords."""

from __future__ import annotations

from pathlib import Path

from meldungen.ingest.detect import parse
from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.text import html_to_text


def fixture_files(shared: Path) -> list[Path]:
    root = shared / "fixtures"
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".json", ".xml"))


def test_every_shared_fixture_parses(shared_dir: Path) -> None:
    files = fixture_files(shared_dir)
    assert len(files) >= 40, files
    drafts = 0
    for path in files:
        results = parse(path.read_bytes(), url=path.as_uri())
        assert results, path
        for result in results:
            assert isinstance(result, ArticleDraft | Rejected), (path, result)
            if isinstance(result, Rejected):
                assert result.reason, path
                continue
            drafts += 1
            assert result.guid, path
            if result.headline and html_to_text(result.body):
                assert result.published is not None, path
                assert result.published.utcoffset() is not None, path
            if "dpa-digitalwires" in path.parts:
                assert result.format == "digitalwires", path
                assert result.keywords, path
                assert "<script" not in result.body, path
    assert drafts >= 35


def test_digitalwires_fixtures_in_detail(shared_dir: Path) -> None:
    folder = shared_dir / "fixtures" / "dpa-digitalwires"
    by_name = {p.stem: parse(p.read_bytes())[0] for p in folder.glob("*.json")}
    assert all(isinstance(d, ArticleDraft) for d in by_name.values())
    # the real items that carry these flags are recognised as such
    assert by_name["embargoed"].embargo is not None
    assert by_name["dw-1"].signal == "correction"
    assert "<h2>" in by_name["with_dateline"].body
    assert by_name["with_dateline"].dateline.endswith("(dpa)")
    assert by_name["image"].picture is not None and by_name["image"].picture.url
    text_items = [d for d in by_name.values() if html_to_text(d.body)]
    assert len(text_items) >= 14
    for draft in text_items:
        assert draft.headline and draft.published and draft.keywords


def test_newsml_and_ninjs_fixtures_in_detail(shared_dir: Path) -> None:
    fixtures = shared_dir / "fixtures"
    [nitf] = parse((fixtures / "newsml-g2" / "LISTING_2_NewsML-G2_Text_Document.xml").read_bytes())
    assert isinstance(nitf, ArticleDraft) and nitf.version == 11
    assert nitf.body.count("<p>") == 2 and nitf.published is not None
    message = parse(
        (
            fixtures / "newsml-g2" / "LISTING_24_News_Message_conveying_a_complete_News_Package.xml"
        ).read_bytes()
    )
    assert len(message) == 4  # four (empty) items, each judged on its own
    for version in ("1.6", "2.2", "3.1"):
        [multimedia] = parse((fixtures / "ninjs" / version / "007_multimedia.json").read_bytes())
        assert isinstance(multimedia, ArticleDraft)
        assert multimedia.picture is not None and multimedia.picture.url.startswith("http")
        assert multimedia.body.startswith("<p>")
