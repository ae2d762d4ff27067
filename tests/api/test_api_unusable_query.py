"""/api/articles with a `q` that searches nothing (only exclusions, no word, only function
words) answers 400 naming why, as the search page explains it, instead of an empty list;
the same decision (search.text.Query.empty_reason) for both."""

from __future__ import annotations

import pytest

from meldungen.search.text import parse_query

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.mark.parametrize(
    ("q", "reason", "says"),
    [
        ("-krieg", "only_excluded", "only excludes words"),
        ("-krieg -frieden", "only_excluded", "only excludes words"),
        ("?!", "no_word", "no word to search for"),
        ("🙂 …", "no_word", "no word to search for"),
        ("und der", "only_function_words", "too common"),
    ],
)
def test_an_unusable_q_is_a_400_naming_why(client, data, q, reason, says):
    assert parse_query(q).empty_reason() == reason
    response = client.get("/api/articles", {"q": q})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail.startswith("q searches nothing: ") and says in detail
    # the search page explains the same query in German, from the same decision
    html = client.get("/suche", {"q": q}).content.decode()
    assert parse_query(q).why_empty() in html.replace("&quot;", '"')


def test_a_usable_q_and_an_empty_q_still_answer_200(client, data):
    assert parse_query("Landtag -Stadtlauf").empty_reason() == ""
    response = client.get("/api/articles", {"q": "Landtag -Stadtlauf"})
    assert response.status_code == 200 and response.json()["items"]
    assert client.get("/api/articles", {"q": "  "}).status_code == 200  # no search: the list
    # a word no article has: an empty list, not an error
    response = client.get("/api/articles", {"q": "Zeppelin"})
    assert response.status_code == 200 and response.json()["items"] == []


def test_the_schema_documents_the_400_of_q(client, db):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/articles"]["get"]
    assert "400" in operation["responses"]
    q = next(p for p in operation["parameters"] if p["name"] == "q")
    assert "400" in q["description"]
