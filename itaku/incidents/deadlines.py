"""The deadlines of an incident, each a named rule with the clause or the fact behind it.

All counts are calendar days, week-ends and holidays included (facts.md: the contract counts calendar
days unless a clause says business days; the Commission's guidance counts week-ends and holidays in its
periods too)."""

import datetime as dt

from django.utils import timezone

# P-12, S-13: the contractor reports to the client 「直ちに」 (at once): the first report is due on the day
# the incident (or its suspicion) was discovered.


def first_report_due(discovered_at: dt.datetime) -> dt.date:
    """P-12, S-13 「直ちに」: the day of discovery (local time)."""
    return timezone.localdate(discovered_at)


# P-12, S-13: after the emergency measures, the detailed report and the plan are due 「遅滞なく」 (without
# delay), a term with no number of days. The client may set the date by its instruction; unless it does, the
# report is due 3 days after the discovery: the client needs the report's items, number of people and cause
# for its own preliminary report to the Commission, due about 3 days after it learns of the incident
# (PPC_PRELIMINARY_DAYS below), so a later default would leave the client unable to meet its own duty.
DETAIL_DEFAULT_DAYS = 3


def detailed_report_due(discovered_at: dt.datetime, days: int = DETAIL_DEFAULT_DAYS) -> dt.date:
    """P-12 「遅滞なく」: ``days`` calendar days after the day of discovery, unless the client says otherwise."""
    return first_report_due(discovered_at) + dt.timedelta(days=days)


# 個人情報保護法 68条1項 (行政機関等), 規則: 速報 「速やかに」 (guidance: about 3–5 days), 確報 within 30 days of
# learning of it, 60 days where the leak may have been done for a wrongful purpose (facts.md, personal-
# information incidents). The client reports, the contractor having notified it (26条1項ただし書).
PPC_PRELIMINARY_DAYS = 3
PPC_FINAL_DAYS = 30
PPC_FINAL_WRONGFUL_DAYS = 60
# 行政機関等: more than 100 people makes an incident reportable (private businesses: more than 1,000).
PUBLIC_BODY_PEOPLE_THRESHOLD = 100


def ppc_deadline(learned_at: dt.datetime | dt.date, days: int) -> dt.date:
    """The last day of a report to the Commission due ``days`` days from when the client learned of the
    incident (facts.md: 速報 about 3–5 days, 確報 30 or 60 days of learning of it).

    The day the client learned of it counts as the first day: learned on 4月1日, a 30-day 確報 is due on 4月30日,
    a 3-day 速報 on 4月3日. Of the two ways to read 「30日以内」 (counting from the day of learning, or from the
    day after as 民法140条 does for periods) this is the earlier date, so that no report made by it can be
    late under either reading; the client may move an obligation's date if it reads otherwise."""
    if days < 1:
        raise ValueError("a reporting period is at least one day")
    day = timezone.localdate(learned_at) if isinstance(learned_at, dt.datetime) else learned_at
    return day + dt.timedelta(days=days - 1)


def ppc_final_days(*, wrongful_purpose: bool) -> int:
    """確報: 60 days for a wrongful purpose (attack, theft), 30 otherwise."""
    return PPC_FINAL_WRONGFUL_DAYS if wrongful_purpose else PPC_FINAL_DAYS


def ppc_reportable(*, sensitive: bool, financial_harm: bool, wrongful_purpose: bool, over_threshold: bool) -> bool:
    """個人情報保護法 68条1項 and the Commission's rules for 行政機関等: reportable when any of the four holds
    (要配慮個人情報; risk of financial harm; wrongful purpose; more than 100 people), a suspicion included."""
    return bool(sensitive or financial_harm or wrongful_purpose or over_threshold)
