"""The choices of annex 2 (別記2 情報セキュリティに関する特記事項)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssetKind(models.TextChoices):
    """S-2: the three kinds of information asset."""

    SYSTEM = "system", _("(1) ネットワーク・情報システム・設備・電磁的記録媒体")
    INFORMATION = "information", _("(2) 情報（印刷した文書を含む）")
    DOCUMENT = "document", _("(3) 関連する文書")


class AssetOwner(models.TextChoices):
    """Whom the ownership or the right of use belongs to (S-7, S-8: the clauses bind the client's assets)."""

    CLIENT = "client", _("甲")
    CONTRACTOR = "contractor", _("乙")


class AssetState(models.TextChoices):
    HELD = "held", _("保有中")
    HANDED_OVER = "handed_over", _("甲に引渡し済")
    DISPOSED = "disposed", _("廃棄済")


class PolicyKind(models.TextChoices):
    """S-1: the client's documents the contractor complies with."""

    BASIC_POLICY = "basic_policy", _("山梨県情報セキュリティ基本方針")
    STANDARDS = "standards", _("山梨県情報セキュリティ対策基準")


# The obligation a change of the security officer or of the workers opens (S-3-2, S-4-2): the written
# notice to the client, due the next business day.
NOTICE_KIND = "security.notice"
