"""The consent kinds of annex 2 (別記2 情報セキュリティに関する特記事項): what the contractor may do with the
client's information assets (the register of :mod:`itaku.security`) only with the client's prior approval.

- S-7 use outside the place the client directed (指示した場所以外での利用);
- S-8-3 taking an asset out (持出し), with the measures for carrying it and the encryption stated;
- S-8-4 copying or duplicating what the client handed over (複写・複製);
- S-8-6 disposal (廃棄), with the method that makes the asset unreadable; an approval lets the asset be
  recorded as disposed of at the end of the work (S-8-5);
- S-9 use or provision beyond the contract's purpose (目的外の利用・提供), as P-8 for personal information.

The personal information of annex 1 has its own kinds (:mod:`.kinds_annex1`). The contractor's
representative or its security officer (セキュリティ責任者) submits; the client's officer decides. A request
names one of the contract's assets of the client still held.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itaku.accounts.choices import Role

from .kinds import TYPES, Field, FieldType, Kind, _refuse, check_period, register
from .kinds_annex1 import beyond_purpose_fields, recipient_when_provided


def held_client_assets(contract):
    from itaku.security.choices import AssetOwner, AssetState
    from itaku.security.models import InformationAsset

    return InformationAsset.objects.filter(contract=contract, owner=AssetOwner.CLIENT, state=AssetState.HELD)


def _clean_asset(kind, fld, value, contract, cleaned):
    """One of the contract's information assets of the client still held (S-7, S-8)."""
    if value in (None, ""):
        return None
    if hasattr(value, "pk"):
        value = value.pk
    pk = value if isinstance(value, int) and not isinstance(value, bool) else (
        int(value.strip()) if isinstance(value, str) and value.strip().isdigit() else None)
    asset = held_client_assets(contract).filter(pk=pk).first() if pk is not None else None
    if asset is None:
        _refuse(kind, fld, _("この契約で保有中の甲の情報資産から選択してください。"), "statement_invalid")
    return asset.pk


TYPES["asset"] = FieldType(_clean_asset, lambda v, n: n.get(("asset", v), f"#{v}") if v else "")


def asset_names(pks) -> dict:
    """("asset", pk) → the asset's name, for showing a statement."""
    from itaku.security.models import InformationAsset

    return {("asset", pk): name for pk, name in InformationAsset.objects.filter(pk__in=pks).values_list("pk", "name")}


def _asset(**kwargs) -> Field:
    return Field("asset", gettext_lazy("対象の情報資産"), "asset",
                 help_text=gettext_lazy("この契約の情報資産の台帳から選択"), **kwargs)


SECURITY_SUBMITTERS = {"submitter": Role.REPRESENTATIVE, "also_submitted_by": (Role.SECURITY_OFFICER,)}


# S-7: use the client's information assets only where the client directed, unless it approves beforehand.
OUTSIDE_USE = register(Kind(
    code="security_outside_use", clause="S-7", label=gettext_lazy("情報資産の指示した場所以外での利用"),
    clause_title="別記2第7条（情報資産の利用場所）",
    description=gettext_lazy("甲が指示した場所以外で情報資産を利用するための承認"),
    fields=(
        _asset(),
        Field("place", gettext_lazy("利用する場所"), "text", max_length=300),
        Field("reason", gettext_lazy("理由"), "longtext"),
        Field("measures", gettext_lazy("利用場所での安全確保の措置"), "longtext"),
        Field("starts_on", gettext_lazy("利用の開始日"), "date"),
        Field("ends_on", gettext_lazy("利用の終了日"), "date"),
    ),
    checks=(check_period("starts_on", "ends_on"),),
    **SECURITY_SUBMITTERS,
))

# S-8-3: no take-out beyond the directed place without instruction or approval; when taken out, the
# workers are told what to observe in carriage and the data are encrypted.
TAKEOUT = register(Kind(
    code="security_takeout", clause="S-8-3", label=gettext_lazy("情報資産の持出し"),
    clause_title="別記2第8条第3号（持出しの禁止）",
    description=gettext_lazy("甲が指示した場所以外に情報資産を持ち出すための承認"),
    fields=(
        _asset(),
        Field("destination", gettext_lazy("持出し先"), "text", max_length=300),
        Field("reason", gettext_lazy("理由"), "longtext"),
        Field("carriage", gettext_lazy("運搬中の指示事項と従事者への徹底の方法"), "longtext"),
        Field("encryption", gettext_lazy("データの暗号化の方法"), "longtext",
              help_text=gettext_lazy("例：AES-256で暗号化した媒体。紙の場合は施錠できるケースなど")),
        Field("starts_on", gettext_lazy("持出しの日"), "date"),
        Field("return_by", gettext_lazy("返却期限"), "date"),
    ),
    checks=(check_period("starts_on", "return_by"),),
    **SECURITY_SUBMITTERS,
))

# S-8-4: no copying or duplication of what the client handed over without instruction or approval.
COPYING = register(Kind(
    code="security_copy", clause="S-8-4", label=gettext_lazy("情報資産の複写・複製"),
    clause_title="別記2第8条第4号（複写・複製の禁止）",
    description=gettext_lazy("甲から引き渡された情報資産を複写し、又は複製するための承認"),
    fields=(
        _asset(),
        Field("copies", gettext_lazy("複写・複製する部数"), "count"),
        Field("reason", gettext_lazy("理由"), "longtext"),
        Field("handling", gettext_lazy("複製物の管理と廃棄の方法"), "longtext"),
        Field("dispose_by", gettext_lazy("複製物の廃棄期限"), "date"),
    ),
    **SECURITY_SUBMITTERS,
))

# S-8-6: dispose only with instruction or approval, by a method that makes the asset unreadable.
DISPOSAL = register(Kind(
    code="security_disposal", clause="S-8-6", label=gettext_lazy("情報資産の廃棄"),
    clause_title="別記2第8条第6号（廃棄）",
    description=gettext_lazy("情報資産を廃棄するための承認。判読できないようにする方法を明らかにする"),
    fields=(
        _asset(),
        Field("method", gettext_lazy("判読できないようにする方法"), "longtext",
              help_text=gettext_lazy("例：媒体の物理的破壊、消去ソフトによる上書き消去、紙のシュレッダー裁断")),
        Field("reason", gettext_lazy("理由"), "longtext"),
        Field("dispose_on", gettext_lazy("廃棄の予定日"), "date"),
    ),
    **SECURITY_SUBMITTERS,
))

# S-9: no use or provision of the information assets that belong to the client (ownership or the right of
# use) beyond the contract's purpose without the client's instruction or prior approval (as P-8).
BEYOND_PURPOSE = register(Kind(
    code="security_purpose", clause="S-9", label=gettext_lazy("情報資産の目的外の利用・提供"),
    clause_title="別記2第9条（情報資産の利用及び提供の制限）",
    description=gettext_lazy("甲に帰属する情報資産を契約の目的以外の目的のために利用し、又は提供するための承認"),
    fields=beyond_purpose_fields(_asset()),
    checks=(recipient_when_provided,),
    **SECURITY_SUBMITTERS,
))

ANNEX2_KINDS = (OUTSIDE_USE, TAKEOUT, COPYING, DISPOSAL, BEYOND_PURPOSE)
