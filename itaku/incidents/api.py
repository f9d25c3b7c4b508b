"""Incidents (P-12, S-13) and breaches (P-13, S-14) over the API: the same services and selectors as the
pages. Who may act is settled before the input is read (403); a refusal by a clause answers 400 with it."""

from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.fields import empty
from rest_framework.response import Response

from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get
from itaku.core import serializers
from itaku.core.exceptions import PermissionRefused
from itaku.oversight.choices import ADDRESSED_ROLE_CHOICES

from . import selectors, services
from .choices import BreachBasis, BreachFoundIn, Nature, Remedy, ReviewDecision, Scope
from .models import Breach, DetailedReport, Incident, Measure
from .views import ACTS, _may, _refused_by_state


class AnswerField(serializers.BooleanField):
    """A yes/no answer that must be given: missing in a form post is not 「いいえ」."""

    default_empty_html = empty


class IncidentMeasureSerializer(serializers.ModelSerializer):
    recorded_by = UsernameField()

    class Meta:
        model = Measure
        fields = ["id", "taken_at", "description", "recorded_by", "recorded_at"]


class IncidentReportSerializer(serializers.ModelSerializer):
    submitted_by = UsernameField()
    reviewed_by = UsernameField(allow_null=True)

    class Meta:
        model = DetailedReport
        fields = ["id", "version", "items", "content", "record_count", "people_count", "place", "circumstances",
                  "datasets", "assets", "other_assets", "cause", "prevention", "due_on", "submitted_by", "submitted_at",
                  "state", "review_note", "reviewed_by", "reviewed_at", "resubmit_due_on"]


class IncidentSerializer(serializers.ModelSerializer):
    opened_by = UsernameField()
    reported_by = UsernameField(allow_null=True)
    clause = serializers.CharField(source="clause_id", read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "contract", "clause", "scope", "nature", "suspected", "title", "summary", "discovered_at",
                  "opened_by", "opened_at", "first_report", "reported_at", "reported_by", "detail_due_on",
                  "publication", "publication_text", "published_on", "publication_decided_at", "ppc_learned_at",
                  "ppc_sensitive", "ppc_financial_harm", "ppc_wrongful_purpose", "ppc_over_threshold",
                  "ppc_reportable", "ppc_assessed_at", "ppc_preliminary_due_on", "ppc_final_due_on",
                  "ppc_preliminary_on", "ppc_final_on", "state", "closed_at", "closing_note"]


class IncidentDetailSerializer(IncidentSerializer):
    measures = IncidentMeasureSerializer(many=True, read_only=True)
    reports = IncidentReportSerializer(many=True, read_only=True)
    instructions = serializers.SerializerMethodField()

    class Meta(IncidentSerializer.Meta):
        fields = [*IncidentSerializer.Meta.fields, "measures", "reports", "instructions"]

    def get_instructions(self, incident) -> list[int]:
        return [link.request_id for link in incident.instructions.all()]


class IncidentOpenSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    scope = serializers.ChoiceField(choices=Scope.choices)
    nature = serializers.ChoiceField(choices=Nature.choices)
    suspected = serializers.BooleanField(required=False, default=False)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=10000)
    discovered_at = serializers.DateTimeField()


class IncidentFirstReportSerializer(serializers.Serializer):
    first_report = serializers.CharField(max_length=10000)
    reported_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class IncidentMeasureInSerializer(serializers.Serializer):
    taken_at = serializers.DateTimeField()
    description = serializers.CharField(max_length=10000)


class IncidentReportInSerializer(serializers.Serializer):
    items = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    content = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    record_count = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    people_count = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    place = serializers.CharField(max_length=10000)
    circumstances = serializers.CharField(max_length=10000)
    datasets = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    assets = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    other_assets = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    cause = serializers.CharField(max_length=10000)
    prevention = serializers.CharField(max_length=10000)


class IncidentReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    resubmit_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class IncidentDueSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class IncidentInstructionSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=10000)
    due_on = serializers.DateField()
    addressed_role = serializers.ChoiceField(choices=ADDRESSED_ROLE_CHOICES, required=False, default=None)


class IncidentPublicationSerializer(serializers.Serializer):
    publish = AnswerField()
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    published_on = serializers.DateField(required=False, allow_null=True, default=None)


