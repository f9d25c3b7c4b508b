"""The late-payment rate of a contract (K-12): a part of the contract hub's section 「完了・検査・支払」,
where the payments whose interest it sets are."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itaku.contracts import panels
from itaku.core.exceptions import ClauseViolation

from .forms import ContractRateForm
from .selectors import contract_late_payment_rate, is_contract_officer


@panels.register(key="rates", order=60, template="rates/panel.html", title=_("遅延利息の率"), within="lifecycle")
def rates_panel(request, contract) -> dict:
    try:
        rate, refusal = contract_late_payment_rate(contract), None
    except ClauseViolation as exc:  # the signing date falls in a period whose rate is not confirmed
        rate, refusal = None, str(exc)
    can_set = is_contract_officer(request.user, contract)
    calc = {"kind": "interest", "contract": contract.pk, "amount": contract.amount}
    if contract.late_payment_percent is not None:
        calc |= {"rate": contract.late_payment_percent, "basis": contract.late_payment_rate_basis}
    else:
        calc |= {"signed": contract.signed_on.isoformat()}
    penalty = {"kind": "penalty", "contract": contract.pk, "amount": contract.amount,
               "end": contract.ends_on.isoformat()}
    return {
        "rate": rate,
        "refusal": refusal,
        "stated": contract.late_payment_percent is not None,
        "can_set": can_set,
        "form": ContractRateForm(auto_id="rate_%s", initial={"percent": contract.late_payment_percent,
                                          "basis": contract.late_payment_rate_basis}) if can_set else None,
        "interest_url": f"{reverse('rates:calc')}?{urlencode(calc)}",
        "penalty_url": f"{reverse('rates:calc')}?{urlencode(penalty)}",
    }
