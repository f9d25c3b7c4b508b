"""Altered ciphertext, a wrong or missing key: a clear refusal naming the dataset on the page and the
API, never a 500 and never partial plaintext; the refusal is journaled."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from rest_framework.test import APIClient

from itaku.journal.models import Event

from .conftest import CSV


def _alter(stored):
    name = stored.ciphertext.stored_name()
    with default_storage.open(name, "rb") as fh:
        blob = bytearray(fh.read())
    blob[len(blob) // 2] ^= 0x40
    default_storage.delete(name)
    default_storage.save(name, io.BytesIO(bytes(blob)))


@pytest.mark.clause("P-6-1")
@pytest.mark.parametrize("fault", ["altered", "no_key", "wrong_key", "bad_key"])
def test_fault_is_a_refusal_naming_the_dataset(client, stored, demo, seed, settings, fault):
    if fault == "altered":
        _alter(stored)
    elif fault == "no_key":
        settings.ITAKU_MASTER_KEY = ""
    elif fault == "wrong_key":
        settings.ITAKU_MASTER_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    else:
        settings.ITAKU_MASTER_KEY = "not base64"
    client.force_login(demo["worker1"])
    url = reverse("privacy:file_download", args=[seed.pk, stored.dataset_id, stored.pk])
    response = client.get(url)
    assert response.status_code == 409
    body = response.content.decode()
    assert stored.dataset.name in body and CSV.decode() not in body
    api = APIClient()
    api.force_authenticate(demo["worker1"])
    response = api.get(f"/api/v1/datasets/{stored.dataset_id}/files/{stored.pk}/")
    assert response.status_code == 409 and response.json()["code"].startswith("vault_")
    assert stored.dataset.name in response.json()["detail"]
    refused = Event.objects.filter(action="privacy.access.refused", actor=demo["worker1"]).count()
    assert refused == 2


def test_api_register_list_keeps_its_query_count(demo, seed, named, django_assert_max_num_queries):
    from itaku.privacy import services

    from .conftest import dataset_values

    api = APIClient()
    api.force_authenticate(demo["officer"])
    api.get(f"/api/v1/datasets/?contract={seed.pk}")
    with django_assert_max_num_queries(40) as before:
        api.get(f"/api/v1/datasets/?contract={seed.pk}")
    for i in range(5):
        services.dataset_register(actor=demo["privacy"], contract=seed, **dataset_values(name=f"名簿{i}"))
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = api.get(f"/api/v1/datasets/?contract={seed.pk}")
    assert response.status_code == 200
