from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "itaku.accounts"
    label = "accounts"
    verbose_name = _("組織と利用者")

    def ready(self):
        from axes.signals import user_locked_out

        user_locked_out.connect(_journal_lockout, dispatch_uid="itaku.accounts.lockout")


def _journal_lockout(sender, request, username, ip_address, **kwargs):
    """django-axes tells of a lockout when it begins and again at each refused try while it lasts;
    only its beginning (when the failures have just been counted) is journaled."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    from .signin import lockout_record

    lockout_record(username=username, ip_address=ip_address, path=getattr(request, "path", ""))
