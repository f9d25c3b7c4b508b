from django.utils.translation import gettext_lazy as _

LABELS = {
    "obligations.obligation.waived": _("期限を免除しました"),
    "obligations.reminder.sent": _("期限の通知を送信しました"),
    "obligations.feed.issued": _("カレンダー配信のURLを発行しました"),
    "obligations.feed.revoked": _("カレンダー配信のURLを無効にしました"),
}
