import pytest
from django.core.management import call_command

from itaku.contracts.models import Contract, ContractTemplate
from itaku.contracts.selectors import contract_clauses
from itaku.journal.models import Event


@pytest.mark.clause("K-0")
def test_demo_is_idempotent(demo):
    counts = (Contract.objects.count(), Event.objects.count())
    call_command("loaddemo")
    assert (Contract.objects.count(), Event.objects.count()) == counts


@pytest.mark.clause("K-4")
def test_demo_seed_contract(demo):
    contract = Contract.objects.get(title="ひきこもり支援Web広告業務")
    assert contract.client.name == "山梨県"
    assert "サンプル" in contract.contractor.name and contract.contractor.is_sample
    assert str(contract.signed_on) == "2023-06-01" and str(contract.ends_on) == "2024-03-31"
    assert contract.amount == 3_300_000 and contract.tax == 300_000
    assert contract.deposit_exempt and "109条の2" in contract.deposit_exemption_basis


@pytest.mark.django_db
def test_template_holds_every_article_of_the_seed():
    template = ContractTemplate.objects.get(code="yamanashi-itaku-2023")
    ids = set(template.clauses.values_list("clause_id", flat=True))
    assert {f"K-{n}" for n in range(1, 21)} <= ids
    assert {f"P-{n}" for n in range(1, 15)} <= ids
    assert {f"S-{n}" for n in range(1, 16)} <= ids
    assert {f"K-14-1-{n}" for n in range(1, 6)} <= ids
    assert {f"K-14-1-5-{k}" for k in "アイウエオカ"} <= ids
    assert {f"P-6-{n}" for n in range(1, 8)} <= ids
    assert {"F-P", "F-S"} <= set(template.forms)
    items = [i for c in template.forms["F-S"]["section2"]["categories"] for i in c["items"]]
    assert len(items) == 24
    assert {f["name"] for f in template.fields} >= {"contractor_name", "amount", "tax", "premises_address"}


@pytest.mark.clause("K-3")
@pytest.mark.clause("P-5")
def test_fill_in_fields_are_filled(demo):
    contract = Contract.objects.get(title="ひきこもり支援Web広告業務")
    texts = dict((c.clause_id, text) for c, text in contract_clauses(contract))
    assert "金3,300,000円（うち消費税及び地方消費税額300,000円）" in texts["K-3"]
    assert "令和6年3月31日" in texts["K-2"]
    assert contract.premises_address in texts["P-5-1"]
    assert "{{" not in "".join(texts.values())
