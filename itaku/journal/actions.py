"""What each journal action code means to a person.

The journal's own and the foundation's actions are listed here; every other app lists its actions
in ``LABELS`` of its own ``actions`` module, which is collected here once.

An event records when it was written (``Event.at``); the fact it records often happened on another
day (a report dated last week, a payment made on the 10th). An app names, in ``FACT_DATES`` of its
``actions`` module, the key of the event's data that holds the date of the fact, per action code;
:func:`fact_date` reads it. An action without one is a fact of the moment it was recorded.
"""

import datetime as dt
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

LABELS = {
    "accounts.organisation.created": _("組織を登録しました"),
    "accounts.organisation.changed": _("組織の情報を変更しました"),
    "accounts.user.created": _("利用者を登録しました"),
    "accounts.user.changed": _("利用者の情報を変更しました"),
    "accounts.user.password_changed": _("パスワードを変更しました"),
    "contracts.contract.created": _("契約を登録しました"),
    "contracts.contract.activated": _("契約の締結を記録しました"),
    "documents.document.generated": _("帳票を作成しました"),
}

FACT_DATES = {
    "contracts.contract.activated": "signed_on",
}


@cache
def all_labels() -> dict:
    """The labels of every installed app's actions (``<app>.actions.LABELS``)."""
    labels = dict(LABELS)
    for config in apps.get_app_configs():
        if config.name.startswith("itaku.") and config.module is not None \
                and module_has_submodule(config.module, "actions") and config.name != "itaku.journal":
            labels.update(import_module(f"{config.name}.actions").LABELS)
    return labels


@cache
def all_fact_dates() -> dict:
    """The data key holding the date of the fact, per action code (``<app>.actions.FACT_DATES``)."""
    keys = dict(FACT_DATES)
    for config in apps.get_app_configs():
        if config.name.startswith("itaku.") and config.module is not None \
                and module_has_submodule(config.module, "actions") and config.name != "itaku.journal":
            keys.update(getattr(import_module(f"{config.name}.actions"), "FACT_DATES", {}))
    return keys


def fact_date(action: str, data: dict) -> dt.date | None:
    """The day the fact recorded by an event of ``action`` with ``data`` happened, if the event says."""
    key = all_fact_dates().get(action)
    value = data.get(key) if key and isinstance(data, dict) else None
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def action_label(code: str) -> str:
    """The label of ``code``; an unknown code is shown as it is, never hidden."""
    return str(all_labels().get(code, code))
