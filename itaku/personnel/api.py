"""The personnel app over the API (/api/v1/personnel-…/): the versions of the responsibility reports (P-3,
P-9-4) with their entries, submission and decision, form F-P; the briefings (P-4), pledges (K-7, P-2),
dispatch confirmations (P-6-2), training (P-4-2) and who may handle the personal information (P-6-1).
The same services and selectors as the pages; lists are scoped to the contracts the user sees."""

from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.accounts.models import Organisation, User
from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get, contracts_visible_to
from itaku.core import serializers
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.documents.http import document_attachment
from itaku.documents.services import document_generate

from . import services
from .api_records import BriefingViewSet, DispatchViewSet, PeopleViewSet, PledgeViewSet, TrainingViewSet
from .choices import Employment, EntryRole, VersionState
from .models import ReportEntry, ReportVersion
from .selectors import ENTRIES


class ReportEntrySerializer(serializers.ModelSerializer):
    user = UsernameField()

    class Meta:
        model = ReportEntry
        fields = ["id", "user", "role", "affiliation", "name", "contact", "employment"]


class ReportVersionSerializer(serializers.ModelSerializer):
    contract = serializers.IntegerField(source="report.contract_id", read_only=True)
    organisation = serializers.SerializerMethodField()
    subcontractor = serializers.IntegerField(source="report.subcontractor_id", read_only=True, allow_null=True)
    entries = ReportEntrySerializer(many=True, read_only=True)
    created_by = UsernameField()
    submitted_by = UsernameField(allow_null=True)
    decided_by = UsernameField(allow_null=True)

    class Meta:
        model = ReportVersion
        fields = ["id", "contract", "organisation", "subcontractor", "number", "state", "section_name", "entries",
                  "created_at", "created_by", "submitted_on", "submitted_at", "submitted_by", "decided_on",
                  "decided_at", "decided_by", "comment", "content_sha256"]

    def get_organisation(self, obj) -> dict:
        return {"id": obj.report.organisation_id, "name": obj.report.organisation.name}


class ReportDraftSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    organisation = serializers.IntegerField(required=False, help_text=(
        "An attached subcontractor's organisation (P-9-4); the contractor when left out."))


class ReportEntryInputSerializer(serializers.Serializer):
    user = serializers.CharField(max_length=150, help_text="the login name of a user of the reporting organisation")
    role = serializers.ChoiceField(choices=EntryRole.choices)
    affiliation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    employment = serializers.ChoiceField(choices=Employment.choices, default=Employment.EMPLOYEE)


class ReportEntryRemoveSerializer(serializers.Serializer):
    entry = serializers.IntegerField()


class ReportSubmitSerializer(serializers.Serializer):
    submitted_on = serializers.DateField(required=False, help_text="the report's date (ISO 8601); today if left out")
    section_name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ReportDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "return"])
    decided_on = serializers.DateField(required=False)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class VersionFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="report__contract_id")
    state = filters.ChoiceFilter(choices=VersionState.choices)

    class Meta:
        model = ReportVersion
        fields = ["contract", "state"]


def _user(username: str, field: str = "user") -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ClauseViolation(_("利用者が見つかりません。"), code="user_unknown", field=field)
    return user


class VersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):
    """Versions of the responsibility reports (F-P). POST opens the draft of a new version (the
    representative); the actions name people, submit, and decide (the officer)."""

    filterset_class = VersionFilter
    serializer_class = ReportVersionSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (ReportVersion.objects.filter(report__contract__in=contracts_visible_to(self.request.user))
                .select_related("report__organisation", "created_by", "submitted_by", "decided_by")
                .prefetch_related(ENTRIES).order_by("report__contract_id", "report_id", "-number"))

    def get_object(self):
        version = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if version is None:
            raise Http404
        return version

    def _editable(self):
        """The version, once it is settled that the user is the representative (before the input is read)."""
        version = self.get_object()
        if "representative" not in services.roles_of(self.request.user, version.report.contract):
            raise PermissionRefused(_("責任体制報告書を編集できるのはこの契約の乙の代表者です。"), clause="P-3")
        return version

    def _detail(self, version, status=200):
        return Response(ReportVersionSerializer(self.get_queryset().get(pk=version.pk)).data, status=status)

    @extend_schema(request=ReportDraftSerializer, responses={201: ReportVersionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ReportDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contract = contract_get(request.user, serializer.validated_data["contract"])
        organisation = None
        if serializer.validated_data.get("organisation"):
            organisation = Organisation.objects.filter(pk=serializer.validated_data["organisation"]).first()
            if organisation is None:
                raise ClauseViolation(_("組織が見つかりません。"), code="organisation_unknown", field="organisation")
        version = services.report_draft(actor=request.user, contract=contract, organisation=organisation)
        return self._detail(version, status=201)

    @extend_schema(request=ReportEntryInputSerializer, responses={201: ReportVersionSerializer})
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        """Name a person in the draft (the representative)."""
        version = self._editable()
        serializer = ReportEntryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = _user(data["user"])
        services.entry_save(actor=request.user, version=version, user=user, role=data["role"],
                            affiliation=data["affiliation"] or user.job_title,
                            name=data["name"] or user.display_name or user.get_username(),
                            contact=data["contact"], employment=data["employment"])
        return self._detail(version, status=201)

    @extend_schema(request=ReportEntryRemoveSerializer, responses=ReportVersionSerializer)
    @action(detail=True, methods=["post"], url_path="remove-entry")
    def remove_entry(self, request, pk=None):
        version = self._editable()
        serializer = ReportEntryRemoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = version.entries.filter(pk=serializer.validated_data["entry"]).first()
        if entry is None:
            raise Http404
        services.entry_remove(actor=request.user, entry=entry)
        return self._detail(version)

    @extend_schema(request=ReportSubmitSerializer, responses=ReportVersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        version = self._editable()
        serializer = ReportSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.report_submit(actor=request.user, version=version, on=data.get("submitted_on"),
                               section_name=data.get("section_name"))
        return self._detail(version)

    @extend_schema(request=ReportDecisionSerializer, responses=ReportVersionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        version = self.get_object()
        if "officer" not in services.roles_of(request.user, version.report.contract):
            raise PermissionRefused(_("責任体制報告書を受理・差し戻しできるのはこの契約の甲の契約担当です。"),
                                    clause="P-3")
        serializer = ReportDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.report_decide(actor=request.user, version=version, accept=data["decision"] == "accept",
                               comment=data["comment"], on=data.get("decided_on"))
        return self._detail(version)

    @extend_schema(request=None, parameters=[OpenApiParameter("fmt", str, "path", enum=["pdf", "xlsx"])],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY})
    @action(detail=True, methods=["post"], url_path=r"document/(?P<fmt>pdf|xlsx)")
    def document(self, request, pk=None, fmt="pdf"):
        """Form F-P of this version (stored with its SHA-256 and journaled)."""
        version = self.get_object()
        return document_attachment(document_generate(actor=request.user, contract=version.report.contract,
                                                     kind="F-P", fmt=fmt, source=version))



ROUTES = [
    ("personnel-versions", VersionViewSet, "personnel-version"),
    ("personnel-briefings", BriefingViewSet, "personnel-briefing"),
    ("personnel-pledges", PledgeViewSet, "personnel-pledge"),
    ("personnel-dispatch-confirmations", DispatchViewSet, "personnel-dispatch"),
    ("personnel-training", TrainingViewSet, "personnel-training"),
    ("personnel-people", PeopleViewSet, "personnel-people"),
]
