"""The words a person acknowledges or pledges, as the contract states them."""

import hashlib

from itaku.contracts.models import TemplateClause
from itaku.journal.chain import canonical

from .choices import BRIEFING_CLAUSES


def briefing_items(contract) -> list[dict]:
    """P-4 (1)–(3) as the contract's template words them: ``[{"clause", "number", "text"}]``."""
    rows = {c.clause_id: c for c in TemplateClause.objects.filter(template_id=contract.template_id,
                                                                  clause_id__in=BRIEFING_CLAUSES)}
    return [{"clause": cid, "number": rows[cid].number, "text": rows[cid].text} for cid in BRIEFING_CLAUSES
            if cid in rows]


def sha256_of(value) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()
