"""Who someone is on a contract."""

from .choices import Role
from .models import Membership, User


def roles_on(user: User, contract) -> set[str]:
    """The roles ``user`` holds on ``contract``."""
    if not user.is_authenticated:
        return set()
    cache = getattr(contract, "_roles_cache", None)
    if cache is None:
        cache = {}
        for user_id, role in Membership.objects.filter(contract=contract).values_list("user_id", "role"):
            cache.setdefault(user_id, set()).add(role)
        contract._roles_cache = cache
    return set(cache.get(user.pk, set()))


def is_client_user(user: User, contract) -> bool:
    return user.is_authenticated and user.organisation_id == contract.client_id


def can_create_contracts(user: User) -> bool:
    """契約担当 of a client organisation: holds the ``contracts.add_contract`` permission."""
    return (
        user.is_authenticated
        and user.organisation is not None
        and user.organisation.is_client
        and user.has_perm("contracts.add_contract")
    )


def has_role(user: User, contract, *roles: Role) -> bool:
    return bool(roles_on(user, contract) & set(roles))
