"""The per-batch entity look-up cache: one query per key and batch, only committed entities."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from meldungen.news.enrichment import entity_cache, entity_for
from meldungen.news.models import Entity

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db]


def test_a_batch_looks_each_entity_up_once():
    with entity_cache():
        first = entity_for("PER:angela merkel", "Angela Merkel", "Angela Merkel", "PER")
        with CaptureQueriesContext(connection) as queries:
            again = entity_for("PER:angela merkel", "Angela Merkel", "Angela Merkel", "PER")
        assert again.pk == first.pk
        assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:  # outside a batch: no cache
        entity_for("PER:angela merkel", "Angela Merkel", "Angela Merkel", "PER")
    assert len(queries) >= 1


def test_an_entity_of_a_rolled_back_item_is_not_remembered():
    class Boom(Exception):
        pass

    with entity_cache():
        with pytest.raises(Boom), transaction.atomic():
            entity_for("ORG:stadtwerke", "Stadtwerke", "Stadtwerke", "ORG")
            raise Boom
        assert not Entity.objects.filter(key="ORG:stadtwerke").exists()
        entity = entity_for("ORG:stadtwerke", "Stadtwerke", "Stadtwerke", "ORG")
        assert Entity.objects.filter(pk=entity.pk).exists()


def test_the_cache_ends_with_the_batch_so_an_editors_merge_is_seen():
    with entity_cache():
        old = entity_for("LOC:kiew", "Kiew", "Kiew", "LOC")
    target = entity_for("LOC:kyjiw", "Kyjiw", "Kyjiw", "LOC")
    Entity.objects.filter(pk=old.pk).update(merged_into=target)
    with entity_cache():
        assert entity_for("LOC:kiew", "Kiew", "Kiew", "LOC").pk == target.pk
