"""The consent kinds of annex 1 (別記1 個人情報取扱特記事項): what the contractor may do with the contract's
personal information only with the client's prior approval (事前の承認).

- P-5 handling outside the registered places, taking it out (持出し): where, why, how it is carried, the
  encryption used and the date by which it is back; approval opens a take-out record (:mod:`.records`);
- P-6-5 copying (複写・複製): how many copies; approval opens the copy records, each copy counted and
  disposed of later;
- P-6-3 both name the devices and media used and attest that none is outside the contractor's management;
- P-6-6 transfer abroad (国外への移転): the destination country and the recipient;
- P-8 use or provision beyond the purpose (目的外の利用・提供);
- P-9 subcontracting the handling of personal information (再委託), as K-6: its approval attaches the
  subcontractor, whose own responsibility report (F-P) is then submitted through the contractor.

The contractor's representative or its privacy officer (個人情報保護責任者) submits; the client's officer
decides. A request that concerns a dataset names one of the contract's datasets still held.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itaku.accounts.choices import Role

from .kinds import TYPES, Effect, Field, FieldType, Kind, _refuse, check_period, register

MAX_COPIES = 100


# -- field types of annex 1 ----------------------------------------------------------------------

def _clean_dataset(kind, fld, value, contract, cleaned):
    """One of the contract's datasets (個人情報の登録簿) still held."""
    from itaku.privacy.choices import DatasetState
    from itaku.privacy.models import Dataset

    if value in (None, ""):
        return None
    pk = value if isinstance(value, int) and not isinstance(value, bool) else (
        int(value.strip()) if isinstance(value, str) and value.strip().isdigit() else None)
    dataset = (Dataset.objects.filter(pk=pk, contract=contract, state=DatasetState.HELD).first()
               if pk is not None else None)
    if dataset is None:
        _refuse(kind, fld, _("この契約で保有中の個人情報から選択してください。"), "statement_invalid")
    return dataset.pk


def _clean_count(kind, fld, value, contract, cleaned):
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_COPIES:
        _refuse(kind, fld, _("1以上%(max)s以下の整数で入力してください。") % {"max": MAX_COPIES}, "statement_invalid")
    return value


TYPES["dataset"] = FieldType(_clean_dataset, lambda v, n: n.get(("dataset", v), f"#{v}") if v else "")
TYPES["count"] = FieldType(_clean_count, lambda v, n: str(v) if v is not None else "")


def dataset_names(pks) -> dict:
    """("dataset", pk) → the dataset's name, for showing a statement."""
    from itaku.privacy.models import Dataset

    return {("dataset", pk): name for pk, name in Dataset.objects.filter(pk__in=pks).values_list("pk", "name")}


def _dataset(**kwargs) -> Field:
    return Field("dataset", gettext_lazy("対象の個人情報"), "dataset",
                 help_text=gettext_lazy("この契約の個人情報の登録簿から選択"), **kwargs)


PRIVACY_SUBMITTERS = {"submitter": Role.REPRESENTATIVE, "also_submitted_by": (Role.PRIVACY_OFFICER,)}


def _devices() -> tuple[Field, Field]:
    """P-6-3: no device outside the contractor's management is used; each take-out or copy request names the
    devices and media it uses and attests that they are the contractor's managed ones."""
    return (
        Field("devices", gettext_lazy("使用する機器・媒体"), "text", max_length=300,
              help_text=gettext_lazy("乙が管理する機器・媒体（管理番号など）")),
        Field("managed_devices", gettext_lazy("機器の管理（別記1第6条第3号）"), "choice",
              choices=(("attested", gettext_lazy("乙の管理に属さない機器・媒体は使用しません")),)),
    )


# P-5: handle only at the client's offices or the contractor's registered premises; no take-out without
# approval; a take-out with encryption and instructions on carrying it.
TAKEOUT = register(Kind(
    code="privacy_takeout", clause="P-5", label=gettext_lazy("個人情報の持出し・作業場所以外での取扱い"),
    clause_title="別記1第5条（作業場所の限定等）",
    description=gettext_lazy("甲の庁舎又は乙の営業所以外の場所で本件個人情報を取り扱い、又は持ち出すための承認"),
    fields=(
        _dataset(),
        Field("place", gettext_lazy("取り扱う場所・持出し先"), "text", max_length=300),
        Field("reason", gettext_lazy("理由"), "longtext"),
        Field("carriage", gettext_lazy("運搬の方法と運搬中の指示事項"), "longtext"),
        Field("encryption", gettext_lazy("暗号化等の安全確保の措置"), "longtext",
              help_text=gettext_lazy("例：AES-256で暗号化した媒体、施錠できるケースで運搬")),
        Field("starts_on", gettext_lazy("持出しの日"), "date"),
        Field("return_by", gettext_lazy("返却期限"), "date"),
        *_devices(),
    ),
    checks=(check_period("starts_on", "return_by"),),
    **PRIVACY_SUBMITTERS,
))

