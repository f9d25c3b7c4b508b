"""The contract hub's section 「情報セキュリティ」 (annex 2). Its template includes one template per part
(policies, asset register, people, premises, education, investigations, declaration), so that another part
is added by one include line; each part reads the keys of the context below. The self-assessment sheet
(F-S) has its own section 「調査シート」."""

from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role
from itaku.contracts import panels
from itaku.contracts.choices import ContractState
from itaku.personnel.choices import Employment

from . import selectors
from .questionnaire_panels import questionnaire_part, waiting_review
from .services import EDUCATORS, MANAGERS, current_officer, last_notice, people_content


def _held(request, contract):
    """The tab's badge: the client's assets still held."""
    return selectors.held_client_assets(contract)


@panels.register(key="security", order=36, template="security/panel.html", title=_("情報セキュリティ"), count=_held)
def security_panel(request, contract) -> dict:
    user = request.user
    # The hub has the contract's memberships at hand already.
    roles = {m.role for m in contract.memberships.all() if m.user_id == user.pk}
    open_work = contract.state not in (ContractState.TERMINATED, ContractState.CLOSED, ContractState.DRAFT)
    manager = bool(roles & MANAGERS) and open_work
    notice = last_notice(contract)
    officer = current_officer(contract)
    content = people_content(contract, officer)
    premises = list(selectors.premises_list(contract))
    return {
        "policies": selectors.policies_of(contract),
        "rows": selectors.register_rows(user, contract=contract),
        "officer": officer,
        "workers": [{**w, "employment_label": Employment(w["employment"]).label} for w in content["workers"]],
        "notice": notice,
        "notice_stale": officer is not None and (notice is None or notice.content != content),
        "premises": premises,
        "educations": list(selectors.education_list(contract)[:6]),
        "declaration": selectors.declaration_of(contract),
        "can_manage": manager,
        "can_appoint": Role.REPRESENTATIVE in roles and open_work,
        "can_educate": bool(roles & (EDUCATORS)) and open_work,
        "is_officer": Role.OFFICER in roles,
        "user_id": user.pk,
    }


# The self-assessment sheet (F-S) is a workflow of its own between the parties, with its own tab: the
# register above and the sheet together would not fit in three screens.
@panels.register(key="sheet", order=37, template="security/questionnaire/panel.html", title=_("調査シート"),
                 count=waiting_review)
def sheet_panel(request, contract) -> dict:
    return {"questionnaire": questionnaire_part(request, contract)}
