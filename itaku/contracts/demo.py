"""The demo: the seed contract between 山梨県 and a fictitious sample contractor, and a second sample
contractor with a contract of its own. Everything runs through the services, so the journal records it.
Loading twice changes nothing."""

import datetime as dt
from importlib import import_module

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from itaku.accounts.choices import OrganisationKind, Role
from itaku.accounts.models import Organisation, User
from itaku.accounts.services import organisation_save, user_save
from itaku.core.wareki import fiscal_year, fiscal_year_label

from .models import Contract, ContractTemplate
from .services import MemberSpec, contract_create

DEMO_PASSWORD = "itaku-demo"
TEMPLATE_CODE = "yamanashi-itaku-2023"
OFFICERS_GROUP = "契約担当"
# The system administrators: staff who manage users, organisations, the rate tables and sign-in lockouts
# in the admin site,
# and nothing else (not superusers: they register no contract and hold no role on one).
ADMINISTRATORS_GROUP = "システム管理者"
ADMINISTRATOR_PERMISSIONS = [
    ("accounts", "user", ("add", "change", "view")),
    ("accounts", "organisation", ("add", "change", "view")),
    ("accounts", "membership", ("view",)),
    ("auth", "group", ("view",)),
    ("rates", "rate", ("add", "change", "view")),
    # Sign-in lockouts: seen, and lifted (the admin's "lift" action needs the delete permission; rows are
    # never deleted otherwise).
    ("axes", "accessattempt", ("view", "delete")),
]
ADMINISTRATOR = ("admin", "管理 五郎（サンプル）", "総務部 情報政策課 システム管理者")

CLIENT = dict(name="山梨県", kind=OrganisationKind.CLIENT, address="山梨県甲府市丸の内一丁目6番1号",
              representative_title="山梨県知事", representative_name="長崎 幸太郎")
CONTRACTOR = dict(name="株式会社サンプル広告（サンプル）", kind=OrganisationKind.CONTRACTOR,
                  address="山梨県甲府市見本町一丁目2番3号（サンプル）",
                  representative_title="代表取締役", representative_name="見本 太郎", is_sample=True)
OTHER_CONTRACTOR = dict(name="有限会社サンプル企画（サンプル）", kind=OrganisationKind.CONTRACTOR,
                        address="山梨県富士吉田市例示二丁目4番5号（サンプル）",
                        representative_title="代表取締役", representative_name="例示 花子", is_sample=True)

# username, organisation, display name, job title
USERS = [
    ("officer", "client", "契約 一郎（サンプル）", "福祉保健部 健康増進課 主査"),
    ("inspector", "client", "検査 二郎（サンプル）", "福祉保健部 健康増進課 副主査"),
    ("accountant", "client", "会計 三子（サンプル）", "福祉保健部 会計担当"),
    ("auditor", "client", "閲覧 四郎（サンプル）", "監査委員事務局"),
    ("rep", "contractor", "見本 太郎（サンプル）", "代表取締役"),
    ("privacy", "contractor", "保護 花子（サンプル）", "管理部 部長"),
    ("security", "contractor", "守 健一（サンプル）", "情報システム部 課長"),
    ("worker1", "contractor", "作業 一美（サンプル）", "広告運用部"),
    ("worker2", "contractor", "作業 二朗（サンプル）", "広告運用部"),
    ("outsider", "other", "例示 花子（サンプル）", "代表取締役"),
]

ROLES = {
    "officer": [Role.OFFICER], "inspector": [Role.INSPECTOR], "accountant": [Role.ACCOUNTANT],
    "auditor": [Role.AUDITOR], "rep": [Role.REPRESENTATIVE], "privacy": [Role.PRIVACY_OFFICER, Role.WORKER],
    "security": [Role.SECURITY_OFFICER], "worker1": [Role.WORKER], "worker2": [Role.WORKER],
}

SEED_TITLE = "ひきこもり支援Web広告業務"
OTHER_TITLE = "ひきこもり支援相談窓口周知チラシ作成業務（サンプル）"

# Each app adds its part of the demo's history: ``load(users, contracts, today)``, idempotent, through
# the services. ``contracts`` holds "seed" (2023, run to payment), "other" (the other contractor's)
# and "current" (this fiscal year's, in progress, so that every dashboard has open obligations).
HISTORY_MODULES: list[str] = ["itaku.contracts.demo_termination", "itaku.contracts.demo_history",
                              "itaku.oversight.demo", "itaku.consents.demo", "itaku.personnel.demo",
                              "itaku.privacy.demo", "itaku.consents.demo_annex1", "itaku.oversight.demo_compliance",
                              "itaku.security.demo", "itaku.security.questionnaire_demo",
                              "itaku.incidents.demo"]


