"""Opening an incident tells the contractor's responsible people and the client's officers at once, by mail
(as the obligations' reminders do: sent when the transaction commits) and on their dashboards (the first
report's obligation and the incident's items in わたしの仕事)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership

# Who is told: the contractor's representative and officers (P-3, S-3), the client's officers.
NOTIFIED_ROLES = (Role.REPRESENTATIVE, Role.PRIVACY_OFFICER, Role.SECURITY_OFFICER, Role.OFFICER)


def notify_opened(incident) -> list[str]:
    """Queue the mail to everyone to be told (except the opener, who knows); returns their usernames."""
    people = {m.user for m in Membership.objects.filter(contract=incident.contract, role__in=NOTIFIED_ROLES,
                                                         user__is_active=True).select_related("user")}
    people.discard(incident.opened_by)
    people = sorted(people, key=lambda u: u.username)
    messages = [message_opened(incident, user) for user in people if user.email]
    if messages:
        transaction.on_commit(lambda: [m.send() for m in messages])
    return [u.username for u in people]


def message_opened(incident, user) -> EmailMessage:
    with translation.override("ja"):
        subject = _("【Itaku】事故の報告「%(title)s」（%(contract)s）") % {"title": incident.title,
                                                                      "contract": incident.contract.title}
        body = render_to_string("incidents/opened_email.txt", {
            "incident": incident, "user": user, "site_url": settings.ITAKU_SITE_URL})
    return EmailMessage(subject=subject, body=body, to=[user.email])
