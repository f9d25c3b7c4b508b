"""The pages of annex 2: the forms that open from the hub's section 「情報セキュリティ」 and its buttons.
Each checks the actor's role before reading the input; the services check the clauses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from itaku.accounts.choices import Role
from itaku.accounts.models import User
from itaku.contracts.panels import section_url
from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused

from . import selectors, services
from .forms import AssetCloseForm, AssetForm, DeclarationForm, EducationForm, OfficerForm, PolicyForm, PremisesForm
from .services import EDUCATORS, MANAGERS, roles_of

KEY = "security"


def _contract(request, contract_pk, roles):
    contract = contract_get(request.user, contract_pk)
    if not roles_of(request.user, contract) & set(roles):
        raise PermissionDenied
    return contract


def _data(request):
    """The posted fields (a POST with none is still a submission, and answered with its errors)."""
    return request.POST if request.method == "POST" else None


def _named_users(contract):
    return User.objects.filter(pk__in=list(services.permitted_users(contract))).order_by("username")


def _form_page(request, contract, form, *, save, title, clause, submit, done, anchor, obj=None):
    """GET shows ``form``; a valid POST calls ``save(cleaned_data)``; a refusal is shown on its field."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, done)
            return redirect(section_url(contract.pk, KEY, anchor))
    return render(request, "security/form.html", {"contract": contract, "form": form, "title": title,
                                                  "clause": clause, "submit": submit, "object": obj,
                                                  "anchor": anchor}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def asset_create(request, contract_pk):
    contract = _contract(request, contract_pk, MANAGERS)
    form = AssetForm(_data(request), users=_named_users(contract))
    return _form_page(
        request, contract, form, title=gettext_lazy("情報資産を登録する"), clause="S-2",
        submit=gettext_lazy("登録する"), done=_("情報資産を登録しました。"), anchor="assets",
        save=lambda d: services.asset_register(actor=request.user, contract=contract, **d))


@login_required
@require_http_methods(["GET", "POST"])
def asset_close(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    asset = selectors.asset_get(request.user, pk, contract=contract)
    if not roles_of(request.user, contract) & MANAGERS:
        raise PermissionDenied
    form = AssetCloseForm(_data(request))
    return _form_page(
        request, contract, form, title=gettext_lazy("情報資産の引渡し・廃棄を記録する"), clause="S-8-5", obj=asset,
        submit=gettext_lazy("記録する"), done=_("引渡し・廃棄を記録しました。"), anchor=f"asset-{asset.pk}",
        save=lambda d: services.asset_close(actor=request.user, asset=asset, method=d["method"], how=d["how"],
                                            on=d.get("closed_on")))


@login_required
@require_http_methods(["GET", "POST"])
def officer_appoint(request, contract_pk):
    contract = _contract(request, contract_pk, {Role.REPRESENTATIVE})
    users = User.objects.filter(organisation_id=contract.contractor_id, is_active=True).order_by("username")
    form = OfficerForm(_data(request), users=users)
    return _form_page(
        request, contract, form, title=gettext_lazy("セキュリティ責任者を定める"), clause="S-3",
        submit=gettext_lazy("定める"), done=_("セキュリティ責任者を定めました。甲への通知を提出してください。"),
        anchor="people",
        save=lambda d: services.officer_appoint(actor=request.user, contract=contract, user=d["user"],
                                                contact=d["contact"], on=d.get("starts_on")))


def _post(request, contract, act, done, anchor):
    try:
        act()
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return redirect(section_url(contract.pk, KEY, anchor))
    messages.success(request, done)
    return redirect(section_url(contract.pk, KEY, anchor))


@login_required
@require_POST
def notice_submit(request, contract_pk):
    contract = _contract(request, contract_pk, {Role.REPRESENTATIVE})
    return _post(request, contract, lambda: services.notice_submit(actor=request.user, contract=contract),
                 _("セキュリティ責任者・従事者を甲に通知しました。"), "people")


@login_required
@require_POST
def notice_receive(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    notice = selectors.notice_get(request.user, pk, contract=contract)
    if Role.OFFICER not in roles_of(request.user, contract):
        raise PermissionDenied
    return _post(request, contract, lambda: services.notice_receive(actor=request.user, notice=notice),
                 _("通知を受領しました。"), "people")


@login_required
@require_http_methods(["GET", "POST"])
def premises_create(request, contract_pk):
    contract = _contract(request, contract_pk, MANAGERS)
    form = PremisesForm(_data(request), users=_named_users(contract))
    return _form_page(
        request, contract, form, title=gettext_lazy("庁舎等への立入りを記録する"), clause="S-4-3",
        submit=gettext_lazy("記録する"), done=_("立入りを記録しました。"), anchor="premises",
        save=lambda d: services.premises_record(actor=request.user, contract=contract, **d))


@login_required
@require_POST
def premises_acknowledge(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    entry = selectors.premises_get(request.user, pk, contract=contract)
    if entry.user_id != request.user.pk:
        raise PermissionDenied
    return _post(request, contract, lambda: services.premises_acknowledge(actor=request.user, entry=entry),
                 _("入退室管理の指示を確認しました。"), "premises")


@login_required
@require_http_methods(["GET", "POST"])
def education_create(request, contract_pk):
    contract = _contract(request, contract_pk, EDUCATORS)
    form = EducationForm(_data(request), users=_named_users(contract))
    return _form_page(
        request, contract, form, title=gettext_lazy("情報セキュリティ教育を記録する"), clause="S-5",
        submit=gettext_lazy("記録する"), done=_("情報セキュリティ教育を記録しました。"), anchor="education",
        save=lambda d: services.education_record(actor=request.user, contract=contract, **d))


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request, contract_pk):
    contract = _contract(request, contract_pk, {Role.OFFICER})
    form = PolicyForm(_data(request))
    return _form_page(
        request, contract, form, title=gettext_lazy("情報セキュリティポリシーの版を記録する"), clause="S-1",
        submit=gettext_lazy("記録する"), done=_("ポリシーの版を記録しました。"), anchor="policies",
        save=lambda d: services.policy_record(actor=request.user, contract=contract, **d))


@login_required
@require_http_methods(["GET", "POST"])
def declaration_create(request, contract_pk):
    contract = _contract(request, contract_pk, MANAGERS)
    form = DeclarationForm(_data(request))
    return _form_page(
        request, contract, form, title=gettext_lazy("情報セキュリティ宣言の公表を記録する"), clause="S-15",
        submit=gettext_lazy("記録する"), done=_("情報セキュリティ宣言の公表を記録しました。"), anchor="declaration",
        save=lambda d: services.declaration_record(actor=request.user, contract=contract, **d))
