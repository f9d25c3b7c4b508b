"""Who may open a contract's personal-information files (P-6-1, P-4, P-6-2) and who administers the
client side's permissions.

- Contractor users (and a subcontractor's, P-9): :func:`handling_refusal` of :mod:`itaku.personnel.access`
  decides: named in the currently accepted responsibility report (F-P), briefed on P-4 (1)–(3) and, if
  dispatched, confirmed (P-6-2). Roles do not count: the representative is refused unless named.
- Client users: an active :class:`~itaku.privacy.models.AccessGrant` on the contract, granted by the
  client's administrator of the contract, its officer (契約担当). The officer holds no file access by
  office: the officer grants it, to others or to themself, and every grant is journaled.
"""

from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.core.exceptions import ClauseViolation

from .models import AccessGrant

# The grant administrator of a contract's client side.
GRANT_ADMIN_ROLE = Role.OFFICER
PURPOSES = ("handle", "takeout", "copy")


def handling_refusal(user, contract) -> ClauseViolation | None:
    """personnel's check (see the module); refused with P-6-1 while that app is not installed."""
    try:
        from itaku.personnel.access import handling_refusal as personnel_refusal
    except ImportError:
        return ClauseViolation(_("責任体制報告書が受理されていないため、個人情報を取り扱えません。"),
                               code="not_named", clause="P-6-1")
    return personnel_refusal(user, contract)


def is_client_user(user, contract) -> bool:
    return user.organisation_id is not None and user.organisation_id == contract.client_id


def active_grant(user, contract) -> AccessGrant | None:
    return AccessGrant.objects.filter(contract=contract, user=user, revoked_at__isnull=True).first()


def is_grant_admin(user, contract) -> bool:
    return Membership.objects.filter(contract=contract, user=user, role=GRANT_ADMIN_ROLE).exists()


def file_refusal(user, contract) -> ClauseViolation | None:
    """None when ``user`` may open and add the contract's personal-information files now; else the refusal
    naming its clause."""
    if user is None or not user.is_authenticated:
        return ClauseViolation(_("ログインしてください。"), code="not_authenticated", clause="P-6-1")
    if is_client_user(user, contract):
        if active_grant(user, contract) is None:
            return ClauseViolation(
                _("個人情報のファイルを開くには、契約担当者による閲覧許可が必要です。"),
                code="no_client_grant", clause="P-6-1")
        return None
    return handling_refusal(user, contract)


def authorisation_refusal(user, dataset, purpose: str, authorisation) -> ClauseViolation | None:
    """For a take-out or a copy, the record (from the consents of P-5 / P-6-5) must be given and belong to
    this dataset and this user; whether the act was approved is that record's business."""
    if purpose not in PURPOSES:
        return ClauseViolation(_("取扱いの目的が正しくありません。"), code="purpose", clause="P-6-1")
    if purpose == "handle":
        return None
    clause = "P-5" if purpose == "takeout" else "P-6-5"
    if authorisation is None:
        return ClauseViolation(_("持出し・複製には承諾に基づく記録が必要です。"), code="no_authorisation",
                               clause=clause)
    dataset_id = getattr(authorisation, "dataset_id", None)
    holder_id = next((getattr(authorisation, name) for name in ("user_id", "holder_id", "actor_id", "requested_by_id")
                      if getattr(authorisation, name, None) is not None), None)
    if dataset_id != dataset.pk or holder_id != user.pk:
        return ClauseViolation(_("この持出し・複製の記録は、この個人情報またはこの利用者のものではありません。"),
                               code="authorisation_mismatch", clause=clause)
    return None