class IncidentPpcSerializer(serializers.Serializer):
    sensitive = AnswerField()
    financial_harm = AnswerField()
    wrongful_purpose = AnswerField()
    over_threshold = AnswerField()
    learned_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    preliminary_days = serializers.IntegerField(required=False, default=3, min_value=1, max_value=30)


class IncidentPpcReportSerializer(serializers.Serializer):
    which = serializers.ChoiceField(choices=[("preliminary", "preliminary"), ("final", "final")])
    reported_on = serializers.DateField()


class IncidentCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class IncidentDocumentSerializer(serializers.Serializer):
    fmt = serializers.ChoiceField(choices=[("pdf", "pdf"), ("docx", "docx")])


class IncidentStepSerializer(serializers.Serializer):
    at = serializers.CharField()
    label = serializers.CharField()
    clause = serializers.CharField()
    who = serializers.CharField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class IncidentFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")
    state = filters.CharFilter(field_name="state")

    class Meta:
        model = Incident
        fields = ["contract", "state"]


def _call(act, user, incident, data):
    """Run the page's act with the API's validated data (the same service)."""
    from itaku.privacy.models import Dataset
    from itaku.security.models import InformationAsset

    if act == "report":
        # Datasets are looked up by id; the service refuses any outside the contract's register (P-12).
        # Assets likewise: the service refuses any outside the contract's asset register (P-12, S-13).
        data = {**data, "datasets": list(Dataset.objects.filter(pk__in=data.get("datasets") or [])),
                "assets": list(InformationAsset.objects.filter(pk__in=data.get("assets") or []))}
    ACTS[act][1](user, incident, data)


ACT_SERIALIZERS = {
    "first_report": IncidentFirstReportSerializer, "measure": IncidentMeasureInSerializer,
    "report": IncidentReportInSerializer, "review": IncidentReviewSerializer, "due": IncidentDueSerializer,
    "instruct": IncidentInstructionSerializer, "publication": IncidentPublicationSerializer,
    "ppc": IncidentPpcSerializer, "ppc_report": IncidentPpcReportSerializer, "close": IncidentCloseSerializer,
}


