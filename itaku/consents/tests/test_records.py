"""What annex 1's approvals open: the take-out (P-5) and the copies (P-6-5). Taking a dataset's file out or
copying it happens only through them; without an approval the act is refused naming the clause."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.models import Event as JournalEvent
from itaku.obligations.models import Obligation

from .. import records
from ..models import CopyAllowance, DatasetCopy, TakeOut
from ..services import consent_decide, consent_submit
from .conftest import copy_statement, takeout_statement

CSV = "氏名,電話\n山梨 太郎,055-000-0000\n".encode()


@pytest.fixture
def vault_file(dataset, demo, named):
    from itaku.privacy.services import dataset_file_add

    return dataset_file_add(actor=demo["worker1"], dataset=dataset,
                            upload=SimpleUploadedFile("meibo.csv", CSV, content_type="text/csv"))


def _today(days=0):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def approved(demo, seed, kind, statement, who="privacy"):
    consent = consent_submit(actor=demo[who], contract=seed, kind=kind, statement=statement)
    return consent_decide(actor=demo["officer"], consent=consent, approve=True)


@pytest.mark.clause("P-5")
def test_approval_opens_a_takeout_due_back_by_its_date(demo, seed, dataset):
    consent = approved(demo, seed, "privacy_takeout", takeout_statement(dataset))
    takeout = TakeOut.objects.get(consent=consent)
    assert takeout.holder == demo["privacy"] and takeout.return_by == dt.date(2023, 8, 3)
    obligation = Obligation.objects.get(kind=records.RETURN_KIND, source_id=takeout.pk)
    assert obligation.due_on == takeout.return_by and obligation.clause_id == "P-5" and obligation.state == "open"
    event = JournalEvent.objects.filter(action="consents.request.approved").latest("seq")
    assert event.data["opened"]["takeout"] == takeout.pk
    records.takeout_return(actor=demo["privacy"], takeout=takeout, on=dt.date(2023, 8, 2), note="全件返却")
    obligation.refresh_from_db()
    takeout.refresh_from_db()
    assert takeout.state == "returned" and obligation.state == "met"
    with pytest.raises(ClauseViolation):
        records.takeout_return(actor=demo["privacy"], takeout=takeout)
    with pytest.raises(PermissionRefused):
        records.takeout_return(actor=demo["worker1"], takeout=TakeOut.objects.get(pk=takeout.pk))


@pytest.mark.clause("P-5")
def test_takeout_download_only_under_an_approved_open_takeout(demo, seed, dataset, vault_file):
    with pytest.raises(ClauseViolation) as exc:  # no approval
        records.takeout_file_read(actor=demo["privacy"], file=vault_file)
    assert exc.value.clause == "P-5" and exc.value.code == "takeout_not_approved"
    refused = JournalEvent.objects.filter(action="privacy.access.refused").latest("seq")
    assert refused.clause_id == "P-5"
    consent = approved(demo, seed, "privacy_takeout",
                       takeout_statement(dataset, starts_on=_today(), return_by=_today(2)))
    assert b"".join(records.takeout_file_read(actor=demo["privacy"], file=vault_file)) == CSV
    read = JournalEvent.objects.filter(action="privacy.file.read").latest("seq")
    assert read.clause_id == "P-5" and read.data["purpose"] == "takeout"
    with pytest.raises(ClauseViolation) as exc:  # another person's take-out
        records.takeout_file_read(actor=demo["worker1"], file=vault_file)
    assert exc.value.clause == "P-5"
    takeout = TakeOut.objects.get(consent=consent)
    records.takeout_return(actor=demo["privacy"], takeout=takeout)
    with pytest.raises(ClauseViolation) as exc:  # returned
        records.takeout_file_read(actor=demo["privacy"], file=vault_file)
    assert exc.value.clause == "P-5"


@pytest.mark.clause("P-5")
def test_takeout_outside_its_period_is_refused(demo, seed, dataset, vault_file):
    approved(demo, seed, "privacy_takeout", takeout_statement(dataset, starts_on=_today(-5), return_by=_today(-1)))
    with pytest.raises(ClauseViolation) as exc:
        records.takeout_file_read(actor=demo["privacy"], file=vault_file)
    assert exc.value.code == "takeout_out_of_period"


@pytest.mark.clause("P-6-5")
def test_copies_are_counted_refused_beyond_the_approval_and_disposed_of(demo, seed, dataset, vault_file):
    with pytest.raises(ClauseViolation) as exc:
        records.copy_file_read(actor=demo["privacy"], file=vault_file)
    assert exc.value.clause == "P-6-5" and exc.value.code == "copy_not_approved"
    consent = approved(demo, seed, "privacy_copy", copy_statement(dataset, copies=2))
    allowance = CopyAllowance.objects.get(consent=consent)
    assert allowance.approved == 2 and allowance.holder == demo["privacy"]
    for number in (1, 2):
        copy, stream = records.copy_file_read(actor=demo["privacy"], file=vault_file)
        assert copy.number == number and b"".join(stream) == CSV
    with pytest.raises(ClauseViolation) as exc:
        records.copy_file_read(actor=demo["privacy"], file=vault_file)
    assert exc.value.code == "copy_count_exceeded"
    allowance.refresh_from_db()
    assert allowance.made == 2 and DatasetCopy.objects.filter(allowance=allowance).count() == 2
    dues = Obligation.objects.filter(kind=records.DISPOSE_KIND, state="open")
    assert dues.count() == 2 and {o.due_on for o in dues} == {dt.date(2023, 9, 30)}
    copy = DatasetCopy.objects.get(allowance=allowance, number=1)
    with pytest.raises(ClauseViolation) as exc:
        records.dataset_copy_dispose(actor=demo["privacy"], copy=copy, method="")
    assert exc.value.field == "method"
    records.dataset_copy_dispose(actor=demo["privacy"], copy=copy, method="シュレッダー")
    assert Obligation.objects.filter(kind=records.DISPOSE_KIND, state="open").count() == 1


@pytest.mark.clause("P-6-1")
def test_a_takeout_still_needs_the_right_to_handle(demo, seed, dataset, vault_file):
    """The approval is not the right to handle: worker2 (named, not briefed) is refused by the vault."""
    approved(demo, seed, "privacy_takeout", takeout_statement(dataset, starts_on=_today(), return_by=_today(1)),
             who="rep")
    with pytest.raises(ClauseViolation) as exc:  # rep holds the take-out but is not named in the F-P
        records.takeout_file_read(actor=demo["rep"], file=vault_file)
    assert exc.value.clause == "P-6-1"


@pytest.mark.clause("P-5")
def test_pages_take_out_copy_return_and_dispose(client, demo, seed, dataset, vault_file):
    client.force_login(demo["privacy"])
    url = reverse("consents:takeout_file", args=[seed.pk, vault_file.pk])
    response = client.get(url, follow=True)
    assert "[P-5]" in response.content.decode()
    approved(demo, seed, "privacy_takeout", takeout_statement(dataset, starts_on=_today(), return_by=_today(1)))
    approved(demo, seed, "privacy_copy", copy_statement(dataset, copies=1))
    from itaku.contracts.panels import section_url

    html = client.get(section_url(seed.pk, "annex1_records")).content.decode()
    assert url in html and "持出し中" in html and "複製を作成（残り1部）" in html
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == CSV
    copy_url = reverse("consents:copy_file", args=[seed.pk, vault_file.pk])
    response = client.post(copy_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == CSV
    assert "[P-6-5]" in client.post(copy_url, follow=True).content.decode()
    takeout, copy = TakeOut.objects.get(dataset=dataset), DatasetCopy.objects.get(allowance__dataset=dataset)
    client.post(reverse("consents:copy_dispose", args=[seed.pk, copy.pk]), {"method": "消去ソフトで消去"})
    client.post(reverse("consents:takeout_return", args=[seed.pk, takeout.pk]), {"note": "返却"})
    takeout.refresh_from_db()
    copy.refresh_from_db()
    assert takeout.state == "returned" and copy.disposal_method == "消去ソフトで消去"
    client.force_login(demo["worker1"])
    copy2 = reverse("consents:copy_dispose", args=[seed.pk, copy.pk])
    assert client.post(copy2, {"method": "x"}).status_code == 403
    client.force_login(demo["outsider"])
    assert client.get(url).status_code == 404


@pytest.mark.clause("P-6-5")
def test_api_takes_out_copies_returns_and_disposes(client, demo, seed, dataset, vault_file):
    consent = approved(demo, seed, "privacy_takeout",
                       takeout_statement(dataset, starts_on=_today(), return_by=_today(1)))
    takeout = TakeOut.objects.get(consent=consent)
    client.force_login(demo["worker1"])
    response = client.get(f"/api/v1/takeouts/{takeout.pk}/file/?file={vault_file.pk}")
    assert response.status_code == 400 and response.json()["clause"] == "P-5"  # not the holder
    client.force_login(demo["privacy"])
    rows = client.get(f"/api/v1/takeouts/?contract={seed.pk}").json()["results"]
    assert rows[0]["id"] == takeout.pk and rows[0]["holder"] == "privacy"
    response = client.get(f"/api/v1/takeouts/{takeout.pk}/file/?file={vault_file.pk}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == CSV
    response = client.post(f"/api/v1/takeouts/{takeout.pk}/return/", {"note": "返却"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "returned"
    copying = approved(demo, seed, "privacy_copy", copy_statement(dataset, copies=1))
    allowance = CopyAllowance.objects.get(consent=copying)
    url = f"/api/v1/copy-allowances/{allowance.pk}/"
    response = client.post(url + "copy/", {"file": vault_file.pk}, content_type="application/json")
    assert response.status_code == 200 and b"".join(response.streaming_content) == CSV
    response = client.post(url + "copy/", {"file": vault_file.pk}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "copy_count_exceeded"
    response = client.post(url + "dispose/", {"number": 1, "method": "消去"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["copies"][0]["disposal_method"] == "消去"


@pytest.mark.parametrize("username", ["officer", "privacy"])
def test_records_keep_a_constant_number_of_queries(client, demo, seed, dataset, vault_file, username,
                                                   django_assert_max_num_queries):
    from itaku.contracts.panels import section_url

    def grow(n):
        for _i in range(n):
            approved(demo, seed, "privacy_takeout", takeout_statement(dataset, starts_on=_today(), return_by=_today(1)))
            allowance = CopyAllowance.objects.get(consent=approved(demo, seed, "privacy_copy", copy_statement(dataset)))
            records.copy_file_read(actor=demo["privacy"], file=vault_file, allowance=allowance)

    client.force_login(demo[username])
    grow(1)
    counts = []
    for _round in range(2):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(section_url(seed.pk, "annex1_records")).status_code == 200
            assert client.get("/api/v1/takeouts/").status_code == 200
            assert client.get("/api/v1/copy-allowances/").status_code == 200
        counts.append(len(ctx.captured_queries))
        grow(3)
    assert counts[1] <= counts[0], counts


@pytest.mark.clause("P-6-5")
def test_a_copy_made_earlier_is_recorded_at_its_time_never_before_the_approval_nor_in_the_future(
        demo, seed, dataset, vault_file):
    consent = approved(demo, seed, "privacy_copy", copy_statement(dataset, copies=2))
    allowance = CopyAllowance.objects.get(consent=consent)
    now = timezone.now()
    for when, code in ((now + dt.timedelta(days=1), "date_in_future"),
                       (now - dt.timedelta(days=400), "date_too_early")):
        with pytest.raises(ClauseViolation) as exc:
            records.dataset_copy_record(actor=demo["privacy"], allowance=allowance, file=vault_file, made_at=when)
        assert exc.value.clause == "P-6-5" and exc.value.code == code and exc.value.field == "made_at"
    earlier = now - dt.timedelta(hours=2)
    copy = records.dataset_copy_record(actor=demo["privacy"], allowance=allowance, file=vault_file, made_at=earlier)
    assert copy.made_at == earlier and copy.number == 1


def test_the_demo_copy_was_made_and_disposed_of_in_the_contract_term(demo, seed):
    copy = DatasetCopy.objects.get(allowance__contract=seed)
    assert timezone.localtime(copy.made_at).date() == dt.date(2023, 6, 8)
    assert copy.disposed_on == dt.date(2023, 6, 20) <= copy.allowance.dispose_by
