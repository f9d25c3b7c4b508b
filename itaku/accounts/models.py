from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import OrganisationKind, Role


class Organisation(models.Model):
    """A party: a client (甲, a prefecture or municipality) or a contractor (乙) (K-0)."""

    kind = models.CharField(_("区分"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("名称"), max_length=200, unique=True)
    address = models.CharField(_("所在地"), max_length=300)
    representative_title = models.CharField(_("代表者の役職"), max_length=100)
    representative_name = models.CharField(_("代表者の氏名"), max_length=100)
    is_sample = models.BooleanField(_("サンプル"), default=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("組織")
        verbose_name_plural = _("組織")

    def __str__(self) -> str:
        return self.name

    @property
    def is_client(self) -> bool:
        return self.kind == OrganisationKind.CLIENT

    @property
    def is_contractor(self) -> bool:
        return self.kind == OrganisationKind.CONTRACTOR

    @property
    def representative(self) -> str:
        return f"{self.representative_title} {self.representative_name}".strip()


class User(AbstractUser):
    """A person; belongs to one organisation."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("組織"), on_delete=models.PROTECT, related_name="users", null=True
    )
    display_name = models.CharField(_("氏名"), max_length=100, blank=True)
    job_title = models.CharField(_("所属・役職"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(models.Model):
    """One role of one user on one contract. A user holds as many rows as roles."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("契約")
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("利用者"))
    role = models.CharField(_("役割"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "user", "role"], name="membership_unique_role"),
        ]
        verbose_name = _("契約上の役割")
        verbose_name_plural = _("契約上の役割")

    def __str__(self) -> str:
        return f"{self.user} / {self.get_role_display()}"


class ApiTokenUse(models.Model):
    """When an API token was last used (recorded at most once a minute). Goes with the token."""

    token = models.OneToOneField("authtoken.Token", on_delete=models.CASCADE, primary_key=True,
                                 related_name="use", verbose_name=_("APIトークン"))
    last_used_at = models.DateTimeField(_("最終利用日時"))

    class Meta:
        verbose_name = _("APIトークンの利用")
        verbose_name_plural = _("APIトークンの利用")

    def __str__(self) -> str:
        return f"{self.last_used_at:%Y-%m-%d %H:%M}"
