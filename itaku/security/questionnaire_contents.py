"""Section 1 of F-S (1 委託内容, eight rows), read from the contract so the contractor does not retype it.

:func:`contract_contents` ``(contract)`` gives ``{key: value}`` for the keys of the template's rows:
business_name, business_content, period (和暦), security_officer (the contract's members with the role
セキュリティ責任者, S-3), workers (the workers of the contractor's accepted responsibility report F-P, with
their employment type, S-4), asset_location (:func:`_asset_places`, S-7), has_personal_info (annex 1's
datasets) and has_subcontracting (the subcontractors attached through an approved K-6 consent, S-10).
A constant number of queries.
"""

from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.consents.models import Subcontractor
from itaku.core.wareki import to_wareki
from itaku.personnel.choices import EntryRole, VersionState
from itaku.personnel.models import ReportEntry, ReportVersion
from itaku.privacy.models import Dataset

SEPARATOR = "、"


def _asset_places(contract) -> list[str]:
    """Where the contract's information assets are used (S-7): the places of the asset register, annex 1's
    datasets included (:func:`itaku.security.selectors.asset_places`)."""
    from .selectors import asset_places

    return asset_places(contract)


def _workers(contract) -> list[str]:
    version = (ReportVersion.objects.filter(report__contract_id=contract.pk, report__subcontractor__isnull=True,
                                            state=VersionState.ACCEPTED).order_by("-number").first())
    if version is None:
        return []
    entries = ReportEntry.objects.filter(version=version, role=EntryRole.WORKER).order_by("position", "id")
    return [f"{e.name}（{e.get_employment_display()}）" for e in entries]


def subcontractors(contract) -> list[str]:
    return list(Subcontractor.objects.filter(contract_id=contract.pk).order_by("attached_on", "id")
                .values_list("organisation__name", flat=True))


def contract_contents(contract) -> dict:
    officers = (Membership.objects.filter(contract_id=contract.pk, role=Role.SECURITY_OFFICER)
                .select_related("user").order_by("id"))
    officer_names = [m.user.display_name or m.user.get_username() for m in officers]
    subs = subcontractors(contract)
    datasets = Dataset.objects.filter(contract_id=contract.pk).count()
    has_spec = bool(contract.specification)
    return {
        "business_name": contract.title,
        "business_content": _("別紙仕様書のとおり") if has_spec else contract.title,
        "period": f"{to_wareki(contract.signed_on)} ～ {to_wareki(contract.ends_on)}",
        "security_officer": SEPARATOR.join(officer_names),
        "workers": SEPARATOR.join(_workers(contract)),
        "asset_location": SEPARATOR.join(_asset_places(contract)),
        "has_personal_info": (_("有（個人情報取扱特記事項を適用、%(n)s件）") % {"n": datasets}) if datasets
        else _("無"),
        "has_subcontracting": (_("有（%(names)s）") % {"names": SEPARATOR.join(subs)}) if subs else _("無"),
    }


def rows_with_values(template, contents: dict) -> list[dict]:
    return [{"key": row["key"], "label": row["label"], "value": contents.get(row["key"], "")}
            for row in template.section1_rows]