def current_title(today: dt.date) -> str:
    return f"ひきこもり支援Web広告業務（{fiscal_year_label(fiscal_year(today))}・サンプル）"


SEED_SPECIFICATION = """ひきこもり支援Web広告業務仕様書（サンプル）

1 業務名　ひきこもり支援Web広告業務
2 目的　ひきこもり状態にある方やその家族に、相談窓口の情報をインターネット広告で届ける。
3 業務内容　検索連動型広告及びSNS広告の企画・出稿・運用、効果測定、月次報告。
4 成果物　月次運用報告書、最終報告書（紙及び電子データ）。
5 個人情報　問合せ対応で取得する氏名・連絡先等を含む。別記1及び別記2を遵守すること。
（この仕様書はデモ用の架空のサンプルです。）
"""


def _org(spec: dict) -> Organisation:
    org = Organisation.objects.filter(name=spec["name"]).first()
    return org or organisation_save(actor=None, organisation=Organisation(**spec))


def _administrator(client: Organisation) -> User:
    """山梨県's system administrator: staff, in the administrators' group (kept to its permissions)."""
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    group.permissions.add(*(
        Permission.objects.get(content_type__app_label=app, content_type__model=model, codename=f"{action}_{model}")
        for app, model, actions in ADMINISTRATOR_PERMISSIONS for action in actions
    ))
    username, display_name, job_title = ADMINISTRATOR
    return User.objects.filter(username=username).first() or user_save(
        actor=None, password=DEMO_PASSWORD, groups=[group],
        user=User(username=username, organisation=client, display_name=display_name, job_title=job_title,
                  email=f"{username}@example.invalid", is_staff=True),
    )


@transaction.atomic
def load_demo(stdout=None, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    client, contractor, other = _org(CLIENT), _org(CONTRACTOR), _org(OTHER_CONTRACTOR)
    orgs = {"client": client, "contractor": contractor, "other": other}
    group, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    group.permissions.add(Permission.objects.get(codename="add_contract", content_type__app_label="contracts"))
    users = {}
    for username, org_key, display_name, job_title in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_save(
                actor=None, password=DEMO_PASSWORD, validate=False, groups=[group] if username == "officer" else [],
                user=User(username=username, organisation=orgs[org_key], display_name=display_name,
                          job_title=job_title, email=f"{username}@example.invalid"),
            )
        users[username] = user
    users["admin"] = _administrator(client)

    template = ContractTemplate.objects.get(code=TEMPLATE_CODE)
    created = []
    if not Contract.objects.filter(title=SEED_TITLE, contractor=contractor).exists():
        contract_create(
            actor=users["officer"], template=template, title=SEED_TITLE, contractor=contractor,
            signed_on=dt.date(2023, 6, 1), ends_on=dt.date(2024, 3, 31), amount=3_300_000,
            deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
            premises_address=CONTRACTOR["address"],
            specification=ContentFile(SEED_SPECIFICATION.encode(), name="hikikomori-web-shiyousho-sample.txt"),
            members=[MemberSpec(users[name], role) for name, roles in ROLES.items() for role in roles],
        )
        created.append(SEED_TITLE)
    if not Contract.objects.filter(title=OTHER_TITLE, contractor=other).exists():
        contract_create(
            actor=users["officer"], template=template, title=OTHER_TITLE, contractor=other,
            signed_on=dt.date(2024, 5, 15), ends_on=dt.date(2024, 12, 27), amount=880_000,
            deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
            premises_address=OTHER_CONTRACTOR["address"],
            members=[MemberSpec(users["officer"], Role.OFFICER), MemberSpec(users["inspector"], Role.INSPECTOR),
                     MemberSpec(users["outsider"], Role.REPRESENTATIVE)],
        )
        created.append(OTHER_TITLE)
    year = fiscal_year(today)
    if not Contract.objects.filter(title=current_title(today), contractor=contractor).exists():
        contract_create(
            actor=users["officer"], template=template, title=current_title(today), contractor=contractor,
            signed_on=dt.date(year, 4, 1), ends_on=dt.date(year + 1, 3, 20), amount=3_630_000,
            deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
            premises_address=CONTRACTOR["address"],
            members=[MemberSpec(users[name], role) for name, roles in ROLES.items() for role in roles],
        )
        created.append(current_title(today))
    contracts = {
        "seed": Contract.objects.get(title=SEED_TITLE, contractor=contractor),
        "other": Contract.objects.get(title=OTHER_TITLE, contractor=other),
        "current": Contract.objects.get(title=current_title(today), contractor=contractor),
    }
    for module in HISTORY_MODULES:
        import_module(module).load(users, contracts, today)
    return {"created": created, "users": [u for u, *_ in USERS] + [ADMINISTRATOR[0]]}