# P-6-5: no copying of what the client handed over without its instruction or prior approval.
COPYING = register(Kind(
    code="privacy_copy", clause="P-6-5", label=gettext_lazy("個人情報の複写・複製"),
    clause_title="別記1第6条第5号（複写・複製の禁止）",
    description=gettext_lazy("甲から引き渡された個人情報が記録された資料等を複写し、又は複製するための承認"),
    fields=(
        _dataset(),
        Field("copies", gettext_lazy("複写・複製する部数"), "count"),
        Field("reason", gettext_lazy("理由"), "longtext"),
        Field("handling", gettext_lazy("複製物の管理と廃棄の方法"), "longtext"),
        Field("dispose_by", gettext_lazy("複製物の廃棄期限"), "date"),
        *_devices(),
    ),
    **PRIVACY_SUBMITTERS,
))

# P-6-6: no transfer abroad without the client's instruction or prior approval.
TRANSFER_ABROAD = register(Kind(
    code="privacy_abroad", clause="P-6-6", label=gettext_lazy("個人情報の国外への移転"),
    clause_title="別記1第6条第6号（国外移転の禁止）",
    description=gettext_lazy("甲から引き渡された個人情報が記録された資料等を国外に移転させるための承認"),
    fields=(
        _dataset(),
        Field("country", gettext_lazy("移転先の国"), "country"),
        Field("recipient", gettext_lazy("移転先（受領者）"), "text", max_length=300),
        Field("reason", gettext_lazy("理由"), "longtext"),
        Field("safeguards", gettext_lazy("移転先での保護の措置"), "longtext"),
    ),
    **PRIVACY_SUBMITTERS,
))

def beyond_purpose_fields(subject: Field) -> tuple[Field, ...]:
    """What a request to use or provide beyond the contract's purpose states (P-8, S-9), about ``subject``."""
    return (
        subject,
        Field("use", gettext_lazy("利用・提供の別"), "choice",
              choices=(("use", gettext_lazy("自ら利用する")), ("provision", gettext_lazy("第三者に提供する")))),
        Field("purpose", gettext_lazy("利用・提供の目的"), "longtext"),
        Field("recipient", gettext_lazy("提供先"), "text", required=False, max_length=300,
              help_text=gettext_lazy("提供する場合")),
        Field("reason", gettext_lazy("理由"), "longtext"),
    )


def recipient_when_provided(kind, cleaned, contract):
    """P-8, S-9: a provision names its recipient."""
    if cleaned.get("use") == "provision" and not cleaned.get("recipient"):
        _refuse(kind, kind.field("recipient"), _("提供する場合は提供先を入力してください。"), "statement_missing")


# P-8: no use or provision beyond the contract's purpose without the client's instruction or prior approval.
BEYOND_PURPOSE = register(Kind(
    code="privacy_purpose", clause="P-8", label=gettext_lazy("個人情報の目的外の利用・提供"),
    clause_title="別記1第8条（利用及び提供の制限）",
    description=gettext_lazy("本件個人情報を契約の目的以外の目的のために利用し、又は提供するための承認"),
    fields=beyond_purpose_fields(_dataset()),
    checks=(recipient_when_provided,),
    **PRIVACY_SUBMITTERS,
))

# P-9: no subcontracting (subsidiaries included) of the handling of personal information without prior
# approval; the subcontractor is bound, and its workers and responsible person are reported through 乙.
PRIVACY_SUBCONTRACT = register(Kind(
    code="privacy_subcontract", clause="P-9", label=gettext_lazy("個人情報を取り扱う業務の再委託"),
    clause_title="別記1第9条（再委託の禁止）",
    description=gettext_lazy("本件受託業務を第三者（乙の子会社を含む。）に委託するための承認。承認の後、"
                             "再委託先の作業従事者及び個人情報保護責任者を乙を経由して届け出る"),
    fields=(
        Field("subcontractor", gettext_lazy("再委託先"), "organisation", allow_new=True),
        Field("scope", gettext_lazy("再委託する業務の範囲"), "longtext"),
        Field("information", gettext_lazy("再委託先で取り扱う個人情報"), "longtext"),
        Field("reason", gettext_lazy("再委託の理由"), "longtext"),
        Field("supervision", gettext_lazy("再委託先の管理・監督の方法"), "longtext"),
        Field("starts_on", gettext_lazy("再委託の期間（開始）"), "date"),
        Field("ends_on", gettext_lazy("再委託の期間（終了）"), "date"),
    ),
    effect=Effect("subcontractor_attach", gettext_lazy("再委託先として登録する")),
    subject_field="subcontractor",
    checks=(check_period("starts_on", "ends_on"),),
    **PRIVACY_SUBMITTERS,
))

ANNEX1_KINDS = (TAKEOUT, COPYING, TRANSFER_ABROAD, BEYOND_PURPOSE, PRIVACY_SUBCONTRACT)
