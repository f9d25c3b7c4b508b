"""Who someone is."""

from .models import User


def can_create_contracts(user: User) -> bool:
    """契約担当 of a client organisation: holds the ``contracts.add_contract`` permission."""
    return (
        user.is_authenticated
        and user.organisation is not None
        and user.organisation.is_client
        and user.has_perm("contracts.add_contract")
    )
