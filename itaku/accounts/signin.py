"""Writes of sign-in: lockouts, the second factor and API tokens, each journaled.

Kept apart from ``services`` (organisations and users) so that each module stays small; views and
admin call these functions like any other service.
"""

import time
import unicodedata
from binascii import unhexlify

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append

from .models import ApiTokenUse, User
from .selectors import api_token_usable, mfa_enrolled

DEVICE_NAME = "authenticator"


def normalise_code(code: str) -> str:
    """A code as people type it: full-width digits and letters read as ASCII (NFKC), spaces and
    hyphens dropped, letters in lower case (recovery codes are lower-case base32)."""
    return unicodedata.normalize("NFKC", code or "").replace(" ", "").replace("-", "").strip().lower()


# --- lockout ------------------------------------------------------------------------------------------

@transaction.atomic
def lockout_record(*, username: str | None, ip_address: str | None, path: str = "") -> None:
    """Journal that an account and an address have been locked out after repeated wrong passwords."""
    user = User.objects.filter(username=username).first() if username else None
    journal_append(actor=None, action="accounts.lockout.locked", obj=user,
                   data={"username": username or "", "ip_address": ip_address or "", "path": path,
                         "failures": settings.AXES_FAILURE_LIMIT})


@transaction.atomic
def lockout_lift(*, actor, attempts) -> int:
    """An administrator lifts lockouts: the failed attempts are forgotten (``attempts``: axes'
    AccessAttempt rows). Journaled as one event naming every account and address lifted."""
    if not (actor.is_staff and actor.has_perm("axes.delete_accessattempt")):
        raise PermissionRefused(_("ロックを解除する権限がありません。"))
    lifted = sorted({(a.username or "", a.ip_address or "") for a in attempts})
    if not lifted:
        return 0
    count = len(attempts)
    for attempt in attempts:
        attempt.delete()
    journal_append(actor=actor, action="accounts.lockout.lifted",
                   data={"lifted": [{"username": u, "ip_address": ip} for u, ip in lifted]})
    return count


# --- the second factor --------------------------------------------------------------------------------

def mfa_new_key() -> str:
    """A new secret for an authenticator app (hex, as django-otp stores it)."""
    return default_key()


def mfa_device_for_setup(*, user: User, key: str) -> TOTPDevice:
    """An unsaved device for ``key``, to show its QR code and secret before enrolment."""
    return TOTPDevice(user=user, key=key, name=DEVICE_NAME, confirmed=False)


