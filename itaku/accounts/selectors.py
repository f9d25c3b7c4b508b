"""Who someone is."""

from django.db.models import QuerySet

from .choices import OrganisationKind
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
