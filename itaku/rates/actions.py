from django.utils.translation import gettext_lazy as _

LABELS = {
    "rates.rate.saved": _("利率の表を更新しました"),
    "rates.contract_rate.set": _("契約で定めた遅延利息の率を登録しました"),
}
