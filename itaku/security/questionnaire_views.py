"""Pages of the self-assessment sheet (F-S): a version (read, answer, submit, review), two versions compared
item by item, the form as PDF/XLSX, and the client's view across contractors. Thin: the services write."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from itaku.accounts.choices import Role
from itaku.contracts.panels import section_url
from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.wareki import from_wareki
from itaku.documents.http import document_attachment
from itaku.documents.services import document_generate

from . import questionnaire_selectors as selectors
from . import questionnaire_services as services
from .questionnaire_choices import FORM, Result, SheetState

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, contract, roles):
    if not services.roles_of(request.user, contract) & set(roles):
        raise PermissionDenied


def _version(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    return contract, selectors.version_get(contract, pk)


def _day(text: str) -> dt.date | None | str:
    """A date typed as 2024-05-31 or 令和6年5月31日; ``"bad"`` when it is neither."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        try:
            day = from_wareki(text)
        except (ValueError, KeyError):
            return "bad"
    return day


def _render(request, contract, version, *, error="", posted=None, status=200):
    roles = services.roles_of(request.user, contract)
    can_edit = version.state == SheetState.DRAFT and bool(roles & services.EDITORS)
    can_submit = version.state == SheetState.DRAFT and Role.REPRESENTATIVE in roles
    can_review = version.state == SheetState.SUBMITTED and Role.OFFICER in roles
    groups = selectors.grouped(version)
    posted = posted or {}
    remedies = selectors.remedies(version)
    for group in groups:
        for answer in group.answers:
            n = answer.item.number
            answer.form_result = posted.get(f"result-{n}", answer.result)
            answer.form_remark = posted.get(f"remark-{n}", answer.remark)
            answer.form_target = posted.get(f"target-{n}", answer.target_on.isoformat() if answer.target_on else "")
            answer.form_comment = posted.get(f"comment-{n}", answer.review_comment)
            answer.remedy = remedies.get(answer.pk)
    measures = selectors.measures_rows(version)
    for m in measures:
        m["form_value"] = posted.get(f"measure-{m['key']}", m["value"])
    rows = selectors.versions(contract)
    return render(request, "security/questionnaire/version.html", {
        "contract": contract, "version": version, "groups": groups, "contents": selectors.contents_rows(version),
        "measures": measures, "can_edit": can_edit, "can_submit": can_submit, "can_review": can_review,
        "error": error, "posted": posted,
        "versions": rows, "results": Result, "today": dt.date.today().isoformat(),
    }, status=status)


