from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from itaku.core.money import consumption_tax_part
from itaku.core.storage import StoredFileField

from ..choices import ClauseLevel, ContractState, Part


class ContractTemplate(models.Model):
    """A contract family: its clause texts are data, and contracts are made from it."""

    code = models.SlugField(_("コード"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    document_title = models.CharField(_("契約書の標題"), max_length=200)
    preamble = models.TextField(_("前文"))
    closing = models.JSONField(_("末文と記名欄"), default=dict)
    fields = models.JSONField(_("記入欄"), default=list, help_text=_("〇〇〇 の箇所: 名前と表示名"))
    parameters = models.JSONField(_("定数"), default=dict)
    forms = models.JSONField(_("様式"), default=dict)
    parts = models.JSONField(_("編の表題"), default=list)

    class Meta:
        verbose_name = _("契約書ひな形")
        verbose_name_plural = _("契約書ひな形")

    def __str__(self) -> str:
        return self.name

    @property
    def termination_penalty_fraction(self) -> str:
        p = self.parameters
        return f"{p.get('termination_penalty_denominator', 10)}分の{p.get('termination_penalty_numerator', 10)}"


class TemplateClause(models.Model):
    """One clause of a template: an article, paragraph, item or sub-item, with its clause ID."""

    template = models.ForeignKey(ContractTemplate, on_delete=models.CASCADE, related_name="clauses")
    clause_id = models.CharField(_("条項ID"), max_length=32)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    part = models.CharField(_("編"), max_length=1, choices=Part.choices)
    level = models.PositiveSmallIntegerField(_("階層"), choices=ClauseLevel.choices)
    number = models.CharField(_("番号"), max_length=16, blank=True)
    heading = models.CharField(_("見出し"), max_length=100, blank=True)
    text = models.TextField(_("本文"), blank=True)
    position = models.PositiveIntegerField(_("順序"))

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "clause_id"], name="template_clause_unique_id"),
        ]
        verbose_name = _("条項")
        verbose_name_plural = _("条項")

    def __str__(self) -> str:
        return f"{self.clause_id} {self.heading}".strip()


def specification_path(instance, filename: str) -> str:
    return f"specifications/{instance.client_id}/{filename}"


class Contract(models.Model):
    """One outsourcing contract between a client (甲) and a contractor (乙)."""

    template = models.ForeignKey(ContractTemplate, on_delete=models.PROTECT, related_name="contracts",
                                 verbose_name=_("ひな形"))
    title = models.CharField(_("業務名"), max_length=200)
    client = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                               related_name="contracts_as_client", verbose_name=_("甲"))
    contractor = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                   related_name="contracts_as_contractor", verbose_name=_("乙"))
    parties = models.JSONField(_("締結時の当事者"), default=dict,
                               help_text=_("甲・乙の名称・所在地・代表者（締結時の記載。K-0）"))
    specification = StoredFileField(_("仕様書"), upload_to=specification_path, blank=True,
                                    sha256_field="specification_sha256")
    specification_sha256 = models.CharField(_("仕様書のSHA-256"), max_length=64, blank=True)
    signed_on = models.DateField(_("契約締結日"))
    ends_on = models.DateField(_("履行期限"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    amount = models.PositiveBigIntegerField(_("契約額（税込）"))
    deposit_amount = models.PositiveBigIntegerField(_("契約保証金"), null=True, blank=True)
    deposit_exempt = models.BooleanField(_("契約保証金免除"), default=False)
    deposit_exemption_basis = models.CharField(_("免除の根拠"), max_length=200, blank=True)
    premises_address = models.CharField(_("乙の営業所の所在地"), max_length=300, blank=True)
    late_payment_percent = models.DecimalField(
        _("遅延利息の率（契約で定めた率）"), max_digits=6, decimal_places=3, null=True, blank=True,
        help_text=_("空欄のときは契約締結日に適用される財務大臣の定める率（K-12）"))
    late_payment_rate_basis = models.CharField(_("率の根拠"), max_length=200, blank=True)
    state = FSMField(_("状態"), max_length=32, choices=ContractState.choices, default=ContractState.ACTIVE,
                     db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        indexes = [
            # A page of the contract list (the client's, or one contractor's), newest signing first, reads
            # its 50 rows from the index instead of sorting every contract.
            models.Index(fields=["client", "-signed_on", "-id"], name="contract_client_signed"),
            models.Index(fields=["contractor", "-signed_on", "-id"], name="contract_contractor_signed"),
        ]
        verbose_name = _("契約")
        verbose_name_plural = _("契約")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("contracts:detail", args=[self.pk])

    def get_state_display(self) -> str:
        """The state in words, as Django's ``get_state_display`` gives it, without building a dictionary of
        the choices on each call (the contract list shows it on every row)."""
        return str(ContractState(self.state).label) if self.state in _STATES else self.state

    @property
    def tax(self) -> int:
        return consumption_tax_part(self.amount)

    # The contract's states and moves, declared once. Only services call these methods, through
    # ``itaku.contracts.states.move``, which refuses a move that is not allowed with its clause.

    @transition(field=state, source=ContractState.DRAFT, target=ContractState.ACTIVE)
    def activate(self):
        """K-end: the contract is signed by both parties."""

    @transition(field=state, source=ContractState.ACTIVE, target=ContractState.COMPLETION_REPORTED)
    def report_completion(self):
        """K-11-1: the contractor reports that the work is finished."""

    @transition(field=state, source=ContractState.COMPLETION_REPORTED, target=ContractState.REWORK)
    def fail_inspection(self):
        """K-11-2: the inspection finds the work not as specified; rework by a set date."""

    @transition(field=state, source=ContractState.REWORK, target=ContractState.COMPLETION_REPORTED)
    def report_rework(self):
        """K-11-2: the contractor reports the rework done; a new inspection period runs."""

    @transition(field=state, source=ContractState.COMPLETION_REPORTED, target=ContractState.PASSED)
    def pass_inspection(self):
        """K-11-1: the designated inspector confirms the work."""

    @transition(field=state, source=ContractState.PASSED, target=ContractState.INVOICED)
    def receive_invoice(self):
        """K-12-1: a proper invoice is received after the passed inspection."""

    @transition(field=state, source=ContractState.INVOICED, target=ContractState.PAID)
    def record_payment(self):
        """K-12: the contract amount is paid in full."""

    @transition(field=state, source=ContractState.PAID, target=ContractState.CLOSED)
    def close(self):
        """The contract is closed out."""

    @transition(field=state, source=[ContractState.ACTIVE, ContractState.COMPLETION_REPORTED, ContractState.REWORK],
                target=ContractState.TERMINATED)
    def terminate(self):
        """K-14, K-16: the contract, whose work is not done, is terminated. A draft is not: unsigned, it is simply
        not activated (K-end). Work that passed inspection is paid (K-12), not terminated."""


_STATES = frozenset(ContractState.values)
