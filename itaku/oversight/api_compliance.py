"""Compliance reports (P-10-1) and the privacy declaration (P-14) over the API, through the same services as
the pages (:mod:`.compliance`)."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get, contracts_visible_to
from itaku.core import serializers
from itaku.core.exceptions import PermissionRefused

from .choices import ComplianceInterval
from .compliance import (
    compliance_report_review,
    compliance_report_submit,
    compliance_schedule_set,
    may_declare,
    may_submit,
    privacy_declaration_record,
)
from .compliance_draft import draft_facts, draft_text
from .models import ComplianceReport, ComplianceSchedule, PrivacyDeclaration
from .services import may_issue


class ComplianceReportSerializer(serializers.ModelSerializer):
    submitted_by = UsernameField(allow_null=True)
    reviewed_by = UsernameField(allow_null=True)

    class Meta:
        model = ComplianceReport
        fields = ["id", "contract", "period_start", "period_end", "due_on", "state", "body", "facts",
                  "submitted_by", "submitted_on", "reviewed_by", "reviewed_on", "review_note"]


class SubmitSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000)
    submitted_on = serializers.DateField(required=False, help_text="ISO 8601; today when left out")


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["acknowledge", "return"])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    due_on = serializers.DateField(required=False, help_text="the new due date of a returned report (ISO 8601)")


class ScheduleSerializer(serializers.ModelSerializer):
    interval = serializers.ChoiceField(choices=ComplianceInterval.choices, default=ComplianceInterval.MONTHLY)
    due_days = serializers.IntegerField(min_value=1, max_value=60, default=10)

    class Meta:
        model = ComplianceSchedule
        fields = ["contract", "interval", "due_days"]
        extra_kwargs = {"contract": {"read_only": True}}


class DraftSerializer(serializers.Serializer):
    facts = serializers.DictField()
    text = serializers.CharField()


class ReportFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")
    state = filters.CharFilter(field_name="state")


class ComplianceReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ComplianceReportSerializer
    filterset_class = ReportFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (ComplianceReport.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("submitted_by", "reviewed_by").order_by("contract_id", "period_start", "id"))

    @extend_schema(request=None, responses=DraftSerializer)
    @action(detail=True, methods=["get"])
    def draft(self, request, pk=None):
        """What Itaku knows for the report's period, as facts and as the draft text."""
        report = self.get_object()
        facts = draft_facts(report)
        return Response({"facts": facts, "text": draft_text(facts)})

    @extend_schema(request=SubmitSerializer, responses=ComplianceReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the report: the contract's privacy officer, once its period has ended."""
        report = self.get_object()
        if not may_submit(request.user, report.contract):
            raise PermissionRefused(_("遵守状況報告を提出するのはこの契約の個人情報保護責任者です。"), clause="P-10")
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = compliance_report_submit(actor=request.user, report=report, body=data["body"],
                                          on=data.get("submitted_on"))
        return Response(ComplianceReportSerializer(report).data)

    @extend_schema(request=ReviewSerializer, responses=ComplianceReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Acknowledge or return a submitted report: the contract's officer."""
        report = self.get_object()
        if not may_issue(request.user, report.contract):
            raise PermissionRefused(_("報告を確認するのはこの契約の契約担当者です。"), clause="P-10")
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = compliance_report_review(actor=request.user, report=report,
                                          acknowledge=data["decision"] == "acknowledge", note=data["note"],
                                          due_on=data.get("due_on"))
        return Response(ComplianceReportSerializer(report).data)


class ComplianceScheduleViewSet(viewsets.GenericViewSet):
    """The schedule of a contract's compliance reports: set (or set again) by its officer."""

    serializer_class = ScheduleSerializer
    lookup_field = "contract"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return ComplianceSchedule.objects.filter(contract__in=contracts_visible_to(self.request.user))

    @extend_schema(request=None, responses=ScheduleSerializer)
    def retrieve(self, request, contract=None):
        return Response(ScheduleSerializer(self.get_object()).data)

    @extend_schema(request=ScheduleSerializer, responses=ScheduleSerializer)
    def update(self, request, contract=None):
        contract_obj = contract_get(request.user, contract)
        if not may_issue(request.user, contract_obj):
            raise PermissionRefused(_("報告の予定を定めるのはこの契約の契約担当者です。"), clause="P-10")
        serializer = ScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        schedule = compliance_schedule_set(actor=request.user, contract=contract_obj, **serializer.validated_data)
        return Response(ScheduleSerializer(schedule).data)


class DeclarationSerializer(serializers.ModelSerializer):
    recorded_by = UsernameField(read_only=True)
    contract = serializers.IntegerField(write_only=True)

    class Meta:
        model = PrivacyDeclaration
        fields = ["id", "organisation", "contract", "where", "published_on", "recorded_by", "recorded_at"]
        read_only_fields = ["organisation", "recorded_at"]


class DeclarationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The contractors' privacy declarations (P-14) of the organisations whose contracts one sees."""

    serializer_class = DeclarationSerializer

    def get_queryset(self):
        visible = contracts_visible_to(self.request.user).values("contractor_id")
        return (PrivacyDeclaration.objects.filter(organisation_id__in=visible).select_related("recorded_by")
                .order_by("-published_on", "-id"))

    @extend_schema(request=DeclarationSerializer, responses={201: DeclarationSerializer})
    def create(self, request):
        serializer = DeclarationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contract = contract_get(request.user, data["contract"])
        if not may_declare(request.user, contract):
            raise PermissionRefused(_("個人情報保護方針の公表を記録するのは乙の代表者又は個人情報保護責任者です。"),
                                    clause="P-14")
        declaration = privacy_declaration_record(actor=request.user, contract=contract, where=data["where"],
                                                 published_on=data["published_on"])
        return Response(DeclarationSerializer(declaration).data, status=201)


ROUTES = [("compliance-reports", ComplianceReportViewSet, "compliance-report"),
          ("compliance-schedules", ComplianceScheduleViewSet, "compliance-schedule"),
          ("privacy-declarations", DeclarationViewSet, "privacy-declaration")]
