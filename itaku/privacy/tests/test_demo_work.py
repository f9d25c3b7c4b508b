import pytest

from itaku.journal.models import Event
from itaku.obligations.work import items_for
from itaku.privacy import services
from itaku.privacy.demo import NAME, load
from itaku.privacy.models import Dataset


@pytest.mark.clause("P-6-1")
def test_demo_worker1_read_worker2_and_rep_refused(demo, seed, named):
    from itaku.contracts.demo import load_demo

    load_demo()  # the personnel check answers now; loading again adds the dataset once
    load_demo()
    dataset = Dataset.objects.get(contract=seed, name=NAME)
    log = {(e.actor.username, e.action, e.clause_id) for e in Event.objects.filter(
        object_type="privacy.dataset", object_id=str(dataset.pk)).select_related("actor")}
    assert ("worker1", "privacy.file.read", "P-6-1") in log
    assert ("worker2", "privacy.access.refused", "P-4") in log
    assert ("rep", "privacy.access.refused", "P-6-1") in log
    assert Dataset.objects.filter(contract=seed, name=NAME).count() == 1
    assert load is not None


@pytest.mark.clause("P-6-7")
def test_close_out_items_wait_for_the_privacy_officer_then_the_officer(stored, demo, seed):
    dataset = stored.dataset
    services.dataset_direct(actor=demo["officer"], dataset=dataset, method="dispose")
    mine = [i for i in items_for(demo["privacy"]) if i.kind == "privacy.close_out" and i.mine]
    assert mine and mine[0].url.endswith("#close-out")
    services.dataset_close_out(actor=demo["privacy"], dataset=dataset, how="シュレッダーによる裁断と暗号鍵の消去")
    assert [i for i in items_for(demo["officer"]) if i.kind == "privacy.confirm" and i.mine]
