"""Pure ingest core (no Django): bytes in, ArticleDraft / Rejected out.

Entry points: ``detect.parse`` (any document), ``fetch.fetch`` (HTTP with limits and SSRF
guard), ``page.extract_article`` / ``page.with_full_text`` (full text for teaser-only feed
items), ``sanitize.clean_html`` (plain text: ``meldungen.text.html_to_text``),
``opml.read_opml`` / ``opml.write_opml``.
Submodules are imported on use so that ``draft`` stays cheap to import.
"""
