"""The words of a contract: the template's clauses with the contract's values filled in.

One place for the page, the API and every document, so they all say the same thing.
"""

import re

from itaku.core.money import yen
from itaku.core.wareki import to_wareki

from .models import Contract
from .template_data import fill


def party_snapshot(organisation) -> dict:
    """A party as it stands at signing (K-0): the contract keeps these words even if the
    organisation's record changes later."""
    return {
        "name": organisation.name,
        "address": organisation.address,
        "representative_title": organisation.representative_title,
        "representative_name": organisation.representative_name,
    }


def _representative(party: dict) -> str:
    return f"{party['representative_title']} {party['representative_name']}".strip()


def field_values(contract: Contract) -> dict[str, str]:
    """The values of the template's fill-in fields (〇〇〇 in the seed) for ``contract``."""
    client, contractor = contract.parties["client"], contract.parties["contractor"]
    return {
        "title": contract.title,
        "client_name": client["name"],
        "client_address": client["address"],
        "client_representative": _representative(client),
        "client_head_title": client["representative_title"],
        "contractor_name": contractor["name"],
        "contractor_address": contractor["address"],
        "contractor_representative": _representative(contractor),
        "ends_on": to_wareki(contract.ends_on),
        "signed_on": to_wareki(contract.signed_on),
        "amount": yen(contract.amount),
        "tax": yen(contract.tax),
        "deposit_basis": deposit_article(contract) or "",
        "premises_address": contract.premises_address or "＿＿＿＿＿＿",
        "termination_penalty_fraction": contract.template.termination_penalty_fraction,
    }


def deposit_article(contract: Contract) -> str | None:
    """The article of the template's own law cited for the exemption (K-4), or None when the basis
    is another law: 財務規則 109条の2 第7号 → 第109条の2第7号."""
    law = contract.template.parameters.get("deposit_law", "")
    basis = re.sub(r"\s+", "", contract.deposit_exemption_basis or "")
    for prefix in (f"山梨県{law}", law):
        if law and basis.startswith(prefix):
            article = basis[len(prefix):]
            return article if article.startswith("第") else f"第{article}"
    return None


def deposit_text(contract: Contract, template_text: str, values: dict) -> str:
    """K-4 as this contract says it: the template's exemption under its own law, an exemption under
    another law named in full, or the deposit the contractor pays."""
    if not contract.deposit_exempt:
        amount = yen(contract.deposit_amount) if contract.deposit_amount else "　　　　　"
        return f"乙は、契約保証金として金{amount}円を甲に納付するものとする。"
    if deposit_article(contract):
        return fill(template_text, values)
    basis = contract.deposit_exemption_basis.strip()
    return f"甲は、{basis}の規定により、乙が納付すべき契約保証金を免除するものとする。"


def clause_texts(contract: Contract, clauses) -> dict[str, str]:
    """Clause ID → the clause's text for this contract."""
    values = field_values(contract)
    texts = {c.clause_id: fill(c.text, values) for c in clauses}
    for clause in clauses:
        if clause.clause_id == "K-4":
            texts["K-4"] = deposit_text(contract, clause.text, values)
    return texts
