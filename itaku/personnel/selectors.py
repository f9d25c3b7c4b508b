"""Reads of the personnel app, for a contract the actor sees (``contract_get`` first): everyone who sees
the contract sees its responsibility reports, who is briefed and who may handle its personal information."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from .access import _named, eligible_reports, handlers
from .choices import Employment, VersionState
from .models import (
    Briefing,
    DispatchConfirmation,
    Pledge,
    ReportEntry,
    ReportVersion,
    ResponsibilityReport,
    TrainingSession,
)

ENTRIES = Prefetch("entries", queryset=ReportEntry.objects.select_related("user").order_by("role", "position", "id"))


@dataclass
class ReportView:
    """A report as the section shows it: the version that counts and the newest one, if newer."""

    report: ResponsibilityReport
    accepted: ReportVersion | None = None
    latest: ReportVersion | None = None
    versions: list = field(default_factory=list)

    @property
    def pending(self) -> ReportVersion | None:
        return self.latest if self.latest is not None and self.latest != self.accepted else None


def report_views(contract) -> list[ReportView]:
    """Every report of ``contract`` (the contractor's first, then its subcontractors'), with its versions."""
    reports = (ResponsibilityReport.objects.filter(contract_id=contract.pk)
               .select_related("organisation", "subcontractor")
               .prefetch_related(Prefetch("versions", queryset=ReportVersion.objects.select_related(
                   "submitted_by", "decided_by", "created_by").prefetch_related(ENTRIES).order_by("-number")))
               .order_by("subcontractor_id", "id"))
    out = []
    for report in reports:
        versions = list(report.versions.all())
        accepted = next((v for v in versions if v.state == VersionState.ACCEPTED), None)
        out.append(ReportView(report=report, accepted=accepted, latest=versions[0] if versions else None,
                              versions=versions))
    out.sort(key=lambda r: (r.report.subcontractor_id is not None, r.report.pk))
    return out


def version_get(contract, pk) -> ReportVersion:
    version = (ReportVersion.objects.filter(report__contract_id=contract.pk, pk=pk)
               .select_related("report__organisation", "report__contract__client", "report__contract__contractor",
                               "submitted_by", "decided_by", "created_by")
               .prefetch_related(ENTRIES).first())
    if version is None:
        raise Http404
    return version


def version_list(contract):
    return (ReportVersion.objects.filter(report__contract_id=contract.pk)
            .select_related("report__organisation", "submitted_by", "decided_by", "created_by")
            .prefetch_related(ENTRIES).order_by("report_id", "-number"))


@dataclass
class PersonRow:
    user: object
    entries: list
    briefing: Briefing | None = None
    pledge: Pledge | None = None
    dispatch: DispatchConfirmation | None = None
    may_handle: bool = False

    @property
    def dispatched(self) -> bool:
        return any(e.employment == Employment.DISPATCHED for e in self.entries)


def people(contract) -> list[PersonRow]:
    """The people named in the currently accepted reports, with their briefing, pledge, dispatch confirmation
    and whether they may handle the personal information now (constant queries)."""
    standing, _any = _named(contract)
    rows = {uid: PersonRow(user=entries[0].user, entries=entries) for uid, entries in standing.items()}
    for model, attr in ((Briefing, "briefing"), (Pledge, "pledge"), (DispatchConfirmation, "dispatch")):
        for record in model.objects.filter(contract_id=contract.pk, user_id__in=list(rows)):
            setattr(rows[record.user_id], attr, record)
    allowed = {u.pk for u in handlers(contract)}
    for row in rows.values():
        row.may_handle = row.user.pk in allowed
    return sorted(rows.values(), key=lambda r: (r.user.organisation_id != contract.contractor_id, r.user.username))


def named_anywhere(contract, user) -> bool:
    """Whether ``user`` is named in any version (drafts included) of the reports that count."""
    return ReportEntry.objects.filter(version__report__in=eligible_reports(contract), user_id=user.pk).exists()


def briefing_list(contract):
    return Briefing.objects.filter(contract_id=contract.pk).select_related("user", "recorded_by").order_by(
        "acknowledged_on", "id")


def pledge_list(contract):
    return Pledge.objects.filter(contract_id=contract.pk).select_related("user").order_by("pledged_on", "id")


def dispatch_list(contract):
    return DispatchConfirmation.objects.filter(contract_id=contract.pk).select_related(
        "user", "confirmed_by").order_by("confirmed_on", "id")


def training_list(contract):
    return (TrainingSession.objects.filter(contract_id=contract.pk).select_related("recorded_by")
            .prefetch_related("attendees").order_by("-held_on", "-id"))
