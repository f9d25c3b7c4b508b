from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status: int, heading, message, template: str | None = None):
    if _is_api(request):
        code = {403: "permission_denied", 404: "not_found"}.get(status, "error")
        return JsonResponse({"code": code, "clause": None, "detail": str(message)}, status=status)
    return render(request, template or f"{status}.html", {"heading": heading, "message": message}, status=status)


def bad_request(request, exception=None):
    """400 (413 for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``) raised before a view could answer: for
    the API in its error shape, for pages in the reader's language."""
    from django.core.exceptions import RequestDataTooBig

    from itaku.api.errors import oversized_response

    too_big = isinstance(exception, RequestDataTooBig)
    if _is_api(request):
        if too_big or exception.__class__.__name__ in ("TooManyFieldsSent", "TooManyFilesSent"):
            body, status = oversized_response(exception)
        else:
            body, status = {"code": "bad_request", "clause": None, "detail": str(_("要求を処理できません。"))}, 400
        return JsonResponse({**body, "detail": str(body["detail"])}, status=status)
    if too_big:
        return render(request, "error.html", {"heading": _("データが大きすぎます"),
                                              "message": _("送信されたデータが大きすぎます。")}, status=413)
    return render(request, "error.html", {"heading": _("要求を処理できません"),
                                          "message": _("送信された内容を処理できませんでした。")}, status=400)


def page_not_found(request, exception=None):
    """404: for pages, in the reader's language; for the API, in the API's error shape."""
    return _error(request, 404, _("ページが見つかりません"),
                  _("お探しのページは存在しないか、閲覧する権限がありません。"))


def permission_denied(request, exception=None):
    return _error(request, 403, _("この操作はできません"), _("この操作を行う権限がありません。"))


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an old page, or a login in another tab): say what to do,
    in the site's design (Django's own page is plain English)."""
    return _error(request, 403, _("送信を受け付けられませんでした"),
                  _("安全のため、この送信は処理していません。入力した内容は保存されていません。"),
                  template="403_csrf.html")


def server_error(request):
    """500: no template logic that could fail again; the API keeps its error shape."""
    if _is_api(request):
        return JsonResponse({"code": "error", "clause": None, "detail": "Server error"}, status=500)
    from django.views.defaults import server_error as default

    return default(request)
