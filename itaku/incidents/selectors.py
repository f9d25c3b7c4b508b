"""Reads on incidents and breaches, scoped by the actor through the contracts they may see (both sides of
the contract see its incidents: the client must know at once, P-12, S-13)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.contracts.selectors import contracts_visible_to

from . import deadlines
from .models import Breach, DetailedReport, Incident, IncidentInstruction, Measure

MET, LATE, OVERDUE, WAITING = "met", "late", "overdue", "waiting"
DEADLINE_LABELS = {MET: _("期限内"), LATE: _("期限後"), OVERDUE: _("期限超過"), WAITING: _("期限前")}


def incidents_visible_to(actor) -> QuerySet[Incident]:
    return Incident.objects.filter(contract__in=contracts_visible_to(actor))


def incident_list(actor, *, contract) -> QuerySet[Incident]:
    """The contract's incidents, each with whether a detailed report awaits the contractor (none submitted,
    or the last one returned) and whether one was accepted: no query per row."""
    reports = DetailedReport.objects.filter(incident=OuterRef("pk"))
    return (incidents_visible_to(actor).filter(contract=contract)
            .annotate(report_pending=~Exists(reports.exclude(state="returned")),
                      report_accepted=Exists(reports.filter(state="accepted")))
            .select_related("opened_by", "reported_by").order_by("-discovered_at", "-id"))


def incident_get(actor, pk, *, contract) -> Incident:
    incident = (incidents_visible_to(actor).filter(contract=contract, pk=pk)
                .select_related("contract__client", "contract__contractor", "opened_by", "reported_by",
                                "publication_decided_by", "ppc_assessed_by", "closed_by")
                .prefetch_related(
                    Prefetch("measures", Measure.objects.select_related("recorded_by")),
                    Prefetch("reports", DetailedReport.objects.select_related("submitted_by", "reviewed_by")
                             .prefetch_related("datasets", "assets")),
                    Prefetch("instructions", IncidentInstruction.objects.select_related("request__issued_by")
                             .prefetch_related("request__responses__responded_by")))
                .first())
    if incident is None:
        raise Http404
    return incident


def incident_get_for_document(pk) -> Incident:
    """The incident with what its report shows (the documents app checked who may have it)."""
    return (Incident.objects.filter(pk=pk)
            .select_related("contract__client", "contract__contractor", "opened_by", "reported_by",
                            "publication_decided_by", "ppc_assessed_by", "closed_by")
            .prefetch_related(
                Prefetch("measures", Measure.objects.select_related("recorded_by")),
                Prefetch("reports", DetailedReport.objects.select_related("submitted_by", "reviewed_by")
                         .prefetch_related("datasets", "assets")),
                Prefetch("instructions", IncidentInstruction.objects.select_related("request__issued_by")
                         .prefetch_related("request__responses__responded_by"))).get())


def breach_list(actor, *, contract) -> QuerySet[Breach]:
    return (Breach.objects.filter(contract__in=contracts_visible_to(actor), contract=contract)
            .select_related("incident", "investigation", "recorded_by").order_by("-found_on", "-id"))


def deadline_status(due_on: dt.date | None, done_on: dt.date | None, today: dt.date | None = None) -> str:
    """Met (done by the due date), late (done after it), overdue (not done, past it) or waiting."""
    if done_on is not None:
        return MET if due_on is None or done_on <= due_on else LATE
    return OVERDUE if due_on is not None and due_on < (today or timezone.localdate()) else WAITING


@dataclass
class Step:
    at: dt.datetime | dt.date
    label: str
    clause: str
    who: object = None
    text: str = ""
    due_on: dt.date | None = None
    status: str = ""

    @property
    def status_label(self) -> str:
        return str(DEADLINE_LABELS.get(self.status, ""))

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, dt.datetime)

    @property
    def sort_key(self):
        at = self.at
        if not isinstance(at, dt.datetime):
            at = timezone.make_aware(dt.datetime.combine(at, dt.time(23, 59)))
        return at


def _local(day_or_time) -> dt.date:
    return timezone.localdate(day_or_time) if isinstance(day_or_time, dt.datetime) else day_or_time


def timeline(incident: Incident, today: dt.date | None = None) -> list[Step]:
    """Every step of the incident in order of time, each deadline met, late, overdue or still running;
    what is still owed comes last, at its due date. Reads what :func:`incident_get` prefetched."""
    today = today or timezone.localdate()
    clause = incident.clause_id
    steps = [Step(incident.discovered_at, _("発見"), clause, text=incident.summary),
             Step(incident.opened_at, _("起票（甲乙の責任者に通知）"), clause, who=incident.opened_by,
                  text=incident.title)]
    first_due = deadlines.first_report_due(incident.discovered_at)
    if incident.reported_at:
        steps.append(Step(incident.reported_at, _("第一報"), clause, who=incident.reported_by,
                          text=incident.first_report, due_on=first_due,
                          status=deadline_status(first_due, _local(incident.reported_at))))
    else:
        steps.append(Step(first_due, _("第一報（未了）"), clause, due_on=first_due,
                          status=deadline_status(first_due, None, today)))
    for m in incident.measures.all():
        steps.append(Step(m.taken_at, _("応急措置"), clause, who=m.recorded_by, text=m.description))
    reports = list(incident.reports.all())
    for r in reports:
        due = r.due_on
        steps.append(Step(r.submitted_at, _("詳細報告（第%(n)s版）") % {"n": r.version}, clause, who=r.submitted_by,
                          text=r.circumstances, due_on=due, status=deadline_status(due, _local(r.submitted_at))))
        if r.reviewed_at:
            steps.append(Step(r.reviewed_at, _("詳細報告の受理") if r.state == "accepted" else _("詳細報告の差戻し"),
                              clause, who=r.reviewed_by, text=r.review_note))
    if incident.state == "open" and (not reports or reports[-1].state == "returned"):
        due = incident.detail_due_on
        steps.append(Step(due, _("詳細報告（未提出）"), clause, due_on=due, status=deadline_status(due, None, today)))
    for link in incident.instructions.all():
        request = link.request
        responses = list(request.responses.all())
        steps.append(Step(timezone.make_aware(dt.datetime.combine(request.issued_on, dt.time(0, 0))),
                          _("甲の指示「%(subject)s」") % {"subject": request.subject}, request.clause_id,
                          who=request.issued_by, text=request.body))
        first = responses[0].responded_on if responses else None
        if responses:
            for resp in responses:
                steps.append(Step(resp.responded_on, _("指示への回答"), request.clause_id, who=resp.responded_by,
                                  text=resp.body, due_on=request.due_on,
                                  status=deadline_status(request.due_on, resp.responded_on)))
        elif request.state == "open":
            steps.append(Step(request.due_on, _("指示への回答（未了）"), request.clause_id, due_on=request.due_on,
                              status=deadline_status(request.due_on, first, today)))
    if incident.publication_decided_at:
        steps.append(Step(incident.publication_decided_at,
                          _("公表の判断：%(what)s") % {"what": incident.get_publication_display()},
                          "S-13-2" if incident.scope == "security" else "P-12-2", who=incident.publication_decided_by,
                          text=incident.publication_text))
    if incident.ppc_assessed_at:
        steps.append(Step(incident.ppc_assessed_at,
                          _("個人情報保護委員会への報告：要") if incident.ppc_reportable
                          else _("個人情報保護委員会への報告：不要"), "P-12", who=incident.ppc_assessed_by))
        if incident.ppc_reportable:
            for label, due_on, done in ((_("個人情報保護委員会への速報"), incident.ppc_preliminary_due_on,
                                         incident.ppc_preliminary_on),
                                        (_("個人情報保護委員会への確報"), incident.ppc_final_due_on,
                                         incident.ppc_final_on)):
                steps.append(Step(done or due_on, label if done else _("%(label)s（未了）") % {"label": label}, "P-12",
                                  due_on=due_on, status=deadline_status(due_on, done, today)))
    if incident.closed_at:
        steps.append(Step(incident.closed_at, _("終結"), clause, who=incident.closed_by, text=incident.closing_note))
    return sorted(steps, key=lambda s: s.sort_key)


def late_steps(steps: list[Step]) -> int:
    return sum(1 for s in steps if s.status in (LATE, OVERDUE))