def _new_recovery_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.ITAKU_MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def mfa_enrol(*, actor: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Enrol ``actor``'s authenticator app: ``code`` must be the app's current code for ``key``.
    Gives the device and a fresh set of recovery codes (shown once)."""
    if mfa_enrolled(actor, fresh=True):
        raise ClauseViolation(_("2段階認証はすでに設定されています。"), code="mfa_already_enrolled")
    device = mfa_device_for_setup(user=actor, key=key)
    totp = TOTP(unhexlify(key.encode()), device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    code = normalise_code(code)
    if not (code.isdigit() and totp.verify(int(code), device.tolerance)):
        raise ClauseViolation(_("確認コードが正しくありません。アプリに表示されている6桁の数字を入力してください。"),
                              code="mfa_invalid_code", field="code")
    TOTPDevice.objects.filter(user=actor).delete()
    device.confirmed = True
    device.last_t = totp.t()
    device.save()
    StaticDevice.objects.filter(user=actor).delete()
    static = StaticDevice.objects.create(user=actor, name="recovery", confirmed=True)
    codes = _new_recovery_codes(static)
    journal_append(actor=actor, action="accounts.mfa.enrolled", obj=actor,
                   data={"username": actor.username, "recovery_codes": len(codes)})
    return device, codes


def mfa_verify(*, actor: User, code: str):
    """Check ``actor``'s second factor: the authenticator's code, or one recovery code (used up and
    journaled). Gives the device that accepted it. Wrong codes slow further tries down
    (django-otp's throttling), and that count is kept even though the code is refused."""
    code = normalise_code(code)
    with transaction.atomic():
        device = None
        if code:
            # Six digits are the app's code; anything else a recovery code. Each kind is tried only
            # against its own device, so that a recovery code does not slow the app's codes down.
            model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
            for candidate in model.objects.select_for_update().filter(user=actor, confirmed=True):
                if candidate.verify_token(code):
                    device = candidate
                    break
        if isinstance(device, StaticDevice):
            journal_append(actor=actor, action="accounts.mfa.recovery_code_used", obj=actor,
                           data={"username": actor.username, "recovery_codes_left": device.token_set.count()})
    if device is None:
        raise ClauseViolation(_("確認コードが正しくありません。"), code="mfa_invalid_code", field="code")
    return device


@transaction.atomic
def mfa_recovery_codes_renew(*, actor: User) -> list[str]:
    """New recovery codes for ``actor``; the old ones stop working."""
    static = StaticDevice.objects.filter(user=actor, confirmed=True).first()
    if static is None or not mfa_enrolled(actor, fresh=True):
        raise ClauseViolation(_("2段階認証が設定されていません。"), code="mfa_not_enrolled")
    codes = _new_recovery_codes(static)
    journal_append(actor=actor, action="accounts.mfa.recovery_codes_renewed", obj=actor,
                   data={"username": actor.username, "recovery_codes": len(codes)})
    return codes


def mfa_remove(*, actor: User, user: User, code: str = "") -> None:
    """Remove ``user``'s second factor. The user themselves confirms with a current code; an
    administrator (staff who may change users) removes it for someone who lost their device."""
    by_self = actor.pk == user.pk
    if not by_self and not (actor.is_staff and actor.has_perm("accounts.change_user")):
        raise PermissionRefused(_("2段階認証を解除する権限がありません。"))
    if not mfa_enrolled(user, fresh=True) and not StaticDevice.objects.filter(user=user).exists():
        raise ClauseViolation(_("2段階認証が設定されていません。"), code="mfa_not_enrolled")
    if by_self:
        mfa_verify(actor=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        journal_append(actor=actor, action="accounts.mfa.removed", obj=user,
                       data={"username": user.username, "by_self": by_self})


# --- API tokens -----------------------------------------------------------------------------------------

def _usable_or_refuse(user: User) -> None:
    if not api_token_usable(user):
        raise PermissionRefused(_("APIトークンを利用できるのは、組織に属し、受注者側ではいずれかの契約で役割を持つ"
                                  "利用者だけです。"), code="token_not_allowed")


def api_token_issue(*, actor: User, otp: str = ""):
    """The token endpoint: ``actor`` (who gave the right password) gets their token, created on
    first use. A user who has enrolled a second factor gives its code too (``otp``); a user who
    must enrol and has not gets no token."""
    from rest_framework.authtoken.models import Token

    from .selectors import mfa_required_for

    _usable_or_refuse(actor)
    if mfa_enrolled(actor, fresh=True):
        mfa_verify(actor=actor, code=otp)  # its own transaction: a wrong code's throttling is kept
    elif mfa_required_for(actor):
        raise PermissionRefused(_("2段階認証の設定が必要です。画面からログインして設定してください。"),
                                code="mfa_enrolment_required")
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=actor)
        if created:
            journal_append(actor=actor, action="accounts.api_token.issued", obj=actor,
                           data={"username": actor.username})
    return token


@transaction.atomic
def api_token_reissue(*, actor: User):
    """A new token for ``actor``; the old one stops working at once."""
    from rest_framework.authtoken.models import Token

    _usable_or_refuse(actor)
    had = Token.objects.filter(user=actor).delete()[0] > 0
    token = Token.objects.create(user=actor)
    journal_append(actor=actor, action="accounts.api_token.reissued", obj=actor,
                   data={"username": actor.username, "replaced": had})
    return token


def api_token_touch(*, token, at=None) -> None:
    """Record that ``token`` was used (bookkeeping, not journaled: at most one write a minute)."""
    at = at or timezone.now()
    last = ApiTokenUse.objects.filter(token=token).values_list("last_used_at", flat=True).first()
    if last is not None and (at - last).total_seconds() < 60:
        return
    ApiTokenUse.objects.update_or_create(token=token, defaults={"last_used_at": at})
