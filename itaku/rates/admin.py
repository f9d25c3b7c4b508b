from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from itaku.core import forms

from .models import Rate
from .services import rate_save


class RateForm(forms.ModelForm):
    """The 告示's reference is required; a confirmed row needs its rate (K-12, K-13)."""

    class Meta:
        model = Rate
        fields = ["kind", "effective_from", "percent", "confirmed", "source", "note"]
        help_texts = {
            "source": _("必須。例：財務省告示第49号（令和3年）。率を定めた告示等を入力してください。"),
            "confirmed": _("告示の本文で率を確認したときに選びます。未確認の期間の計算は拒否されます。"),
            "effective_from": _("この日から次の行の前日まで、この率が適用されます。"),
        }

    def clean(self):
        data = super().clean()
        percent = data.get("percent")
        if percent is not None and not 0 <= percent <= 100:
            self.add_error("percent", _("年利は0%以上100%以下で入力してください。"))
        if data.get("confirmed") and percent is None:
            self.add_error("percent", _("確認済みにするには、告示で定められた年利を入力してください。"))
        return data


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    form = RateForm
    list_display = ["kind", "effective_from", "percent", "confirmed", "source"]
    list_filter = ["kind", "confirmed"]
    search_fields = ["source", "note"]
    ordering = ["kind", "effective_from"]

    def has_delete_permission(self, request, obj=None):
        # A row of the table is history: correct it, never delete it (every change is journaled).
        return False

    def save_model(self, request, obj, form, change):
        # The form has checked the input; the service checks again, saves and journals in one transaction.
        rate_save(actor=request.user, rate=obj)
