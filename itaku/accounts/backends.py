"""Django's model backend, loading with the signed-in user what the second-factor check needs, so
that it costs no query of its own on each request."""

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        from .selectors import MFA_CONTRACTOR_ROLES

        user = (
            User._default_manager.select_related("organisation")
            .annotate(
                mfa_has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
                mfa_holds_role=Exists(Membership.objects.filter(user=OuterRef("pk"), role__in=MFA_CONTRACTOR_ROLES)),
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
