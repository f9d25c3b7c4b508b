"""The known history of the rates, with their sources (``../shared/design/facts.md``).

Rows marked unconfirmed carry no rate: the 告示 amended the rate then, but its value is not confirmed
here. An administrator enters it, with the 告示's reference, before a calculation may use it.
"""

LATE_PAYMENT = [
    ("2010-04-01", "3.3", True, "財務省告示（平成22年）"),
    ("2011-04-01", "3.1", True, "財務省告示第52号（平成23年2月24日）"),
    ("2013-04-01", None, False, "財務省告示第64号（平成25年）"),
    ("2014-04-01", None, False, "財務省告示第54号（平成26年）"),
    ("2016-04-01", None, False, "財務省告示第58号（平成28年）"),
    ("2017-04-01", "2.7", True, "財務省告示第53号（平成29年）"),
    ("2020-04-01", "2.6", True, "財務省告示第53号（令和2年）"),
    ("2021-04-01", "2.5", True, "財務省告示第49号（令和3年）"),
]

STATUTORY = [
    # 民法 was promulgated on 1896-04-27 (明治29年法律第89号) and took effect on 1898-07-16.
    ("1898-07-16", "5", True, "民法（明治29年法律第89号）404条（平成29年改正前）"),
    ("2020-04-01", "3", True, "民法404条2項（平成29年法律第44号による改正）"),
    ("2023-04-01", "3", True, "民法404条（令和5年4月1日からの期、法務省告示）"),
    ("2026-04-01", "3", True, "民法404条（令和7年法務省告示第73号）"),
]


def load(Rate) -> None:
    """Insert the rows that are missing; rows an administrator has entered or changed stay."""
    from decimal import Decimal

    for kind, rows in (("late_payment", LATE_PAYMENT), ("statutory", STATUTORY)):
        for start, percent, confirmed, source in rows:
            Rate.objects.get_or_create(
                kind=kind, effective_from=start,
                defaults={"percent": Decimal(percent) if percent else None, "confirmed": confirmed, "source": source},
            )
