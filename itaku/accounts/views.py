import base64
from binascii import unhexlify

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login

from itaku.core.exceptions import ClauseViolation

from .forms import CodeForm
from .selectors import api_token_of, mfa_enrolled, mfa_status
from .services import user_password_change
from .signin import (
    api_token_reissue,
    mfa_device_for_setup,
    mfa_enrol,
    mfa_new_key,
    mfa_recovery_codes_renew,
    mfa_remove,
    mfa_verify,
)

SETUP_KEY = "itaku_mfa_setup_key"
NEW_CODES = "itaku_mfa_new_codes"
NEW_TOKEN = "itaku_new_api_token"


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password change, through the journaled service."""

    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        user_password_change(actor=self.request.user, user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        return super(auth_views.PasswordChangeView, self).form_valid(form)


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _refuse_into(form, exc: ClauseViolation):
    form.add_error("code" if exc.field == "code" else None, str(exc.detail))


@login_required
@require_safe
def mfa(request):
    """The user's own security page: the second factor (set up, recovery codes, removal) and the API token
    (when it was created and last used; reissue)."""
    return _security_page(request, CodeForm(prefix="remove"), new_codes=request.session.pop(NEW_CODES, None))


def _security_page(request, remove_form, *, new_codes=None):
    context = {**mfa_status(request.user), "new_codes": new_codes, "remove_form": remove_form,
               "api": api_token_of(request.user), "new_key": request.session.pop(NEW_TOKEN, None)}
    return render(request, "accounts/mfa.html", context)


@login_required
def mfa_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), then give the current code."""
    if mfa_enrolled(request.user):
        return redirect("mfa")
    key = request.session.get(SETUP_KEY) or mfa_new_key()
    request.session[SETUP_KEY] = key
    form = CodeForm(request.POST or None, help_text=_("アプリに表示されている6桁の数字"))
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = mfa_enrol(actor=request.user, key=key, code=form.cleaned_data["code"])
        except ClauseViolation as exc:
            _refuse_into(form, exc)
        else:
            del request.session[SETUP_KEY]
            request.session.cycle_key()
            otp_login(request, device)
            request.session[NEW_CODES] = codes
            messages.success(request, _("2段階認証を設定しました。リカバリーコードを控えてください。"))
            return redirect("mfa")
    device = mfa_device_for_setup(user=request.user, key=key)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.svg_inline(scale=4, title=_("認証アプリで読み取るQRコード"), omitsize=True)
                           .replace("<svg ", "<svg role=\"img\" ", 1)),
        "secret": " ".join(_groups(base64.b32encode(unhexlify(key)).decode())),
        "required": mfa_status(request.user)["required"],
        "next": _next_url(request, default=""),
    }
    return render(request, "accounts/mfa_setup.html", context)


def _groups(text, size=4):
    return [text[i:i + size] for i in range(0, len(text), size)]


@login_required
def mfa_verify_view(request):
    """The second step of signing in for a user who has enrolled."""
    if not mfa_enrolled(request.user) or request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None,
                    help_text=_("認証アプリの6桁の数字、またはリカバリーコードを入力してください。"))
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa_verify(actor=request.user, code=form.cleaned_data["code"])
        except ClauseViolation as exc:
            _refuse_into(form, exc)
        else:
            request.session.cycle_key()
            otp_login(request, device)
            if device.persistent_id.startswith("otp_static"):
                left = mfa_status(request.user)["recovery_codes_left"]
                messages.warning(request, _("リカバリーコードを使いました。残りは%(left)d個です。") % {"left": left})
            return redirect(_next_url(request))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next_url(request, default="")})


@login_required
@require_POST
def mfa_recovery(request):
    """New recovery codes; the old ones stop working."""
    try:
        request.session[NEW_CODES] = mfa_recovery_codes_renew(actor=request.user)
    except ClauseViolation as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("リカバリーコードを作り直しました。以前のコードは使えません。"))
    return redirect("mfa")


@login_required
@require_POST
def mfa_remove_view(request):
    """Remove one's own second factor, confirmed with a current code."""
    form = CodeForm(request.POST, prefix="remove")
    if form.is_valid():
        try:
            mfa_remove(actor=request.user, user=request.user, code=form.cleaned_data["code"])
        except ClauseViolation as exc:
            _refuse_into(form, exc)
        else:
            messages.success(request, _("2段階認証を解除しました。"))
            return redirect("mfa")
    return _security_page(request, form)


@login_required
@require_POST
def api_token(request):
    """Issue or reissue the user's own API token; the new key is shown once on the security page."""
    try:
        token = api_token_reissue(actor=request.user)
    except ClauseViolation as exc:
        messages.error(request, str(exc.detail))
    else:
        request.session[NEW_TOKEN] = token.key
        messages.success(request, _("APIトークンを発行しました。以前のトークンは使えません。"))
    return redirect("mfa")
