"""The register of a contract's personal information (P-5, P-6-4, P-7) and the files in the vault."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itaku.core.storage import StoredFileField

from ..choices import CloseOutMethod, DatasetState, HandlingPlace, Medium, Source


class Dataset(models.Model):
    """One body of personal information the contractor handles for the contract.

    ``wrapped_key`` is the dataset's data key (AES-256) sealed by the master key (``ITAKU_MASTER_KEY``,
    :mod:`itaku.privacy.vault`); it is emptied when the dataset is erased, so its files can never be read
    again (P-6-7).
    """

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="datasets",
                                 verbose_name=_("契約"))
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    items = models.TextField(_("保有する項目"), help_text=_("氏名、住所、電話番号など"))
    people_count = models.PositiveIntegerField(_("本人の数"))
    source = models.CharField(_("取得の経緯"), max_length=20, choices=Source.choices)
    collection_purpose = models.TextField(_("収集の目的"), blank=True)
    purpose_stated = models.BooleanField(_("本人に利用目的を明示した"), null=True, blank=True)
    medium = models.CharField(_("媒体"), max_length=20, choices=Medium.choices)
    storage_place = models.CharField(_("保管場所"), max_length=200)
    storage_lockable = models.BooleanField(_("施錠できる保管場所"), default=False)
    handling_place = models.CharField(_("取扱場所"), max_length=30, choices=HandlingPlace.choices)
    state = models.CharField(_("状態"), max_length=16, choices=DatasetState.choices, default=DatasetState.HELD,
                             db_index=True)
    wrapped_key = models.BinaryField(_("暗号化したデータ鍵"), blank=True, default=b"", editable=False)
    key_version = models.PositiveIntegerField(_("鍵の版"), default=1, editable=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("登録者"))
    registered_at = models.DateTimeField(_("登録日時"))
    # The client's direction at the end of the work (P-6-7) and how it was carried out.
    directed_method = models.CharField(_("甲の指示"), max_length=16, choices=CloseOutMethod.choices, blank=True)
    directed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("指示した者"))
    directed_on = models.DateField(_("指示日"), null=True, blank=True)
    closed_method = models.CharField(_("実施した方法"), max_length=200, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("実施した者"))
    closed_on = models.DateField(_("実施日"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("確認した者"))
    confirmed_on = models.DateField(_("確認日"), null=True, blank=True)
    destroyed = models.JSONField(_("消去したものの記録"), default=list, blank=True)

    class Meta:
        ordering = ["contract_id", "id"]
        verbose_name = _("個人情報")
        verbose_name_plural = _("個人情報")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("privacy:dataset", args=[self.contract_id, self.pk])

    @property
    def is_open(self) -> bool:
        """Held, or erased/returned/disposed but not yet confirmed by the client (P-6-7)."""
        return self.state == DatasetState.HELD or self.confirmed_on is None


def dataset_file_path(instance, filename: str) -> str:
    # The stored name tells nothing about the content: the original name is in the row only.
    return f"vault/{instance.dataset.contract_id}/{instance.dataset_id}/{uuid.uuid4().hex}.itkv"


class DatasetFile(models.Model):
    """An electronic file of a dataset, stored encrypted (never in clear) under the dataset's data key."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="files", verbose_name=_("個人情報"))
    name = models.CharField(_("ファイル名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大きさ（バイト）"))
    sha256 = models.CharField(_("SHA-256（平文）"), max_length=64)
    ciphertext = StoredFileField(_("暗号文"), upload_to=dataset_file_path, max_length=300, blank=True,
                                 sha256_field="ciphertext_sha256")
    ciphertext_size = models.PositiveBigIntegerField(_("暗号文の大きさ（バイト）"), default=0)
    ciphertext_sha256 = models.CharField(_("SHA-256（暗号文）"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登録者"))
    uploaded_at = models.DateTimeField(_("登録日時"))
    erased_at = models.DateTimeField(_("消去日時"), null=True, blank=True)

    class Meta:
        ordering = ["dataset_id", "id"]
        verbose_name = _("個人情報のファイル")
        verbose_name_plural = _("個人情報のファイル")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("privacy:file_download", args=[self.dataset.contract_id, self.dataset_id, self.pk])
