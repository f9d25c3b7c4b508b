"""K-8, K-9: the contract binds the contractor to annexes 1 and 2 until its end: closing it (完結) is refused
while personal information is not returned or erased (P-6-7) or the client's information assets are held
(S-8-5); each annex's refusal ends with what it waits for."""

import pytest

from itaku.contracts.lifecycle import gates
from itaku.contracts.models import Contract
from itaku.privacy.models import Dataset
from itaku.security.choices import AssetOwner, AssetState
from itaku.security.models import InformationAsset
from itaku.security.services import asset_close

SEED = "ひきこもり支援Web広告業務"


@pytest.mark.clause("K-8")
@pytest.mark.clause("K-9")
def test_closing_waits_for_both_annexes(demo):
    seed = Contract.objects.get(title=SEED)
    assert Dataset.objects.filter(contract=seed, confirmed_on__isnull=True).exists()
    clauses = [r.clause for r in gates.refusals(seed)]
    assert "P-6-7" in clauses and "S-8-5" in clauses
    for asset in InformationAsset.objects.filter(contract=seed, owner=AssetOwner.CLIENT, state=AssetState.HELD):
        asset_close(actor=demo["rep"], asset=asset, method=AssetState.HANDED_OVER, how="甲の担当課へ手渡し")
    clauses = [r.clause for r in gates.refusals(seed)]
    assert "S-8-5" not in clauses and "P-6-7" in clauses
