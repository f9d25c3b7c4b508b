import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from itaku.journal.models import Event
from itaku.privacy import services
from itaku.privacy.models import DatasetFile

from .conftest import CSV, dataset_values


def _login(client, user):
    client.force_login(user)
    return client


def test_section_lists_the_register(client, stored, demo, seed):
    response = _login(client, demo["auditor"]).get(reverse("contracts:section", args=[seed.pk, "privacy"]))
    assert response.status_code == 200
    assert stored.dataset.name in response.content.decode()


@pytest.mark.clause("P-6-1")
def test_worker1_downloads_worker2_and_rep_are_refused_and_all_appear_in_the_log(client, stored, demo, seed):
    dataset = stored.dataset
    url = reverse("privacy:file_download", args=[seed.pk, dataset.pk, stored.pk])
    response = _login(client, demo["worker1"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == CSV
    assert "attachment" in response["Content-Disposition"]
    for name, clause in (("worker2", "P-4"), ("rep", "P-6-1")):
        response = _login(client, demo[name]).get(url)
        assert response.status_code == 403 and clause in response.content.decode()
    page = _login(client, demo["officer"]).get(dataset.get_absolute_url()).content.decode()
    for name in ("worker1", "worker2", "rep"):
        assert str(demo[name]) in page


@pytest.mark.clause("P-6-1")
def test_upload_from_the_page_is_encrypted_and_never_in_clear_on_disk(client, dataset, demo, seed, settings,
                                                                     tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # Django would write any upload to a temporary file
    c = _login(client, demo["worker1"])
    url = reverse("privacy:file_upload", args=[seed.pk, dataset.pk])
    data = CSV * 2000
    with pytest.MonkeyPatch.context():
        response = c.post(url, {"file": SimpleUploadedFile("meibo.csv", data, content_type="text/csv")})
    assert response.status_code == 302, response.content.decode()[:2000]
    record = DatasetFile.objects.get(dataset=dataset)
    assert record.size == len(data)
    assert not list(tmp_path.iterdir())  # nothing was spooled to the upload directory
    assert b"".join(services.dataset_file_read(actor=demo["worker1"], file=record)) == data


def test_upload_refused_for_rep(client, dataset, demo, seed):
    url = reverse("privacy:file_upload", args=[seed.pk, dataset.pk])
    response = _login(client, demo["rep"]).post(url, {"file": SimpleUploadedFile("m.csv", CSV)})
    assert response.status_code == 403
    assert not DatasetFile.objects.filter(dataset=dataset).exists()


def test_create_page(client, demo, seed, named):
    url = reverse("privacy:create", args=[seed.pk])
    c = _login(client, demo["privacy"])
    assert c.get(url).status_code == 200
    values = dataset_values(storage_lockable="on")
    values = {k: v for k, v in values.items()}
    response = c.post(url, values)
    assert response.status_code == 302


@pytest.mark.clause("P-6-1")
def test_api_register_upload_download_and_log(demo, seed, named):
    api = APIClient()
    api.force_authenticate(demo["privacy"])
    response = api.post("/api/v1/datasets/", {"contract": seed.pk, **dataset_values()}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api.post(f"/api/v1/datasets/{pk}/files/", {"file": SimpleUploadedFile("m.csv", CSV)},
                        format="multipart")
    assert response.status_code == 201, response.json()
    file_pk = response.json()["id"]
    response = api.get(f"/api/v1/datasets/{pk}/files/{file_pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == CSV
    api.force_authenticate(demo["worker2"])
    response = api.get(f"/api/v1/datasets/{pk}/files/{file_pk}/")
    assert response.status_code == 403 and response.json()["clause"] == "P-4"
    log = api.get(f"/api/v1/datasets/{pk}/access-log/").json()
    assert {e["actor"] for e in log} >= {"privacy", "worker2"}


@pytest.mark.clause("P-6-7")
def test_api_close_out_and_certificate(stored, demo, seed):
    api = APIClient()
    pk = stored.dataset_id
    api.force_authenticate(demo["officer"])
    assert api.post(f"/api/v1/datasets/{pk}/direct/", {"method": "erase"}, format="json").status_code == 200
    api.force_authenticate(demo["privacy"])
    response = api.post(f"/api/v1/datasets/{pk}/close-out/", {"how": "消去"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "erased"
    api.force_authenticate(demo["officer"])
    assert api.post(f"/api/v1/datasets/{pk}/confirm/", {}, format="json").status_code == 200
    response = api.post("/api/v1/datasets/certificate/", {"contract": seed.pk}, format="json")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert Event.objects.filter(action="documents.document.generated", contract=seed).exists()


def test_register_query_count_is_constant(client, demo, seed, named):
    from itaku.core.tests.queries import computed_queries

    c = _login(client, demo["officer"])
    url = reverse("contracts:section", args=[seed.pk, "privacy"])
    before = computed_queries(c, url)
    assert before <= 60
    for i in range(6):
        services.dataset_register(actor=demo["privacy"], contract=seed, **dataset_values(name=f"名簿{i}"))
    assert computed_queries(c, url) <= before


def test_access_log_query_count_is_constant(client, stored, demo, seed, django_assert_max_num_queries):
    c = _login(client, demo["officer"])
    url = stored.dataset.get_absolute_url()
    c.get(url)
    with django_assert_max_num_queries(60) as before:
        c.get(url)
    for _ in range(5):
        services.dataset_file_read(actor=demo["worker1"], file=stored)
        services.dataset_file_add(actor=demo["worker1"], dataset=stored.dataset,
                                  upload=SimpleUploadedFile("x.csv", CSV))
    with django_assert_max_num_queries(len(before.captured_queries)):
        c.get(url)
