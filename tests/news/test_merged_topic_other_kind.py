"""A topic an editor merged away stays merged when its name comes back under another kind of
key: the NER finding "Ampel-Koalition" as an organisation after the keyword topic of that name
was merged into "Bundesregierung" is filed under "Bundesregierung" (one by one and in bulk);
no new "Ampel-Koalition" topic undoes the merge, its page still redirects."""

from __future__ import annotations

import pytest

from meldungen.news.models import Entity
from meldungen.news.topics import create_entities, create_entity, merge, resolve

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture
def merged(db) -> Entity:
    target = Entity.objects.create(
        key="org:bundesregierung", name="bundesregierung", display="Bundesregierung",
        type="ORG", slug="bundesregierung",
    )  # fmt: skip
    old = Entity.objects.create(
        key="tag:ampel-koalition", name="ampel-koalition", display="Ampel-Koalition",
        type="MISC", slug="ampel-koalition",
    )  # fmt: skip
    merge(target, [old])
    return target


SPEC = ("org:ampel-koalition", "ampel-koalition", "Ampel-Koalition", "ORG")


@pytest.mark.parametrize("way", ["one", "bulk"])
def test_the_name_under_another_key_goes_to_the_merge_target(client, merged, way):
    if way == "one":
        entity = create_entity(*SPEC)
    else:
        entity = create_entities([SPEC])[SPEC[0]]
    assert resolve(entity).pk == merged.pk
    unmerged = Entity.objects.filter(merged_into__isnull=True, display="Ampel-Koalition")
    assert not unmerged.exists()
    assert client.get("/thema/ampel-koalition/").status_code == 301
    assert client.get(f"/thema/{entity.slug}/").status_code in (301, 404)
