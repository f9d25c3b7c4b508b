"""How django-axes sees a request and answers a locked-out one (settings ``AXES_*``)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_CODE = "locked_out"


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or with ``NUM_PROXIES`` reverse proxies in front the
    address the outermost trusted proxy saw (the same rule as the API's throttles), so that a client
    cannot choose its own address by sending X-Forwarded-For."""
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR", "")
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return remote


def lockout_minutes() -> int:
    return round(float(settings.AXES_COOLOFF_TIME) * 60)


def lockout_message() -> str:
    return _("ログインの失敗が続いたため、このアカウントと接続元からのログインを%(minutes)d分間停止しています。"
             "時間をおいてやり直すか、管理者に解除を依頼してください。") % {"minutes": lockout_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """A locked-out sign-in: the API answers ``{"code","clause","detail"}`` (429), pages a page (429)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": LOCKED_CODE, "clause": None, "detail": lockout_message()}, status=429)
    return render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=429)
