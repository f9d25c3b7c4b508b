from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from itaku.core.exceptions import ClauseViolation, PermissionRefused

from . import selectors
from .calendar import feed_ics
from .forms import SECTION_CHOICES, WaiveForm, WorkFilterForm
from .services import calendar_feed_issue, calendar_feed_revoke, obligation_waive


@login_required
@require_GET
def dashboard(request):
    """わたしの仕事: what the user owes, overdue first, then due within 14 days; and what others owe on
    the contracts in which the user takes part."""
    return render(request, "obligations/dashboard.html", selectors.dashboard(request.user))


WORK_PAGE_SIZE = 50


@login_required
@require_GET
def work_list(request):
    """The full list behind a section of わたしの仕事, paginated, on every contract or on one: page ``n``
    reads the ``n × 50`` most urgent items of the section and shows the last 50 of them."""
    form = WorkFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    section = data.get("section") or "overdue"
    contract = None
    if data.get("contract"):
        from itaku.contracts.selectors import contract_get

        contract = contract_get(request.user, data["contract"])
    number = data.get("page") or 1
    board = selectors.work_window(request.user, section=section, contract=contract,
                                  start=(number - 1) * WORK_PAGE_SIZE, size=WORK_PAGE_SIZE)
    pages = max((board["count"] + WORK_PAGE_SIZE - 1) // WORK_PAGE_SIZE, 1)
    if number > pages:
        number = pages
        board = selectors.work_window(request.user, section=section, contract=contract,
                                      start=(number - 1) * WORK_PAGE_SIZE, size=WORK_PAGE_SIZE)
    return render(request, "obligations/work_list.html", {
        **board, "form": form, "section": section, "section_title": dict(SECTION_CHOICES)[section],
        "sections": SECTION_CHOICES, "contract": contract,
        "page": {"number": number, "pages": pages, "previous": number - 1 if number > 1 else None,
                 "next": number + 1 if number < pages else None},
    })


@login_required
@require_POST
def obligation_waive_view(request, pk):
    obligation = selectors.obligation_get(request.user, pk)
    form = WaiveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:  # the service checks the role first, then the reason
        obligation_waive(actor=request.user, obligation=obligation, reason=reason)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("期限を免除しました。"))
    from itaku.contracts.panels import section_url

    return redirect(section_url(obligation.contract_id, "obligations", f"obligation-{obligation.pk}"))


@login_required
def calendar_settings(request):
    """The user's private calendar feed: its URL, and the buttons to issue a new one or revoke it."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(actor=request.user)
            messages.success(request, _("カレンダー配信のURLを無効にしました。"))
        else:
            calendar_feed_issue(actor=request.user)
            messages.success(request, _("カレンダー配信のURLを発行しました。以前のURLは使えなくなりました。"))
        return redirect("obligations:calendar")
    feed = selectors.calendar_feed_of(request.user)
    url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(request, "obligations/calendar.html", {"feed": feed, "feed_url": url})


@require_GET
def calendar_feed(request, token):
    """The iCal feed: the token is the key, so no login; an unknown or revoked token is 404."""
    user = selectors.feed_owner(token)
    if user is None:
        raise Http404
    response = HttpResponse(feed_ics(user, request.get_host()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="itaku.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
