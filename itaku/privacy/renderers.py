"""The disposal certificate (個人情報の返還・廃棄・消去証明書, P-6-7): each dataset returned, disposed of or
erased, the method, the date, who did it and who confirmed it, and the SHA-256 of every file destroyed
(its plaintext and its ciphertext). A4, Mincho embedded, the journal head in the footer."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from itaku.core.wareki import to_wareki
from itaku.documents.renderers import register
from itaku.documents.renderers.content import GAP, Para
from itaku.documents.renderers.pdf import OfficialPDF

from .choices import DatasetState
from .models import Dataset

TITLE = "個人情報の返還・廃棄・消去証明書"


def _person(user) -> str:
    if user is None:
        return "—"
    return f"{user.organisation.name if user.organisation_id else ''}　{user.get_full_name() or user.username}".strip()


def certificate_paragraphs(contract, datasets) -> list[Para]:
    parties = contract.parties or {}
    contractor = (parties.get("contractor") or {}).get("name") or contract.contractor.name
    client = (parties.get("client") or {}).get("name") or contract.client.name
    paras = [
        Para(to_wareki(timezone.localdate()), align="R"),
        Para(TITLE, align="C", style="title", space_before=1.5),
        Para(f"契約名{GAP}{contract.title}", space_before=1.5),
        Para(f"発注者{GAP}{client}"),
        Para(f"受注者{GAP}{contractor}"),
        Para("個人情報取扱特記事項第6条第7号に基づき、下記の個人情報を甲の指示により返還・廃棄・消去したことを"
             "証明します。電子データは暗号化して保管していたものであり、そのデータ鍵と暗号文を消去したため、"
             "今後復号することはできません。", first=1, space_before=1),
        Para("記", align="C", space_before=1),
    ]
    for index, ds in enumerate(datasets, start=1):
        paras += [
            Para(f"{index}{GAP}{ds.name}（{ds.get_medium_display()}、本人の数 {ds.people_count}）", space_before=1,
                 keep_with_next=True),
            Para(f"甲の指示：{ds.get_directed_method_display()}（{to_wareki(ds.directed_on)}、"
                 f"{_person(ds.directed_by)}）", first=1, rest=2),
            Para(f"実施：{ds.get_state_display()}　{ds.closed_method}（{to_wareki(ds.closed_on)}、"
                 f"{_person(ds.closed_by)}）", first=1, rest=2),
            Para(f"確認：{to_wareki(ds.confirmed_on) if ds.confirmed_on else '未確認'}（{_person(ds.confirmed_by)}）",
                 first=1, rest=2),
        ]
        for item in ds.destroyed or []:
            paras += [
                Para(f"消去したファイル：{item['name']}（{item['size']} バイト）", first=1, rest=2),
                Para(f"SHA-256（平文）{item['sha256']}", first=2, rest=2, style="small"),
                Para(f"SHA-256（暗号文）{item['ciphertext_sha256']}", first=2, rest=2, style="small"),
            ]
    paras.append(Para("以上", align="R", space_before=1))
    return paras


@register("privacy_disposal", "pdf", clause="P-6-7", title=gettext_lazy("個人情報の返還・廃棄・消去証明書"))
def disposal_certificate_pdf(contract, *, journal_head: str, source=None) -> tuple[str, str, bytes]:
    datasets = (Dataset.objects.filter(contract=contract).exclude(state=DatasetState.HELD)
                .select_related("directed_by__organisation", "closed_by__organisation", "confirmed_by__organisation")
                .order_by("id"))
    pdf = OfficialPDF(title=TITLE, journal_head=journal_head)
    pdf.add_page()
    for para in certificate_paragraphs(contract, datasets):
        pdf.paragraph(para)
    return f"privacy-disposal-{contract.pk}.pdf", "application/pdf", bytes(pdf.output())
