"""Documents of a contract's records: the calculation sheet (計算書) of a payment's late-payment
interest (K-12) or of a late-completion penalty (K-13), from the working stored with the record."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itaku.core.exceptions import ClauseViolation
from itaku.core.money import Working
from itaku.core.wareki import to_wareki
from itaku.documents.renderers import register
from itaku.rates.sheet import PDF_MIMETYPE, sheet_pdf

from .models import LatePenalty, Payment


def sheet_heading(contract) -> list[str]:
    parties = contract.parties or {}
    return [
        f"業務名　{contract.title}",
        f"甲　{parties.get('client', {}).get('name', '')}　乙　{parties.get('contractor', {}).get('name', '')}",
        f"契約期間　{to_wareki(contract.signed_on)}～{to_wareki(contract.ends_on)}　契約額　金{contract.amount:,}円",
    ]


def working_of(source) -> Working:
    """The stored working of a payment (its interest) or of a penalty."""
    if isinstance(source, Payment):
        if not source.interest_working:
            raise ClauseViolation(_("この支払は支払期限までに行われたため、遅延利息の計算書はありません。"),
                                  code="no_interest", clause="K-12")
        return Working.from_dict(source.interest_working)
    if isinstance(source, LatePenalty):
        return Working.from_dict(source.working)
    raise TypeError(f"no calculation sheet for {source!r}")


def _sheet(contract, journal_head: str, source, what: str) -> tuple[str, str, bytes]:
    content = sheet_pdf(working_of(source), heading=sheet_heading(contract), journal_head=journal_head)
    return f"contract-{contract.pk}-{what}-{source.pk}.pdf", PDF_MIMETYPE, content


@register("interest_sheet", "pdf", clause="K-12", source="contracts.Payment", title=gettext_lazy("遅延利息の計算書"))
def interest_sheet(contract, *, journal_head: str, source: Payment) -> tuple[str, str, bytes]:
    return _sheet(contract, journal_head, source, "interest")


@register("penalty_sheet", "pdf", clause="K-13", source="contracts.LatePenalty",
          title=gettext_lazy("延滞違約金の計算書"))
def penalty_sheet(contract, *, journal_head: str, source: LatePenalty) -> tuple[str, str, bytes]:
    return _sheet(contract, journal_head, source, "penalty")
