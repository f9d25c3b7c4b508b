"""Termination and its effects over the API: terminations (K-14, K-16), force-majeure requests with their
investigation and decision (K-16), and damages (K-15). Reads go through the selectors, writes through the
services."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from itaku.accounts.choices import Role
from itaku.core import serializers
from itaku.core.exceptions import PermissionRefused

from ..models import BorneBy, DamageEvent, ForceMajeureRequest, ForceMajeureState, PenaltySettlement, Termination
from ..selectors import contracts_visible_to
from . import selectors, services


def _username(user) -> str | None:
    return user.username if user else None


def _require(actor, contract, roles, message, clause):
    """Decide who may act before the input is read, so that the input reveals nothing to others."""
    if not selectors.roles_on(actor, contract) & set(roles):
        raise PermissionRefused(message, clause=clause)


@extend_schema_field(OpenApiTypes.INT)
class VisibleContractField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return contracts_visible_to(self.context["request"].user)


class TerminationSerializer(serializers.ModelSerializer):
    decided_by = serializers.SerializerMethodField()
    settled_by = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Termination
        fields = ["id", "contract", "basis", "terminated_on", "grounds", "facts", "penalty_amount", "penalty_working",
                  "penalty_due_on", "settlement", "settled_on", "settlement_note", "settled_by", "decided_by",
                  "force_majeure", "evidence", "created_at"]

    def get_decided_by(self, obj) -> str | None:
        return _username(obj.decided_by)

    def get_settled_by(self, obj) -> str | None:
        return _username(obj.settled_by)

    def get_evidence(self, obj) -> list[dict]:
        return [{"id": e.pk, "filename": e.filename,
                 "url": reverse("contracts:termination-evidence", args=[obj.contract_id, e.pk])}
                for e in obj.evidence.all()]


class TerminationCreateSerializer(serializers.Serializer):
    """Input of a termination (K-14): shape only. The clauses are checked by the service."""

    contract = VisibleContractField()
    grounds = serializers.ListField(child=serializers.CharField(max_length=32), allow_empty=True)
    facts = serializers.CharField(allow_blank=True)
    terminated_on = serializers.DateField(required=False)
    penalty_due_on = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class SettleSerializer(serializers.Serializer):
    settlement = serializers.ChoiceField(choices=[PenaltySettlement.PAID, PenaltySettlement.SET_OFF])
    settled_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ContractFilter(filters.FilterSet):
    # A contract one cannot see filters to an empty list, as on every other endpoint (the lists are scoped).
    contract = filters.NumberFilter(field_name="contract_id")


class TerminationFilter(ContractFilter):
    class Meta:
        model = Termination
        fields = ["contract", "basis", "settlement"]


class TerminationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """Terminations of the contracts one sees. POST terminates a contract (the client's officer, K-14)."""

    filterset_class = TerminationFilter
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = TerminationSerializer

    def get_queryset(self):
        return selectors.termination_list(self.request.user)

    def get_object(self):
        return selectors.termination_get(self.request.user, self.kwargs["pk"])

    @extend_schema(request=TerminationCreateSerializer, responses=TerminationSerializer)
    def create(self, request, *args, **kwargs):
        serializer = TerminationCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        termination = services.contract_terminate(
            actor=request.user, contract=data["contract"], grounds=data["grounds"], facts=data["facts"],
            terminated_on=data.get("terminated_on"), penalty_due_on=data.get("penalty_due_on"),
            evidence=data.get("evidence") or [])
        termination = selectors.termination_get(request.user, termination.pk)
        return Response(TerminationSerializer(termination).data, status=201)

    @extend_schema(request=SettleSerializer, responses=TerminationSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        """Record that the K-14-2 penalty was paid or set off (officer or accountant)."""
        termination = self.get_object()
        _require(request.user, termination.contract, {Role.OFFICER, Role.ACCOUNTANT},
                 _("違約金の精算を記録できるのはこの契約の契約担当者又は会計担当者です。"), "K-14-2")
        serializer = SettleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.termination_penalty_settle(actor=request.user, termination=termination,
                                            settlement=data["settlement"], settled_on=data.get("settled_on"),
                                            note=data.get("note", ""))
        return Response(TerminationSerializer(self.get_object()).data)


class ForceMajeureSerializer(serializers.ModelSerializer):
    submitted_by = serializers.SerializerMethodField()
    investigated_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    class Meta:
        model = ForceMajeureRequest
        fields = ["id", "contract", "event_on", "description", "documents", "submitted_by", "submitted_on", "state",
                  "findings", "investigated_by", "investigated_on", "decision_due_on", "decision_reasons",
                  "decided_by", "decided_on", "created_at"]

    def get_submitted_by(self, obj) -> str | None:
        return _username(obj.submitted_by)

    def get_investigated_by(self, obj) -> str | None:
        return _username(obj.investigated_by)

    def get_decided_by(self, obj) -> str | None:
        return _username(obj.decided_by)

    def get_documents(self, obj) -> list[dict]:
        return [{"id": d.pk, "filename": d.filename,
                 "url": reverse("contracts:force-majeure-document", args=[obj.contract_id, d.pk])}
                for d in obj.documents.all()]


class ForceMajeureCreateSerializer(serializers.Serializer):
    contract = VisibleContractField()
    event_on = serializers.DateField()
    description = serializers.CharField(allow_blank=True)
    documents = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class InvestigateSerializer(serializers.Serializer):
    findings = serializers.CharField(allow_blank=True)
    decision_due_on = serializers.DateField()


class RequiredBooleanField(serializers.BooleanField):
    """A form post without the field is missing input, not ``false`` (DRF's default for HTML forms)."""

    default_empty_html = serializers.empty


class DecideSerializer(serializers.Serializer):
    approve = RequiredBooleanField()
    reasons = serializers.CharField(required=False, allow_blank=True, default="")


class ForceMajeureFilter(ContractFilter):
    state = filters.ChoiceFilter(choices=ForceMajeureState.choices)

    class Meta:
        model = ForceMajeureRequest
        fields = ["contract", "state"]


class ForceMajeureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    """The contractor's requests to terminate after force majeure (K-16). POST submits one (the contractor's
    representative); ``investigate`` and ``decide`` are the officer's (K-16-2)."""

    filterset_class = ForceMajeureFilter
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = ForceMajeureSerializer

    def get_queryset(self):
        return selectors.force_majeure_list(self.request.user)

    def get_object(self):
        return selectors.force_majeure_get(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ForceMajeureCreateSerializer, responses=ForceMajeureSerializer)
    def create(self, request, *args, **kwargs):
        serializer = ForceMajeureCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fm = services.force_majeure_request_submit(
            actor=request.user, contract=data["contract"], event_on=data["event_on"],
            description=data["description"], documents=data.get("documents") or [])
        return Response(ForceMajeureSerializer(selectors.force_majeure_get(request.user, fm.pk)).data, status=201)

    @extend_schema(request=InvestigateSerializer, responses=ForceMajeureSerializer)
    @action(detail=True, methods=["post"])
    def investigate(self, request, pk=None):
        """Start the investigation (K-16-2): findings, and the date by which to decide."""
        fm = self.get_object()
        _require(request.user, fm.contract, {Role.OFFICER}, _("解除請求を調査できるのはこの契約の契約担当者です。"),
                 "K-16-2")
        serializer = InvestigateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.force_majeure_investigate(actor=request.user, request=fm, **serializer.validated_data)
        return Response(ForceMajeureSerializer(self.get_object()).data)

    @extend_schema(request=DecideSerializer, responses=ForceMajeureSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve (the contract is terminated, no penalty) or refuse with reasons (K-16-2)."""
        fm = self.get_object()
        _require(request.user, fm.contract, {Role.OFFICER}, _("解除請求を決定できるのはこの契約の契約担当者です。"),
                 "K-16-2")
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.force_majeure_decide(actor=request.user, request=fm, **serializer.validated_data)
        return Response(ForceMajeureSerializer(self.get_object()).data)


class DamageEventSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = DamageEvent
        fields = ["id", "contract", "occurred_on", "description", "cost", "borne_by", "reason", "recorded_by",
                  "created_at"]

    def get_recorded_by(self, obj) -> str | None:
        return _username(obj.recorded_by)


class DamageEventCreateSerializer(serializers.Serializer):
    contract = VisibleContractField()
    occurred_on = serializers.DateField()
    description = serializers.CharField(allow_blank=True)
    cost = serializers.IntegerField()
    borne_by = serializers.ChoiceField(choices=BorneBy.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DamageEventFilter(ContractFilter):
    borne_by = filters.ChoiceFilter(choices=BorneBy.choices)

    class Meta:
        model = DamageEvent
        fields = ["contract", "borne_by"]


class DamageEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """Damages during the term and who bears them (K-15). POST records one (officer or representative)."""

    filterset_class = DamageEventFilter
    lookup_value_regex = r"\d+"
    serializer_class = DamageEventSerializer

    def get_queryset(self):
        return selectors.damage_event_list(self.request.user)

    def get_object(self):
        return selectors.damage_event_get(self.request.user, self.kwargs["pk"])

    @extend_schema(request=DamageEventCreateSerializer, responses=DamageEventSerializer)
    def create(self, request, *args, **kwargs):
        serializer = DamageEventCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        event = services.damage_event_record(actor=request.user, **serializer.validated_data)
        return Response(DamageEventSerializer(selectors.damage_event_get(request.user, event.pk)).data, status=201)


ROUTES = [
    ("terminations", TerminationViewSet, "termination"),
    ("force-majeure-requests", ForceMajeureViewSet, "force-majeure-request"),
    ("damage-events", DamageEventViewSet, "damage-event"),
]
