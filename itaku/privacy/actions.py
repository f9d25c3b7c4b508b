from django.utils.translation import gettext_lazy as _

LABELS = {
    "privacy.dataset.registered": _("個人情報を登録しました"),
    "privacy.file.added": _("個人情報のファイルを登録しました"),
    "privacy.file.read": _("個人情報のファイルを開きました"),
    "privacy.access.refused": _("個人情報の取扱いを拒否しました"),
    "privacy.grant.given": _("個人情報の閲覧を許可しました"),
    "privacy.grant.revoked": _("個人情報の閲覧許可を取り消しました"),
    "privacy.dataset.directed": _("個人情報の返還・廃棄・消去を指示しました"),
    "privacy.dataset.closed_out": _("個人情報を返還・廃棄・消去しました"),
    "privacy.dataset.confirmed": _("個人情報の返還・廃棄・消去を確認しました"),
    "privacy.key.rotated": _("マスター鍵を更新しました"),
}

# The data key holding the date of each fact (see itaku.journal.actions).
FACT_DATES = {
    "privacy.dataset.directed": "directed_on",
    "privacy.dataset.closed_out": "closed_on",
    "privacy.dataset.confirmed": "confirmed_on",
}