@login_required
@require_POST
def sheet_new(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    _require(request, contract, {Role.REPRESENTATIVE})
    try:
        version = services.sheet_draft(actor=request.user, contract=contract)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return redirect(section_url(contract.pk, "sheet", "sheet"))
    return redirect("security:sheet_version", contract_pk=contract.pk, pk=version.pk)


@login_required
@require_GET
def version_detail(request, contract_pk, pk):
    contract, version = _version(request, contract_pk, pk)
    return _render(request, contract, version)


def _posted_answers(request, version):
    answers, bad = {}, None
    for answer in version.answers.all():
        n = answer.item.number
        if f"result-{n}" not in request.POST and f"remark-{n}" not in request.POST:
            continue
        target = _day(request.POST.get(f"target-{n}", ""))
        if target == "bad":
            bad = bad or n
            target = None
        answers[n] = {"result": request.POST.get(f"result-{n}", ""), "remark": request.POST.get(f"remark-{n}", ""),
                      "target_on": target}
    return answers, bad


@login_required
@require_POST
def version_answers(request, contract_pk, pk):
    """Save section 2's answers and section 3's measures of the draft (the representative, the security
    officer)."""
    contract, version = _version(request, contract_pk, pk)
    _require(request, contract, services.EDITORS)
    answers, bad = _posted_answers(request, version)
    if bad is not None:
        return _render(request, contract, version, posted=request.POST, status=400,
                       error=_("項目%(number)s：完了予定日は 2024-05-31 又は 令和6年5月31日 の形で入力してください。")
                       % {"number": bad})
    measures = {m["key"]: request.POST[f"measure-{m['key']}"] for m in version.template.measures
                if f"measure-{m['key']}" in request.POST}
    try:
        services.answers_save(actor=request.user, version=version, answers=answers)
        if measures:
            services.measures_save(actor=request.user, version=version, measures=measures)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        version = selectors.version_get(contract, pk)
        return _render(request, contract, version, posted=request.POST, error=str(exc), status=400)
    messages.success(request, _("保存しました。"))
    if request.POST.get("then") == "submit":
        return redirect(selectors_url(contract.pk, version.pk, "submit"))
    return redirect("security:sheet_version", contract_pk=contract.pk, pk=version.pk)


def selectors_url(contract_pk, pk, anchor=""):
    from django.urls import reverse

    url = reverse("security:sheet_version", kwargs={"contract_pk": contract_pk, "pk": pk})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
def version_submit(request, contract_pk, pk):
    contract, version = _version(request, contract_pk, pk)
    _require(request, contract, {Role.REPRESENTATIVE})
    on = _day(request.POST.get("submitted_on", ""))
    if on == "bad":
        return _render(request, contract, version, status=400, error=_("報告日の形が正しくありません。"))
    try:
        services.sheet_submit(actor=request.user, version=version, on=on)
    except ClauseViolation as exc:
        return _render(request, contract, selectors.version_get(contract, pk), error=str(exc), status=400)
    messages.success(request, _("外部委託先調査シートを提出しました。甲の確認を待ちます。"))
    return redirect("security:sheet_version", contract_pk=contract.pk, pk=version.pk)


@login_required
@require_POST
def version_review(request, contract_pk, pk):
    contract, version = _version(request, contract_pk, pk)
    _require(request, contract, {Role.OFFICER})
    decision = request.POST.get("decision")
    on = _day(request.POST.get("decided_on", ""))
    if decision not in ("accept", "return") or on == "bad":
        return _render(request, contract, version, posted=request.POST, status=400,
                       error=_("受理するか差し戻すかを選び、日付を正しく入力してください。"))
    comments = {a.item.number: request.POST.get(f"comment-{a.item.number}", "") for a in version.answers.all()}
    try:
        services.sheet_review(actor=request.user, version=version, accept=decision == "accept",
                              comment=request.POST.get("comment", ""), item_comments=comments, on=on)
    except ClauseViolation as exc:
        return _render(request, contract, selectors.version_get(contract, pk), posted=request.POST, error=str(exc),
                       status=400)
    messages.success(request, _("受理しました。") if decision == "accept" else _("差し戻しました。"))
    return redirect("security:sheet_version", contract_pk=contract.pk, pk=version.pk)


@login_required
@require_POST
def version_document(request, contract_pk, pk, fmt):
    """Form F-S of the version as PDF or XLSX; a POST, since each generation is stored and journaled."""
    contract, version = _version(request, contract_pk, pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    try:
        document = document_generate(actor=request.user, contract=contract, kind=FORM, fmt=fmt, source=version)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return redirect("security:sheet_version", contract_pk=contract.pk, pk=version.pk)
    return document_attachment(document)


@login_required
@require_GET
def version_compare(request, contract_pk):
    """Two versions item by item (``?a=&b=``; the two newest by default)."""
    contract = contract_get(request.user, contract_pk)
    rows = selectors.versions(contract)
    if len(rows) < 2:
        raise Http404
    by_pk = {str(v.pk): v for v in rows}
    left = by_pk.get(request.GET.get("a", "")) or rows[1]
    right = by_pk.get(request.GET.get("b", "")) or rows[0]
    left, right = selectors.version_get(contract, left.pk), selectors.version_get(contract, right.pk)
    return render(request, "security/questionnaire/compare.html", {
        "contract": contract, "left": left, "right": right, "rows": selectors.compare(left, right),
        "versions": rows,
    })


def _overview(request):
    if not selectors.may_see_overview(request.user):
        raise PermissionDenied
    year = request.GET.get("year", "")
    return selectors.overview(request.user, fiscal_year=int(year) if year.isdigit() else None,
                              department=request.GET.get("department", "").strip())


@login_required
@require_GET
def overview(request):
    """The client's view across contractors (officers and auditors of the client)."""
    data = _overview(request)
    return render(request, "security/questionnaire/overview.html", {
        "data": data, "year": request.GET.get("year", ""), "department": request.GET.get("department", ""),
        "query": request.GET.urlencode()})


@login_required
@require_GET
def overview_xlsx(request):
    from .questionnaire_renderers import overview_xlsx as render_xlsx

    data = _overview(request)
    response = HttpResponse(render_xlsx(data), content_type=XLSX_MIMETYPE)
    response["Content-Disposition"] = 'attachment; filename="security-sheets.xlsx"'
    return response
