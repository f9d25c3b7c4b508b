"""What annex 1's approvals open, and the acts they allow (P-5 take-out, P-6-5 copying).

- The approval of a take-out request opens a :class:`~.models.TakeOut`: its holder (who asked) may download
  the dataset's files for it from its first day until it is returned; it must be returned by its date (an
  obligation of the contractor until then).
- The approval of a copying request opens a :class:`~.models.CopyAllowance`: its holder may make the
  approved number of copies, each counted as a :class:`~.models.DatasetCopy` and disposed of by the date
  the request stated (an obligation per copy).

Taking a file out or copying it happens in Itaku only through these records: the read goes through
:func:`itaku.privacy.services.dataset_file_read` with the record as its authorisation, after the record is
checked here. Without an approval the act is refused naming the clause, and the refusal is journaled on
the dataset like every other refused access.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.wareki import to_wareki
from itaku.journal.services import journal_append
from itaku.obligations.services import obligation_open, obligations_meet

from .models import ConsentRequest, CopyAllowance, DatasetCopy, TakeOut, TakeOutState

RETURN_KIND = "consents.takeout_return"
DISPOSE_KIND = "consents.copy_dispose"
MAX_NOTE = 2000


# -- opened by the approval (inside consent_decide's transaction and journal event) -----------------

def records_open(*, consent: ConsentRequest) -> dict | None:
    """Open what the approval of ``consent`` opens, if anything; return what the decision's event records."""
    from itaku.privacy.models import Dataset

    statement = consent.statement
    now = timezone.now()
    if consent.kind == "privacy_takeout":
        dataset = Dataset.objects.get(pk=statement["dataset"])
        takeout = TakeOut.objects.create(
            contract=consent.contract, consent=consent, dataset=dataset, holder=consent.submitted_by,
            place=statement["place"][:300], starts_on=dt.date.fromisoformat(statement["starts_on"]),
            return_by=dt.date.fromisoformat(statement["return_by"]), opened_at=now)
        obligation_open(contract=consent.contract, clause="P-5", kind=RETURN_KIND, role=Role.PRIVACY_OFFICER,
                        assignee=takeout.holder, due_on=takeout.return_by, source=takeout,
                        title=_("持ち出した個人情報の返却：%(name)s") % {"name": dataset.name})
        return {"takeout": takeout.pk, "return_by": takeout.return_by}
    if consent.kind == "privacy_copy":
        dataset = Dataset.objects.get(pk=statement["dataset"])
        allowance = CopyAllowance.objects.create(
            contract=consent.contract, consent=consent, dataset=dataset, holder=consent.submitted_by,
            approved=statement["copies"], dispose_by=dt.date.fromisoformat(statement["dispose_by"]), opened_at=now)
        return {"copy_allowance": allowance.pk, "copies": allowance.approved, "dispose_by": allowance.dispose_by}
    return None


# -- checks ---------------------------------------------------------------------------------------

def takeout_refusal(actor, takeout: TakeOut | None, file) -> ClauseViolation | None:
    """None when ``actor`` may take ``file`` out under ``takeout`` today; else the refusal naming P-5."""
    def refuse(code, message):
        return ClauseViolation(message, code=code, clause="P-5")

    if takeout is None:
        return refuse("takeout_not_approved",
                      _("個人情報の持出しには甲の事前の承認が必要です。承認された持出しがありません。"))
    if takeout.consent.state != "approved":
        return refuse("takeout_not_approved", _("この持出しは承認されていません。"))
    if takeout.dataset_id != file.dataset_id:
        return refuse("takeout_other_dataset", _("この持出しの承認は別の個人情報についてのものです。"))
    if actor is None or takeout.holder_id != actor.pk:
        return refuse("takeout_other_holder", _("この持出しの承認は別の者についてのものです。"))
    if takeout.state != TakeOutState.OPEN:
        return refuse("takeout_returned", _("この持出しは返却済みです。"))
    today = timezone.localdate()
    if not takeout.starts_on <= today <= takeout.return_by:
        return refuse("takeout_out_of_period", _("持出しの期間（%(start)sから%(end)sまで）の外です。")
                      % {"start": to_wareki(takeout.starts_on), "end": to_wareki(takeout.return_by)})
    return None


def copy_refusal(actor, allowance: CopyAllowance | None, file) -> ClauseViolation | None:
    """None when ``actor`` may make one more copy of ``file`` under ``allowance``; else the refusal naming
    P-6-5."""
    def refuse(code, message):
        return ClauseViolation(message, code=code, clause="P-6-5")

    if allowance is None:
        return refuse("copy_not_approved",
                      _("個人情報の複写・複製には甲の事前の承認が必要です。承認された複製がありません。"))
    if allowance.consent.state != "approved":
        return refuse("copy_not_approved", _("この複製は承認されていません。"))
    if allowance.dataset_id != file.dataset_id:
        return refuse("copy_other_dataset", _("この複製の承認は別の個人情報についてのものです。"))
    if actor is None or allowance.holder_id != actor.pk:
        return refuse("copy_other_holder", _("この複製の承認は別の者についてのものです。"))
    if allowance.made >= allowance.approved:
        return refuse("copy_count_exceeded", _("承認された部数（%(n)s部）の複製はすべて作成済みです。")
                      % {"n": allowance.approved})
    return None


