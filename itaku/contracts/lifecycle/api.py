"""Completion reports, inspections, invoices, payments, penalties and performed parts over the API
(K-11, K-12, K-13, K-17). Lists and details are scoped by the actor; creation runs the services."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from itaku.accounts.choices import Role
from itaku.api.schema import UsernameField
from itaku.core import serializers
from itaku.core.exceptions import PermissionRefused

from ..models.lifecycle import (
    CompletionReport,
    Deliverable,
    Inspection,
    InspectionResult,
    Invoice,
    LatePenalty,
    Payment,
    PenaltyBase,
    PerformedPart,
    Settlement,
)
from ..selectors import contract_get
from . import selectors as sel
from . import services as svc

# --- output ------------------------------------------------------------------------------------


class DeliverableSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Deliverable
        fields = ["id", "name", "size", "sha256", "url"]

    def get_url(self, obj) -> str:
        return reverse("contracts:deliverable", args=[obj.report.contract_id, obj.pk])


class InspectionSerializer(serializers.ModelSerializer):
    inspector = UsernameField()
    period_ends_on = serializers.DateField(read_only=True)
    days_late = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "contract", "report", "inspector", "inspected_on", "result", "findings", "rework_due_on",
                  "period_ends_on", "days_late", "created_at"]


class CompletionReportSerializer(serializers.ModelSerializer):
    reported_by = UsernameField()
    deliverables = DeliverableSerializer(many=True, read_only=True)
    inspection_due_on = serializers.DateField(read_only=True)
    inspection = serializers.SerializerMethodField()

    class Meta:
        model = CompletionReport
        fields = ["id", "contract", "kind", "rework_of", "reported_on", "summary", "partial", "part_description",
                  "inspection_due_on", "reported_by", "deliverables", "inspection", "created_at"]

    def get_inspection(self, obj) -> int | None:
        try:
            return obj.inspection.pk
        except Inspection.DoesNotExist:
            return None


class PaymentSerializer(serializers.ModelSerializer):
    recorded_by = UsernameField()

    class Meta:
        model = Payment
        fields = ["id", "contract", "invoice", "paid_on", "amount", "late_amount", "interest", "interest_working",
                  "recorded_by", "created_at"]


class InvoiceSerializer(serializers.ModelSerializer):
    recorded_by = UsernameField()
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = ["id", "contract", "amount", "received_on", "state", "return_reason", "due_on",
                  "inspection_days_late", "due_working", "payments", "recorded_by", "created_at"]


class PenaltySerializer(serializers.ModelSerializer):
    decided_by = UsernameField()
    settled_by = UsernameField(allow_null=True)

    class Meta:
        model = LatePenalty
        fields = ["id", "contract", "base_kind", "base_amount", "base_reason", "completed_on", "days",
                  "rate_percent", "rate_source", "result", "working", "decided_on", "decided_by", "settlement",
                  "settled_on", "settled_by", "created_at"]


class PerformedPartSerializer(serializers.ModelSerializer):
    recorded_by = UsernameField()
    inspections = serializers.SerializerMethodField()

    class Meta:
        model = PerformedPart
        fields = ["id", "contract", "amount", "basis", "inspections", "recorded_on", "recorded_by", "created_at"]

    def get_inspections(self, obj) -> list[int]:
        return [i.pk for i in obj.inspections.all()]


# --- input (shape only) ------------------------------------------------------------------------


class CompletionReportInput(serializers.Serializer):
    contract = serializers.IntegerField(required=False, help_text="the contract (a completion report)")
    rework_of = serializers.IntegerField(required=False, help_text="the failed inspection (a rework report)")
    reported_on = serializers.DateField()
    summary = serializers.CharField()
    partial = serializers.BooleanField(default=False)
    part_description = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate(self, attrs):
        if ("contract" in attrs) == ("rework_of" in attrs):
            raise serializers.ValidationError("give either contract or rework_of")
        return attrs


class InspectionInput(serializers.Serializer):
    report = serializers.IntegerField()
    inspected_on = serializers.DateField()
    result = serializers.ChoiceField(choices=InspectionResult.choices)
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    rework_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class InvoiceInput(serializers.Serializer):
    contract = serializers.IntegerField()
    received_on = serializers.DateField()
    amount = serializers.IntegerField(required=False)
    proper = serializers.BooleanField(default=True)
    return_reason = serializers.CharField(required=False, allow_blank=True, default="")


class PaymentInput(serializers.Serializer):
    invoice = serializers.IntegerField()
    paid_on = serializers.DateField()
    amount = serializers.IntegerField()


class PenaltyInput(serializers.Serializer):
    contract = serializers.IntegerField()
    decided_on = serializers.DateField()
    base_kind = serializers.ChoiceField(choices=PenaltyBase.choices, default=PenaltyBase.AMOUNT)
    base_amount = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SettleInput(serializers.Serializer):
    settlement = serializers.ChoiceField(choices=[Settlement.PAID, Settlement.SET_OFF])
    settled_on = serializers.DateField()


class PerformedPartInput(serializers.Serializer):
    contract = serializers.IntegerField()
    amount = serializers.IntegerField()
    basis = serializers.CharField()
    inspections = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    recorded_on = serializers.DateField()


# --- viewsets ----------------------------------------------------------------------------------


class ContractFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")


class _Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    filterset_class = ContractFilter
    lookup_value_regex = r"\d+"
    input_class = None
    selector = None

    def get_queryset(self):
        return type(self).selector(self.request.user)

    def get_object(self):
        return sel.get_or_404(self.get_queryset(), self.kwargs["pk"])

    def read_input(self):
        serializer = self.input_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def created(self, obj):
        obj = sel.get_or_404(self.get_queryset(), obj.pk)
        return Response(self.get_serializer(obj).data, status=201)


class CompletionReportViewSet(_Base):
    """K-11: completion reports (with their deliverables) and rework reports. POST multipart with
    ``files`` to attach deliverables; ``rework_of`` (a failed inspection) makes a rework report."""

    serializer_class = CompletionReportSerializer
    input_class = CompletionReportInput
    selector = staticmethod(sel.completion_reports_visible_to)
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=CompletionReportInput, responses=CompletionReportSerializer)
    def create(self, request, *args, **kwargs):
        d = self.read_input()
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
        if "rework_of" in d:
            inspection = sel.get_or_404(sel.inspections_visible_to(request.user), d["rework_of"])
            report = svc.rework_report(actor=request.user, inspection=inspection, reported_on=d["reported_on"],
                                       summary=d["summary"], files=files)
        else:
            contract = contract_get(request.user, d["contract"])
            report = svc.completion_report(actor=request.user, contract=contract, reported_on=d["reported_on"],
                                           summary=d["summary"], files=files, partial=d["partial"],
                                           part_description=d["part_description"])
        return self.created(report)


class InspectionViewSet(_Base):
    """K-11: inspections by the designated inspector: pass, or fail with findings and a rework date."""

    serializer_class = InspectionSerializer
    input_class = InspectionInput
    selector = staticmethod(sel.inspections_visible_to)

    @extend_schema(request=InspectionInput, responses=InspectionSerializer)
    def create(self, request, *args, **kwargs):
        d = self.read_input()
        report = sel.get_or_404(sel.completion_reports_visible_to(request.user), d["report"])
        inspection = svc.inspection_record(actor=request.user, report=report, inspected_on=d["inspected_on"],
                                           result=d["result"], findings=d["findings"],
                                           rework_due_on=d["rework_due_on"])
        return self.created(inspection)


class InvoiceViewSet(_Base):
    """K-12: invoices received (due date with the art. 9 shortening) or returned with the reason."""

    serializer_class = InvoiceSerializer
    input_class = InvoiceInput
    selector = staticmethod(sel.invoices_visible_to)

    @extend_schema(request=InvoiceInput, responses=InvoiceSerializer)
    def create(self, request, *args, **kwargs):
        d = self.read_input()
        contract = contract_get(request.user, d["contract"])
        invoice = svc.invoice_register(actor=request.user, contract=contract, received_on=d["received_on"],
                                       amount=d.get("amount"), proper=d["proper"], return_reason=d["return_reason"])
        return self.created(invoice)


class PaymentViewSet(_Base):
    """K-12: payments, with the late-payment interest and its working."""

    serializer_class = PaymentSerializer
    input_class = PaymentInput
    selector = staticmethod(sel.payments_visible_to)

    @extend_schema(request=PaymentInput, responses=PaymentSerializer)
    def create(self, request, *args, **kwargs):
        d = self.read_input()
        invoice = sel.get_or_404(sel.invoices_visible_to(request.user), d["invoice"])
        payment = svc.payment_record(actor=request.user, invoice=invoice, paid_on=d["paid_on"], amount=d["amount"])
        return self.created(payment)


class PenaltyViewSet(_Base):
    """K-13: the late-completion penalty, with its working, and how it was settled."""

    serializer_class = PenaltySerializer
    input_class = PenaltyInput
    selector = staticmethod(sel.penalties_visible_to)

    @extend_schema(request=PenaltyInput, responses=PenaltySerializer)
    def create(self, request, *args, **kwargs):
        d = self.read_input()
        contract = contract_get(request.user, d["contract"])
        penalty = svc.penalty_assess(actor=request.user, contract=contract, decided_on=d["decided_on"],
                                     base_kind=d["base_kind"], base_amount=d["base_amount"], reason=d["reason"])
        return self.created(penalty)

    @extend_schema(request=SettleInput, responses={201: PenaltySerializer})
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        """Record how the penalty was settled: ``paid`` or ``set_off`` against the payment."""
        penalty = self.get_object()
        if not sel.actor_roles(request.user, penalty.contract) & {Role.OFFICER, Role.ACCOUNTANT}:
            raise PermissionRefused(_("延滞違約金の精算を記録できるのはこの契約の契約担当者又は会計担当者です。"))
        serializer = SettleInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        penalty = svc.penalty_settle(actor=request.user, penalty=penalty, **serializer.validated_data)
        return self.created(penalty)


class PerformedPartViewSet(_Base):
    """K-17: the amount agreed for the inspected, completed parts of a terminated contract."""

    serializer_class = PerformedPartSerializer
    input_class = PerformedPartInput
    selector = staticmethod(sel.performed_parts_visible_to)

    @extend_schema(request=PerformedPartInput, responses=PerformedPartSerializer)
    def create(self, request, *args, **kwargs):
        d = self.read_input()
        contract = contract_get(request.user, d["contract"])
        part = svc.performed_part_record(actor=request.user, contract=contract, amount=d["amount"], basis=d["basis"],
                                         inspections=d["inspections"], recorded_on=d["recorded_on"])
        return self.created(part)


ROUTES = [
    ("completion-reports", CompletionReportViewSet, "completion-report"),
    ("inspections", InspectionViewSet, "inspection"),
    ("invoices", InvoiceViewSet, "invoice"),
    ("payments", PaymentViewSet, "payment"),
    ("penalties", PenaltyViewSet, "penalty"),
    ("performed-parts", PerformedPartViewSet, "performed-part"),
]
