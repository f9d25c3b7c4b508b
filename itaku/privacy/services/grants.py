"""The client side's permission to open a contract's personal-information files (P-6-1), granted and
revoked by the contract's officer (契約担当), the client's administrator of the contract."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.models import Membership
from itaku.core.exceptions import ClauseViolation
from itaku.journal.services import journal_append

from ..access import GRANT_ADMIN_ROLE, active_grant
from ..models import AccessGrant
from ._common import require_role


@transaction.atomic
def access_grant(*, actor, contract, user, reason: str) -> AccessGrant:
    require_role(actor, contract, {GRANT_ADMIN_ROLE}, _("閲覧許可を与えられるのはこの契約の契約担当者です。"))
    if user.organisation_id != contract.client_id or not Membership.objects.filter(contract=contract,
                                                                                  user=user).exists():
        raise ClauseViolation(_("閲覧許可は、この契約に関わる甲の職員にだけ与えられます。"), code="grant_user",
                              clause="P-6-1", field="user")
    if not (reason or "").strip():
        raise ClauseViolation(_("理由を記入してください。"), code="reason_missing", clause="P-6-1", field="reason")
    if active_grant(user, contract) is not None:
        raise ClauseViolation(_("%(user)s にはすでに閲覧許可があります。") % {"user": user}, code="grant_exists",
                              clause="P-6-1", field="user")
    grant = AccessGrant.objects.create(contract=contract, user=user, reason=reason.strip(), granted_by=actor,
                                       granted_at=timezone.now())
    journal_append(actor=actor, action="privacy.grant.given", contract=contract, clause="P-6-1", obj=grant,
                   data={"user": user.username, "reason": grant.reason})
    return grant


@transaction.atomic
def access_revoke(*, actor, grant: AccessGrant) -> AccessGrant:
    require_role(actor, grant.contract, {GRANT_ADMIN_ROLE}, _("閲覧許可を取り消せるのはこの契約の契約担当者です。"))
    grant = AccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise ClauseViolation(_("この閲覧許可はすでに取り消されています。"), code="grant_revoked", clause="P-6-1")
    grant.revoked_at, grant.revoked_by = timezone.now(), actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    journal_append(actor=actor, action="privacy.grant.revoked", contract=grant.contract, clause="P-6-1", obj=grant,
                   data={"user": grant.user.username})
    return grant
