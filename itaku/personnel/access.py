"""Who may handle a contract's personal information now (P-3, P-4, P-6-1, P-6-2, P-9).

The other apps use only these two names:

- :func:`handling_refusal` ``(user, contract)``: ``None`` when ``user`` may handle the contract's personal
  information; otherwise the :class:`~itaku.core.exceptions.ClauseViolation` naming the clause and, in
  Japanese, what is missing.
- :func:`handlers` ``(contract)``: the users who may handle it now.

A person may handle it while all of these hold:

1. P-3, P-6-1: they are named (as 個人情報保護責任者 or 作業従事者) in the currently accepted version of the
   responsibility report (F-P) of their organisation on this contract: the contractor's, or that of a
   subcontractor attached to the contract through an approved consent (P-9, its report submitted
   through the contractor and accepted by the client). The currently accepted version is the newest
   accepted one; a change submitted after it that no longer names the person ends their handling at
   once (the contractor has reported that they stopped), while the people it adds wait for its acceptance.
2. P-4: they have acknowledged items (1)–(3) of P-4 for this contract.
3. P-6-2: if the report names them as dispatched (派遣), their dispatch contract's secrecy duty is confirmed.

Each function runs a constant number of queries.
"""

from django.db.models import F, Q
from django.utils.translation import gettext as _

from itaku.core.exceptions import ClauseViolation

from .choices import Employment, VersionState
from .models import Briefing, DispatchConfirmation, ReportEntry, ReportVersion, ResponsibilityReport


def eligible_reports(contract):
    """The reports that count on ``contract``: the contractor's own, and those of its subcontractors approved
    to handle the contract's personal information (P-9: an approval under K-6 alone is not enough)."""
    return ResponsibilityReport.objects.filter(
        Q(subcontractor__isnull=True, organisation_id=contract.contractor_id)
        | Q(subcontractor__contract_id=contract.pk, subcontractor__organisation_id=F("organisation_id"),
            subcontractor__privacy_consent__isnull=False),
        contract_id=contract.pk,
    )


def _standing(contract, organisation_id=None) -> tuple[dict, dict]:
    """Per eligible report: ``accepted`` {report_id: version_id} (the newest accepted version) and
    ``pending`` {report_id: version_id} (a version submitted after it, awaiting the officer)."""
    reports = eligible_reports(contract)
    if organisation_id is not None:
        reports = reports.filter(organisation_id=organisation_id)
    rows = (ReportVersion.objects.filter(report__in=reports, state__in=[VersionState.ACCEPTED, VersionState.SUBMITTED])
            .order_by("report_id", "number").values_list("report_id", "id", "state"))
    accepted, pending = {}, {}
    for report_id, version_id, state in rows:
        if state == VersionState.ACCEPTED:
            accepted[report_id] = version_id
            pending.pop(report_id, None)
        else:
            pending[report_id] = version_id
    return accepted, {r: v for r, v in pending.items() if r in accepted}


def _named(contract, organisation_id=None, user_id=None) -> tuple[dict, bool]:
    """{user_id: [entries of the accepted versions]} of those who stand named now, and whether any
    report of the organisation has an accepted version at all."""
    accepted, pending = _standing(contract, organisation_id)
    versions = set(accepted.values()) | set(pending.values())
    # A report names only people of its own organisation.
    entries = ReportEntry.objects.filter(version_id__in=versions, user__is_active=True,
                                         user__organisation_id=F("version__report__organisation_id"))
    if user_id is not None:
        entries = entries.filter(user_id=user_id)
    named: dict[int, list] = {}
    in_pending: dict[int, set] = {}
    pending_versions = {v: r for r, v in pending.items()}
    accepted_versions = {v: r for r, v in accepted.items()}
    for entry in entries.select_related("user__organisation"):
        if entry.version_id in accepted_versions:
            named.setdefault(entry.user_id, []).append(entry)
        if entry.version_id in pending_versions:
            in_pending.setdefault(entry.user_id, set()).add(pending_versions[entry.version_id])
    standing = {}
    for uid, rows in named.items():
        reports = {accepted_versions[e.version_id] for e in rows}
        # A change submitted after the accepted version that no longer names the person ends their handling.
        if all(r not in pending or r in in_pending.get(uid, set()) for r in reports):
            standing[uid] = rows
    return standing, bool(accepted)


def handling_refusal(user, contract) -> ClauseViolation | None:
    """``None`` when ``user`` may handle ``contract``'s personal information now, else the refusal."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ClauseViolation(_("個人情報を取り扱うにはログインが必要です。"), code="not_reported", clause="P-6-1")
    name = str(user)
    standing, any_accepted = _named(contract, organisation_id=user.organisation_id, user_id=user.pk)
    if not any_accepted and user.organisation_id != contract.client_id:
        # P-3, P-6-1: no one handles the personal information before a report naming them is accepted.
        return ClauseViolation(
            _("%(name)sの所属する組織について、甲が受理した責任体制報告書がありません。個人情報を取り扱うには、"
              "作業従事者又は個人情報保護責任者として記載した報告書を甲が受理する必要があります。") % {"name": name},
            code="no_accepted_report", clause="P-6-1")
    entries = standing.get(user.pk)
    if not entries:
        # P-6-1: only the persons reported under P-3 handle the personal information.
        return ClauseViolation(
            _("%(name)sは、甲が受理した責任体制報告書に作業従事者又は個人情報保護責任者として記載されていないため、"
              "個人情報を取り扱えません。") % {"name": name},
            code="not_reported", clause="P-6-1")
    if not Briefing.objects.filter(contract_id=contract.pk, user_id=user.pk).exists():
        # P-4: briefed beforehand on items (1)–(3).
        return ClauseViolation(
            _("%(name)sは、特記事項第4条第1項(1)〜(3)の周知の確認をしていないため、個人情報を取り扱えません。")
            % {"name": name},
            code="not_briefed", clause="P-4")
    dispatched = any(e.employment == Employment.DISPATCHED for e in entries)
    if dispatched and not DispatchConfirmation.objects.filter(contract_id=contract.pk, user_id=user.pk).exists():
        # P-6-2: a dispatched worker's dispatch contract must state the secrecy duty.
        return ClauseViolation(
            _("%(name)sは派遣労働者ですが、労働者派遣契約書に秘密保持義務等が明記されていることの確認が"
              "記録されていないため、個人情報を取り扱えません。") % {"name": name},
            code="dispatch_not_confirmed", clause="P-6-2")
    return None


def handlers(contract) -> list:
    """The users who may handle ``contract``'s personal information now, by name."""
    standing, _any = _named(contract)
    if not standing:
        return []
    briefed = set(Briefing.objects.filter(contract_id=contract.pk, user_id__in=list(standing))
                  .values_list("user_id", flat=True))
    confirmed = set(DispatchConfirmation.objects.filter(contract_id=contract.pk, user_id__in=list(standing))
                    .values_list("user_id", flat=True))
    people = []
    for uid, entries in standing.items():
        user = entries[0].user
        if uid not in briefed:
            continue
        if any(e.employment == Employment.DISPATCHED for e in entries) and uid not in confirmed:
            continue
        people.append(user)
    return sorted(people, key=lambda u: (u.username, u.pk))