class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = IncidentFilter
    lookup_value_regex = r"\d+"
    serializer_class = IncidentSerializer

    def get_queryset(self):
        return (selectors.incidents_visible_to(self.request.user).select_related("opened_by", "reported_by")
                .order_by("-discovered_at", "-id"))

    def get_object(self):
        incident = self.get_queryset().filter(pk=self.kwargs["pk"]).select_related("contract").first()
        if incident is None:
            raise Http404
        return selectors.incident_get(self.request.user, incident.pk, contract=incident.contract)

    def retrieve(self, request, *args, **kwargs):
        return Response(IncidentDetailSerializer(self.get_object()).data)

    def _detail(self, incident, status=200):
        return Response(IncidentDetailSerializer(
            selectors.incident_get(self.request.user, incident.pk, contract=incident.contract)).data, status=status)

    @extend_schema(request=IncidentOpenSerializer, responses={201: IncidentDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Open an incident or its suspicion (any named person of the contractor, P-12, S-13): both sides'
        responsible people are told; the first report is due the same day."""
        serializer = IncidentOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        return self._detail(services.incident_open(actor=request.user, contract=contract, **data), status=201)

    def _act(self, request, act):
        incident = self.get_object()
        if not _may(request.user, incident)[act] and not _refused_by_state(request.user, incident, act):
            raise PermissionRefused(str(_("この操作はできません。")), clause=incident.clause_id)
        serializer = ACT_SERIALIZERS[act](data=request.data)
        serializer.is_valid(raise_exception=True)
        _call(act, request.user, incident, dict(serializer.validated_data))
        return self._detail(incident)

    @extend_schema(request=IncidentFirstReportSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="first-report")
    def first_report(self, request, pk=None):
        """The first report to the client, the day of discovery (P-12, S-13 「直ちに」)."""
        return self._act(request, "first_report")

    @extend_schema(request=IncidentMeasureInSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"])
    def measures(self, request, pk=None):
        """An emergency measure with its time."""
        return self._act(request, "measure")

    @extend_schema(request=IncidentReportInSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """The detailed report and the plan (P-12), or its resubmission."""
        return self._act(request, "report")

    @extend_schema(request=IncidentReviewSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The officer accepts the submitted report or returns it with a new due date."""
        return self._act(request, "review")

    @extend_schema(request=IncidentDueSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"])
    def due(self, request, pk=None):
        """The officer sets the detailed report's due date."""
        return self._act(request, "due")

    @extend_schema(request=IncidentInstructionSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"])
    def instruct(self, request, pk=None):
        """The officer's instruction (an oversight request under P-12 or S-13; answered through
        ``/oversight-requests/``)."""
        return self._act(request, "instruct")

    @extend_schema(request=IncidentPublicationSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"])
    def publication(self, request, pk=None):
        """The decision on publishing a summary naming the contractor (P-12-2, S-13-2)."""
        return self._act(request, "publication")

    @extend_schema(request=IncidentPpcSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"])
    def ppc(self, request, pk=None):
        """The four questions of the report to the Commission; where reportable, the 速報 and 確報 deadlines."""
        return self._act(request, "ppc")

    @extend_schema(request=IncidentPpcReportSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="ppc-report")
    def ppc_report(self, request, pk=None):
        """The day of the 速報 or the 確報."""
        return self._act(request, "ppc_report")

    @extend_schema(request=IncidentCloseSerializer, responses=IncidentDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The officer closes the incident once every step is done."""
        return self._act(request, "close")

    @extend_schema(request=None, responses=IncidentStepSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole timeline: a list, not a page
    def timeline(self, request, pk=None):
        """Every step in order of time, each deadline met, late, overdue or waiting."""
        steps = selectors.timeline(self.get_object())
        return Response([{"at": s.at.isoformat(), "label": s.label, "clause": s.clause,
                          "who": s.who.get_username() if s.who else None, "due_on": s.due_on,
                          "status": s.status} for s in steps])

    @extend_schema(request=IncidentDocumentSerializer, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["post"])
    def document(self, request, pk=None):
        """Generate the incident report (PDF or DOCX; stored and journaled)."""
        from itaku.documents.http import document_attachment
        from itaku.documents.services import document_generate

        incident = self.get_object()
        serializer = IncidentDocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return document_attachment(document_generate(actor=request.user, contract=incident.contract,
                                                     kind="incident_report", fmt=serializer.validated_data["fmt"],
                                                     source=incident))


class BreachSerializer(serializers.ModelSerializer):
    recorded_by = UsernameField()

    class Meta:
        model = Breach
        fields = ["id", "contract", "basis", "clause_broken", "found_in", "incident", "investigation", "found_on",
                  "description", "remedy", "amount", "recorded_by", "recorded_at"]


class BreachCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    basis = serializers.ChoiceField(choices=BreachBasis.choices)
    clause_broken = serializers.CharField(max_length=32)
    found_in = serializers.ChoiceField(choices=BreachFoundIn.choices)
    incident = serializers.IntegerField(required=False, allow_null=True, default=None)
    investigation = serializers.IntegerField(required=False, allow_null=True, default=None)
    found_on = serializers.DateField()
    description = serializers.CharField(max_length=10000)
    remedy = serializers.ChoiceField(choices=Remedy.choices)
    amount = serializers.IntegerField(required=False, allow_null=True, default=None)


class BreachFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")

    class Meta:
        model = Breach
        fields = ["contract"]


class BreachViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    filterset_class = BreachFilter
    serializer_class = BreachSerializer

    def get_queryset(self):
        from itaku.contracts.selectors import contracts_visible_to

        return (Breach.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("recorded_by").order_by("-found_on", "-id"))

    @extend_schema(request=BreachCreateSerializer, responses={201: BreachSerializer})
    def create(self, request, *args, **kwargs):
        """The client's officer records a breach of an annex and the remedy (P-13, S-14)."""
        from itaku.oversight.models import OversightRequest

        serializer = BreachCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        if not services.is_officer(request.user, contract):
            raise PermissionRefused(str(_("違反を記録できるのは、この契約の契約担当者です。")), clause=data["basis"])
        data["incident"] = Incident.objects.filter(contract=contract, pk=data["incident"]).first() \
            if data["incident"] else None
        data["investigation"] = OversightRequest.objects.filter(contract=contract, pk=data["investigation"]).first() \
            if data["investigation"] else None
        breach = services.breach_record(actor=request.user, contract=contract, **data)
        return Response(BreachSerializer(breach).data, status=201)


ROUTES = [("incidents", IncidentViewSet, "incident"), ("incident-breaches", BreachViewSet, "breach")]