def _journal_refusal(actor, file, exc: ClauseViolation, act: str) -> None:
    from itaku.privacy.services._common import journal_refusal

    journal_refusal(actor=actor, dataset=file.dataset, act=act, exc=exc,
                    data={"file": file.pk, "filename": file.name, "purpose": act})


def takeout_for(actor, file) -> TakeOut | None:
    """The actor's open take-out of ``file``'s dataset (the newest), if any."""
    if actor is None or not actor.is_authenticated:
        return None
    return (TakeOut.objects.select_related("consent").filter(dataset_id=file.dataset_id, holder=actor,
                                                              state=TakeOutState.OPEN)
            .order_by("-starts_on", "-id").first())


def allowance_for(actor, file) -> CopyAllowance | None:
    """The actor's copying approval of ``file``'s dataset with copies left (the oldest), if any."""
    if actor is None or not actor.is_authenticated:
        return None
    qs = CopyAllowance.objects.select_related("consent").filter(dataset_id=file.dataset_id, holder=actor)
    from django.db.models import F

    return qs.filter(made__lt=F("approved")).order_by("opened_at", "id").first() or qs.order_by("-id").first()


# -- the acts -------------------------------------------------------------------------------------

def takeout_file_read(*, actor, file, takeout: TakeOut | None = None):
    """The plaintext of ``file`` for a take-out (P-5): only under the actor's approved, open take-out of its
    dataset, within its period. The read (or the refusal) is journaled on the dataset."""
    from itaku.privacy.services import dataset_file_read

    takeout = takeout if takeout is not None else takeout_for(actor, file)
    refusal = takeout_refusal(actor, takeout, file)
    if refusal is not None:
        _journal_refusal(actor, file, refusal, "takeout")
        raise refusal
    return dataset_file_read(actor=actor, file=file, purpose="takeout", authorisation=takeout)


def copy_file_read(*, actor, file, allowance: CopyAllowance | None = None):
    """Make one copy of ``file`` (P-6-5): only under the actor's approved copying of its dataset, within the
    approved number. The read is journaled by the vault, then the copy is counted (see
    :func:`dataset_copy_record`); returns (the copy, the plaintext stream)."""
    from itaku.privacy.services import dataset_file_read

    allowance = allowance if allowance is not None else allowance_for(actor, file)
    refusal = copy_refusal(actor, allowance, file)
    if refusal is not None:
        _journal_refusal(actor, file, refusal, "copy")
        raise refusal
    stream = dataset_file_read(actor=actor, file=file, purpose="copy", authorisation=allowance)
    try:
        copy = dataset_copy_record(actor=actor, allowance=allowance, file=file)
    except ClauseViolation as exc:  # another copy took the last one in between: nothing is released
        close = getattr(stream, "close", None)
        if close is not None:
            close()
        _journal_refusal(actor, file, exc, "copy")
        raise
    return copy, stream


@transaction.atomic
def dataset_copy_record(*, actor, allowance: CopyAllowance, file, made_at: dt.datetime | None = None) -> DatasetCopy:
    """Count one copy made under ``allowance`` (P-6-5) and open the obligation to dispose of it by the date
    the request stated. Refused beyond the approved number. ``made_at`` records a copy made earlier (not in
    the future, not before the approval); by default it is now."""
    allowance = CopyAllowance.objects.select_for_update(of=("self",)).select_related(
        "consent", "contract", "dataset").get(pk=allowance.pk)
    refusal = copy_refusal(actor, allowance, file)
    if refusal is not None:
        raise refusal
    made_at = _made_at(made_at, allowance)
    allowance.made += 1
    allowance.save(update_fields=["made"])
    copy = DatasetCopy.objects.create(allowance=allowance, number=allowance.made, file=file, made_by=actor,
                                      made_at=made_at)
    obligation_open(contract=allowance.contract, clause="P-6-5", kind=DISPOSE_KIND, role=Role.PRIVACY_OFFICER,
                    assignee=actor, due_on=allowance.dispose_by, source=copy,
                    title=_("複製物の廃棄：%(name)s（%(n)s部目）") % {"name": allowance.dataset.name, "n": copy.number})
    journal_append(actor=actor, action="consents.copy.made", contract=allowance.contract, clause="P-6-5", obj=copy,
                   data={"consent": allowance.consent_id, "dataset": allowance.dataset_id, "file": file.pk,
                         "made_on": timezone.localtime(made_at).date(), "number": copy.number,
                         "approved": allowance.approved, "dispose_by": allowance.dispose_by})
    return copy


