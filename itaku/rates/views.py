
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from itaku.contracts import panels
from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.wareki import to_wareki
from itaku.documents.http import attachment

from . import calculator, selectors
from .forms import FORMS, ContractRateForm
from .selectors import is_contract_officer
from .services import contract_rate_set
from .sheet import PDF_MIMETYPE, sheet_filename, sheet_pdf

CALCULATE = {"tax": calculator.calc_tax, "interest": calculator.calc_interest, "penalty": calculator.calc_penalty}
KIND_LABELS = {"tax": gettext_lazy("消費税額（K-3）"), "interest": gettext_lazy("遅延利息（K-12）"),
               "penalty": gettext_lazy("延滞違約金（K-13）")}


def _heading(contract) -> list[str]:
    """The contract's lines at the head of a calculation sheet."""
    if contract is None:
        return []
    parties = contract.parties or {}
    return [
        f"業務名　{contract.title}",
        f"甲　{parties.get('client', {}).get('name', contract.client.name)}　"
        f"乙　{parties.get('contractor', {}).get('name', contract.contractor.name)}",
        f"契約期間　{to_wareki(contract.signed_on)}～{to_wareki(contract.ends_on)}",
    ]


def _calculate(request, *, bind: bool = False):
    """The chosen calculation, its form, the contract it is about (if any) and its working or None.

    The form is bound once every required field is sent (or always, with ``bind``): the form sends them
    all. Until then the query only fills it in (the contract page links here with the contract's
    amount, dates and rate)."""
    kind = request.GET.get("kind") if request.GET.get("kind") in FORMS else "tax"
    contract = None
    if request.GET.get("contract", "").isdigit():
        contract = contract_get(request.user, int(request.GET["contract"]))  # 404 outside one's view
    form_class = FORMS[kind]
    submitted = bind or all(name in request.GET for name, f in form_class.base_fields.items() if f.required)
    form = form_class(request.GET if submitted else None, initial=request.GET.dict() if not submitted else None)
    working = None
    if submitted and form.is_valid():
        try:
            working = CALCULATE[kind](**form.arguments())
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    return kind, form, contract, working


@login_required
@require_GET
def calc(request):
    kind, form, contract, working = _calculate(request)
    return render(request, "rates/calc.html", {
        "kind": kind, "kinds": KIND_LABELS.items(), "form": form, "contract": contract, "working": working,
        "heading": _heading(contract), "query": request.GET.urlencode(),
    }, status=400 if form.is_bound and working is None else 200)


@login_required
@require_GET
def calc_sheet(request):
    """The calculation sheet of the same calculation as a PDF; with wrong input, the calculator and its
    errors."""
    kind, form, contract, working = _calculate(request, bind=True)
    if working is None:
        return render(request, "rates/calc.html", {
            "kind": kind, "kinds": KIND_LABELS.items(), "form": form, "contract": contract, "working": None,
            "heading": _heading(contract), "query": request.GET.urlencode(),
        }, status=400)
    return attachment(sheet_pdf(working, heading=_heading(contract)), PDF_MIMETYPE, sheet_filename(working))


@login_required
@require_GET
def rate_tables(request):
    return render(request, "rates/rates.html", {"tables": selectors.rate_tables()})


@login_required
@require_POST
def contract_rate(request, contract_pk):
    """The officer records the late-payment rate the contract states, or clears it (K-12)."""
    contract = contract_get(request.user, contract_pk)
    # Who may set it is decided before the input is read (K-12: the contract's officers).
    if not is_contract_officer(request.user, contract):
        raise PermissionDenied(_("契約で定めた遅延利息の率を登録できるのは、この契約の契約担当者です。"))
    form = ContractRateForm(request.POST)
    if form.is_valid():
        try:
            contract_rate_set(actor=request.user, contract=contract, percent=form.cleaned_data.get("percent"),
                              basis=form.cleaned_data.get("basis") or "")
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("遅延利息の率を登録しました。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(panels.section_url(contract.pk, "rates", "late-payment-rate"))
