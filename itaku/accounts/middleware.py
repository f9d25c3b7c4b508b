"""Second factor: a signed-in user who has enrolled must give a code; one who must enrol must do so
before anything else."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import mfa_enrolled, mfa_required_for

# Pages a signed-in user may reach before the second factor.
OPEN_URL_NAMES = {"mfa_verify", "mfa_setup", "logout", "set_language", "healthz"}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        if request.path.startswith((settings.STATIC_URL, "/favicon")):
            return self.get_response(request)
        match = request.resolver_match or _resolve(request.path_info)
        url_name = match.url_name if match else None
        if url_name in OPEN_URL_NAMES:
            return self.get_response(request)
        if mfa_enrolled(user):
            target, code = "mfa_verify", "mfa_verification_required"
            detail = _("2段階認証の確認コードを入力してください。")
        elif mfa_required_for(user):
            target, code = "mfa_setup", "mfa_enrolment_required"
            detail = _("2段階認証の設定が必要です。設定が終わるまで他の操作はできません。")
        else:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"code": code, "clause": None, "detail": detail}, status=403)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))


def _resolve(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None
