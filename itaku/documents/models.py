from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itaku.core.storage import StoredFileField


def document_path(instance, filename: str) -> str:
    return f"documents/{instance.contract_id or 'none'}/{instance.sha256[:16]}-{filename}"


class GeneratedDocument(models.Model):
    """A document the system generated, kept with its SHA-256 and the journal head it was made at."""

    contract = models.ForeignKey("contracts.Contract", null=True, on_delete=models.PROTECT,
                                 related_name="documents")
    kind = models.CharField(_("種類"), max_length=50)
    fmt = models.CharField(_("形式"), max_length=10)
    filename = models.CharField(_("ファイル名"), max_length=200)
    mimetype = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    journal_head = models.CharField(_("ジャーナルの先頭ハッシュ"), max_length=64)
    file = StoredFileField(upload_to=document_path, sha256_field="sha256")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("生成した帳票")
        verbose_name_plural = _("生成した帳票")

    def __str__(self) -> str:
        return self.filename

    @property
    def content(self) -> bytes:
        with self.file.open("rb") as fh:
            return fh.read()

    @property
    def quoted_filename(self) -> str:
        return quote(self.filename)
