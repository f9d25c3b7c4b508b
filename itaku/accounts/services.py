"""Writes on organisations and users, each journaled in the same transaction."""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from itaku.journal.services import journal_append

from .models import Organisation, User

ORGANISATION_FIELDS = ("kind", "name", "address", "representative_title", "representative_name", "is_sample")
USER_FIELDS = ("username", "display_name", "job_title", "email", "is_active", "is_staff")


@transaction.atomic
def organisation_save(*, actor, organisation: Organisation) -> Organisation:
    """Create or change an organisation (K-0). Contracts keep their parties as signed."""
    created = organisation.pk is None
    organisation.full_clean()
    organisation.save()
    journal_append(
        actor=actor, action="accounts.organisation.created" if created else "accounts.organisation.changed",
        clause="K-0", obj=organisation, data={f: getattr(organisation, f) for f in ORGANISATION_FIELDS},
    )
    return organisation


@transaction.atomic
def user_save(*, actor, user: User, password: str | None = None, groups: list[Group] | None = None,
              validate: bool = True) -> User:
    """Create or change a user; the password itself is never journaled. The password validators
    apply; only the demo loader passes ``validate=False`` (its published password is the demo's)."""
    created = user.pk is None
    if password is not None:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    user.save()
    if groups is not None:
        user.groups.set(groups)
    journal_append(
        actor=actor, action="accounts.user.created" if created else "accounts.user.changed", obj=user,
        data={**{f: getattr(user, f) for f in USER_FIELDS},
              "organisation": user.organisation.name if user.organisation else None,
              "groups": sorted(g.name for g in user.groups.all()), "password_changed": password is not None},
    )
    return user


@transaction.atomic
def user_password_change(*, actor, user: User, password: str) -> User:
    """Set a new password (the user's own, or by an administrator); journaled without the password.
    The password validators apply (a ``ValidationError`` names what is wrong)."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user_password_recorded(actor=actor, user=user)


def user_password_recorded(*, actor, user: User) -> User:
    """Journal a password that Django's own admin form has just set, inside the same transaction."""
    journal_append(actor=actor, action="accounts.user.password_changed", obj=user,
                   data={"username": user.username, "by_self": actor is not None and actor.pk == user.pk})
    return user
