"""Who someone is."""

from django.conf import settings
from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import OrganisationKind, Role
from .models import Organisation, User


def can_create_contracts(user: User) -> bool:
    """契約担当 of a client organisation: holds the ``contracts.add_contract`` permission."""
    return (
        user.is_authenticated
        and user.organisation is not None
        and user.organisation.is_client
        and user.has_perm("contracts.add_contract")
    )


def contractor_organisations() -> QuerySet[Organisation]:
    """The organisations a client's officer may name as 乙 (K-0)."""
    return Organisation.objects.filter(kind=OrganisationKind.CONTRACTOR)


def active_users_of(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(organisation=organisation, is_active=True).order_by("username")


def active_contractor_users() -> QuerySet[User]:
    return (User.objects.filter(organisation__kind=OrganisationKind.CONTRACTOR, is_active=True)
            .select_related("organisation").order_by("organisation__name", "username"))


def active_users_of_contracts() -> QuerySet[User]:
    """Active users who hold at least one role on a contract."""
    return User.objects.filter(is_active=True, memberships__isnull=False).distinct().order_by("username")


# Contractor roles whose holders must use a second factor when it is required.
MFA_CONTRACTOR_ROLES = frozenset({Role.REPRESENTATIVE, Role.PRIVACY_OFFICER, Role.SECURITY_OFFICER})


def mfa_required_for(user: User) -> bool:
    """Whether ``user`` must use a second factor: only when ``ITAKU_MFA_REQUIRED`` is on, then every
    user of a client organisation, every staff user (the administrators) and the contractor's
    代表者, 個人情報保護責任者 and セキュリティ責任者 on any contract."""
    if not settings.ITAKU_MFA_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if user.organisation is not None and user.organisation.is_client:
        return True
    if hasattr(user, "mfa_holds_role"):  # loaded with the signed-in user (accounts.backends)
        return user.mfa_holds_role
    return user.memberships.filter(role__in=MFA_CONTRACTOR_ROLES).exists()


def mfa_enrolled(user: User, *, fresh: bool = False) -> bool:
    """Whether ``user`` has a confirmed authenticator app (as loaded with the signed-in user, unless
    ``fresh``)."""
    if not fresh and hasattr(user, "mfa_has_device"):
        return user.mfa_has_device
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_status(user: User) -> dict:
    """What the user's own two-factor page shows."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    codes_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return {"enrolled": device is not None, "device": device, "recovery_codes_left": codes_left,
            "required": mfa_required_for(user)}


def api_token_usable(user: User) -> bool:
    """Whether ``user`` may use an API token: an active user of a client organisation, or of a
    contractor while holding a role on at least one of its contracts. A contractor's user who has
    lost every role, and a user of no organisation, cannot."""
    if not user.is_active or user.organisation_id is None:
        return False
    if user.organisation.is_client:
        return True
    return user.memberships.filter(contract__contractor_id=user.organisation_id).exists()


def api_token_of(user: User) -> dict:
    """The user's API token: when it was created and last used (no key), and whether it may be used."""
    from rest_framework.authtoken.models import Token

    from .models import ApiTokenUse

    token = Token.objects.filter(user=user).first()
    last = ApiTokenUse.objects.filter(token=token).values_list("last_used_at", flat=True).first() if token else None
    return {"token": token, "created": token.created if token else None, "last_used": last,
            "usable": api_token_usable(user)}