def _made_at(made_at: dt.datetime | None, allowance: CopyAllowance) -> dt.datetime:
    """When the copy was made (P-6-5): now, or an earlier time from the approval's day on."""
    now = timezone.now()
    if made_at is None:
        return now
    if made_at > now:
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause="P-6-5", field="made_at")
    decided_on = allowance.consent.decided_on
    if decided_on is not None and timezone.localtime(made_at).date() < decided_on:
        raise ClauseViolation(_("%(day)s以後の日付にしてください。") % {"day": to_wareki(decided_on)},
                              code="date_too_early", clause="P-6-5", field="made_at")
    return made_at


def may_close(actor, contract, holder_id: int) -> bool:
    from .services import roles_of

    return actor is not None and (actor.pk == holder_id or bool(
        roles_of(actor, contract) & {Role.PRIVACY_OFFICER, Role.REPRESENTATIVE}))


def _on(on: dt.date | None, *, clause: str, field: str, not_before: dt.date) -> dt.date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause=clause, field=field)
    if on < not_before:
        raise ClauseViolation(_("%(day)s以後の日付にしてください。") % {"day": to_wareki(not_before)},
                              code="date_too_early", clause=clause, field=field)
    return on


def _note(value: str, *, clause: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_NOTE:
        raise ClauseViolation(_("%(max)s字以内で入力してください。") % {"max": MAX_NOTE}, code="too_long",
                              clause=clause, field=field)
    return value


@transaction.atomic
def takeout_return(*, actor, takeout: TakeOut, on: dt.date | None = None, note: str = "") -> TakeOut:
    """Record that what was taken out is back (P-5): its holder, the privacy officer or the representative.
    Meets the obligation to return it."""
    takeout = TakeOut.objects.select_for_update(of=("self",)).select_related("contract", "dataset").get(pk=takeout.pk)
    if not may_close(actor, takeout.contract, takeout.holder_id):
        raise PermissionRefused(_("返却を記録できるのは、持ち出した者、個人情報保護責任者又は代表者です。"),
                                clause="P-5")
    if takeout.state != TakeOutState.OPEN:
        raise ClauseViolation(_("この持出しは返却済みです。"), code="takeout_returned", clause="P-5")
    on = _on(on, clause="P-5", field="returned_on", not_before=takeout.starts_on)
    takeout.state, takeout.returned_on, takeout.returned_by = TakeOutState.RETURNED, on, actor
    takeout.return_note = _note(note, clause="P-5", field="note")
    takeout.save(update_fields=["state", "returned_on", "returned_by", "return_note"])
    obligations_meet(source=takeout, kind=RETURN_KIND, actor=actor, on=on)
    journal_append(actor=actor, action="consents.takeout.returned", contract=takeout.contract, clause="P-5",
                   obj=takeout, data={"dataset": takeout.dataset_id, "returned_on": on, "return_by": takeout.return_by,
                                      "late": on > takeout.return_by, "note": takeout.return_note})
    return takeout


@transaction.atomic
def dataset_copy_dispose(*, actor, copy: DatasetCopy, method: str, on: dt.date | None = None) -> DatasetCopy:
    """Record that a copy was disposed of (P-6-5), and how: its maker, the privacy officer or the
    representative. Meets the obligation to dispose of it."""
    copy = DatasetCopy.objects.select_for_update(of=("self",)).select_related(
        "allowance__contract", "allowance__dataset").get(pk=copy.pk)
    contract = copy.allowance.contract
    if not may_close(actor, contract, copy.made_by_id):
        raise PermissionRefused(_("廃棄を記録できるのは、複製した者、個人情報保護責任者又は代表者です。"),
                                clause="P-6-5")
    if copy.disposed_on is not None:
        raise ClauseViolation(_("この複製物は廃棄済みです。"), code="copy_disposed", clause="P-6-5")
    method = _note(method, clause="P-6-5", field="method")[:300]
    if not method:
        raise ClauseViolation(_("廃棄の方法を入力してください。"), code="method_missing", clause="P-6-5",
                              field="method")
    on = _on(on, clause="P-6-5", field="disposed_on", not_before=timezone.localtime(copy.made_at).date())
    copy.disposed_on, copy.disposed_by, copy.disposal_method = on, actor, method
    copy.save(update_fields=["disposed_on", "disposed_by", "disposal_method"])
    obligations_meet(source=copy, kind=DISPOSE_KIND, actor=actor, on=on)
    journal_append(actor=actor, action="consents.copy.disposed", contract=contract, clause="P-6-5", obj=copy,
                   data={"dataset": copy.allowance.dataset_id, "number": copy.number, "disposed_on": on,
                         "method": method})
    return copy
