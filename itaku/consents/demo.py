"""The consents part of the demo: a sample subcontractor; on the seed contract a subcontract consent
(K-6) approved in 2023 and the subcontractor attached; on this year's contract a subcontract request
awaiting the officer's decision. Through the services; loading twice changes nothing."""

import datetime as dt

from itaku.accounts.choices import OrganisationKind
from itaku.accounts.models import Organisation
from itaku.accounts.services import organisation_save

from .models import ConsentRequest, Subcontractor
from .services import consent_decide, consent_submit, subcontractor_attach

SUBCONTRACTOR = dict(name="株式会社サンプル制作（サンプル）", kind=OrganisationKind.CONTRACTOR,
                     address="山梨県甲府市例題三丁目4番5号（サンプル）", representative_title="代表取締役",
                     representative_name="制作 三郎", is_sample=True)

SEED_SCOPE = "Web広告用バナー画像のデザイン制作（静止画バナー10点及びその各サイズ展開）"
CURRENT_SCOPE = "SNS広告用の短尺動画バナーの制作（15秒動画3点）"
SEED_REASON = "バナーデザインを専門とする事業者に委託し、広告の品質と出稿時期を確保するため。"
SEED_CONDITIONS = "再委託先に本契約と同等の秘密保持義務を負わせ、その履行について乙が責任を負うこと。"


def _subcontractor_organisation() -> Organisation:
    org = Organisation.objects.filter(name=SUBCONTRACTOR["name"]).first()
    return org or organisation_save(actor=None, organisation=Organisation(**SUBCONTRACTOR))


def _request(contract, scope):
    return ConsentRequest.objects.filter(contract=contract, kind="subcontract", statement__scope=scope).first()


def load(users, contracts, today: dt.date) -> None:
    org = _subcontractor_organisation()
    seed = contracts["seed"]
    consent = _request(seed, SEED_SCOPE)
    if consent is None:
        consent = consent_submit(actor=users["rep"], contract=seed, kind="subcontract", on=dt.date(2023, 6, 12),
                                 statement={
                                     "subcontractor": org.pk, "scope": SEED_SCOPE,
                                     "reason": SEED_REASON,
                                     "starts_on": "2023-06-20", "ends_on": "2024-02-29", "amount": 440_000,
                                     "handles_personal_information": "no",
                                 })
        consent = consent_decide(actor=users["officer"], consent=consent, approve=True, on=dt.date(2023, 6, 19),
                                 conditions=SEED_CONDITIONS)
    if not Subcontractor.objects.filter(consent=consent).exists():
        subcontractor_attach(actor=users["rep"], contract=seed, organisation=org, consent=consent,
                             on=dt.date(2023, 6, 20))

    current = contracts["current"]
    if _request(current, CURRENT_SCOPE) is None:
        submitted_on = min(today, current.signed_on + dt.timedelta(days=14))
        consent_submit(actor=users["rep"], contract=current, kind="subcontract", on=submitted_on, statement={
            "subcontractor": org.pk, "scope": CURRENT_SCOPE,
            "reason": "動画制作の設備と技術を持つ事業者に委託し、SNS広告の効果を高めるため。",
            "starts_on": (submitted_on + dt.timedelta(days=14)).isoformat(),
            "ends_on": current.ends_on.isoformat(), "amount": 330_000, "handles_personal_information": "no",
        })
