import datetime as dt

import pytest

from itaku.contracts.demo import SEED_TITLE, load_demo
from itaku.incidents.demo import CLOSED_TITLE, OPEN_TITLE
from itaku.incidents.models import Incident
from itaku.obligations.models import Obligation
from itaku.obligations.work import items_for


@pytest.mark.clause("P-12")
def test_demo_closed_incident_on_the_seed_contract_met_every_deadline(demo):
    from itaku.incidents.selectors import MET, incident_get, timeline

    incident = Incident.objects.get(title=CLOSED_TITLE)
    assert incident.contract.title == SEED_TITLE
    assert incident.state == "closed" and incident.publication == "not_publish" and incident.ppc_reportable is False
    assert (incident.reported_at - incident.discovered_at).total_seconds() <= 3600  # within the hour
    full = incident_get(demo["officer"], incident.pk, contract=incident.contract)
    steps = timeline(full)
    assert [s.status for s in steps if s.due_on] and all(s.status == MET for s in steps if s.due_on)
    assert full.measures.count() == 2 and full.reports.get().state == "accepted"
    assert full.instructions.get().request.clause_id == "P-12"
    load_demo()  # twice: nothing new
    assert Incident.objects.filter(title__in=[CLOSED_TITLE, OPEN_TITLE]).count() == 2


@pytest.mark.clause("P-12")
@pytest.mark.clause("S-13")
def test_demo_open_incident_overdue_on_both_sides_dashboards(demo):
    incident = Incident.objects.get(title=OPEN_TITLE)
    overdue = Obligation.objects.get(source_id=incident.pk, kind="incidents.detailed_report")
    assert overdue.state == "open" and overdue.due_on < dt.date.today()
    # the representative owes it (both annexes); the officer sees it waiting for the contractor
    rep = [i for i in items_for(demo["rep"]) if i.kind == "incidents.detailed_report" and i.mine]
    assert rep and rep[0].is_overdue and rep[0].url.endswith(f"/incidents/{incident.pk}/#report")
    officer = [i for i in items_for(demo["officer"]) if i.contract_id == incident.contract_id
               and i.kind == "incidents.detailed_report"]
    assert officer and not officer[0].mine and officer[0].is_overdue
    assert [i for i in items_for(demo["officer"]) if i.kind == "incidents.ppc_assess" and i.mine]


@pytest.mark.clause("P-12")
def test_demo_officer_has_no_review_older_than_the_open_incident(demo):
    """The closed incident's instruction was answered and the officer accepted the response before closing it,
    so nothing of that old incident waits in the officer's わたしの仕事."""
    from itaku.oversight.models import OversightRequest

    closed = Incident.objects.get(title=CLOSED_TITLE)
    request = OversightRequest.objects.get(incident_link__incident=closed)
    response = request.responses.get()
    assert request.state == "accepted" and response.review == "accepted"
    assert response.responded_on <= response.reviewed_on <= closed.closed_at.date()
    opened = Incident.objects.get(title=OPEN_TITLE).discovered_at.date()
    waiting = [i for i in items_for(demo["officer"]) if i.mine and i.since is not None]
    # the reviews of responses (to instructions, oversight.review) and of incidents' reports
    older = [(i.kind, i.since) for i in waiting if i.kind in ("oversight.review", "incidents.review")
             and i.since < opened]
    assert older == []
