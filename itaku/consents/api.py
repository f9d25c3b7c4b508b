"""Consent requests over the API: list, retrieve, submit, and the actions decide, withdraw, letter,
attach (K-6) and assign (K-5); and the registry of kinds. The same services and selectors as the pages."""

from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get
from itaku.core import serializers
from itaku.core.exceptions import PermissionRefused
from itaku.documents.http import document_attachment

from . import kinds, selectors
from .api_records import ROUTES as RECORD_ROUTES
from .models import ConsentRequest, ConsentState, Subcontractor
from .services import (
    consent_decide,
    consent_letter_generate,
    consent_submit,
    consent_withdraw,
    contract_assign,
    roles_of,
    statement_text,
    subcontractor_attach,
)


class ConsentSerializer(serializers.ModelSerializer):
    clause = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(read_only=True)
    subject = serializers.SerializerMethodField()
    submitted_by = UsernameField()
    decided_by = UsernameField(allow_null=True)
    letter_sha256 = serializers.SerializerMethodField()

    class Meta:
        model = ConsentRequest
        fields = ["id", "contract", "kind", "clause", "kind_label", "statement", "subject", "state", "submitted_by",
                  "submitted_at", "submitted_on", "decided_by", "decided_at", "decided_on", "conditions", "reasons",
                  "snapshot_sha256", "letter_sha256", "effected_at", "effected_on"]

    def get_subject(self, obj) -> dict | None:
        return {"id": obj.subject.pk, "name": obj.subject.name} if obj.subject else None

    def get_letter_sha256(self, obj) -> str | None:
        return obj.letter.sha256 if obj.letter_id else None


class ConsentDetailSerializer(ConsentSerializer):
    statement_text = serializers.SerializerMethodField()

    class Meta(ConsentSerializer.Meta):
        fields = ConsentSerializer.Meta.fields + ["statement_text", "snapshot"]

    def get_statement_text(self, obj) -> list[dict]:
        return [{"label": label, "text": text} for label, text in statement_text(obj)]


class NewOrganisationSerializer(serializers.Serializer):
    """An organisation not yet registered that a request names (K-6: the subcontractor)."""

    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300)
    representative_title = serializers.CharField(max_length=100)
    representative_name = serializers.CharField(max_length=100)


class ConsentCreateSerializer(serializers.Serializer):
    """Input of a request: shape only; the statement is checked against the kind by the service."""

    contract = serializers.IntegerField()
    kind = serializers.CharField(max_length=40)
    statement = serializers.DictField()
    submitted_on = serializers.DateField(required=False, help_text=(
        "The date of the written request (ISO 8601); today when left out. Not in the future, not before "
        "the contract was signed."))
    new_organisation = NewOrganisationSerializer(required=False, help_text=(
        "An organisation not yet registered, in place of the kind's organisation field that allows it "
        "(allow_new); registered as a contractor organisation with the request."))


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "refuse"])
    decided_on = serializers.DateField(required=False, help_text=(
        "The date of the decision (ISO 8601), printed on the consent letter; today when left out. Not in "
        "the future, not before the request."))
    conditions = serializers.CharField(required=False, allow_blank=True, default="", max_length=kinds.MAX_TEXT)
    reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=kinds.MAX_TEXT)


class EffectSerializer(serializers.Serializer):
    effected_on = serializers.DateField(required=False, help_text=(
        "The date on which it is carried out (ISO 8601); today when left out. Not in the future, not before "
        "the approval."))


class SubcontractorSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    attached_by = UsernameField()
    handles_personal_information = serializers.BooleanField(read_only=True)

    class Meta:
        model = Subcontractor
        fields = ["id", "contract", "organisation", "consent", "scope", "attached_on", "attached_at", "attached_by",
                  "privacy_consent", "handles_personal_information"]

    def get_organisation(self, obj) -> dict:
        return {"id": obj.organisation.pk, "name": obj.organisation.name}


class ConsentFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")
    kind = filters.ChoiceFilter(choices=lambda: [(k.code, k.code) for k in kinds.all_kinds()])
    state = filters.ChoiceFilter(choices=ConsentState.choices)

    class Meta:
        model = ConsentRequest
        fields = ["contract", "kind", "state"]


def _pdf(document):
    return document_attachment(document)


class ConsentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):
    filterset_class = ConsentFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.consent_list(self.request.user)

    def get_object(self):
        return selectors.consent_get(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "create":
            return ConsentCreateSerializer
        if self.action == "list":
            return ConsentSerializer
        if self.action == "decide":
            return DecisionSerializer
        return ConsentDetailSerializer

    def _detail(self, consent, status=200):
        consent = selectors.consent_get(self.request.user, consent.pk)
        return Response(ConsentDetailSerializer(consent, context={"request": self.request}).data, status=status)

    @extend_schema(request=ConsentCreateSerializer, responses=ConsentDetailSerializer)
    def create(self, request, *args, **kwargs):
        """Submit a request (the contract's representative)."""
        serializer = ConsentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contract = contract_get(request.user, data["contract"])
        consent = consent_submit(actor=request.user, contract=contract, kind=data["kind"], statement=data["statement"],
                                 on=data.get("submitted_on"), new_organisation=data.get("new_organisation"))
        return self._detail(consent, status=201)

    @extend_schema(request=DecisionSerializer, responses=ConsentDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve (with optional conditions) or refuse (with the reasons): the contract's officer."""
        consent = self.get_object()
        kind = consent.kind_def
        # Who may decide is settled before the input is read.
        if kind is None or kind.decider not in roles_of(request.user, consent.contract):
            raise PermissionRefused(_("承諾の可否を決定できるのはこの契約の契約担当者です。"))
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        consent = consent_decide(actor=request.user, consent=consent, approve=data["decision"] == "approve",
                                 conditions=data["conditions"], reasons=data["reasons"], on=data.get("decided_on"))
        return self._detail(consent)

    @extend_schema(request=None, responses=ConsentDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a request awaiting the decision: its submitter."""
        consent = consent_withdraw(actor=request.user, consent=self.get_object())
        return self._detail(consent)

    @extend_schema(methods=["GET"], request=None, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @extend_schema(methods=["POST"], request=None, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get", "post"])
    def letter(self, request, pk=None):
        """GET: the latest consent letter (承諾書, PDF). POST: generate it again; stored with its SHA-256
        and journaled."""
        consent = self.get_object()
        if request.method == "GET":
            if consent.letter is None:
                raise Http404
            return _pdf(consent.letter)
        return _pdf(consent_letter_generate(actor=request.user, consent=consent))

    def _effected_on(self, request, consent):
        """The date of the carrying out, read once who may carry it out is settled."""
        kind = consent.kind_def
        roles = roles_of(request.user, consent.contract)
        if kind is None or kind.effect is None or kind.effect.actor_role not in roles:
            raise PermissionRefused(_("承諾に基づく手続ができるのはこの契約の乙の代表者です。"))
        serializer = EffectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data.get("effected_on")

    @extend_schema(request=EffectSerializer, responses={201: SubcontractorSerializer})
    @action(detail=True, methods=["post"])
    def attach(self, request, pk=None):
        """Attach the subcontractor named by this approved subcontract consent (K-6), on ``effected_on``."""
        consent = self.get_object()
        subcontractor = subcontractor_attach(actor=request.user, contract=consent.contract,
                                             organisation=consent.subject, consent=consent,
                                             on=self._effected_on(request, consent))
        return Response(SubcontractorSerializer(subcontractor).data, status=201)

    @extend_schema(request=EffectSerializer, responses=inline_serializer("ConsentAssigned", {
        "contract": serializers.IntegerField(help_text="the contract moved to the assignee"),
        "contractor": serializers.IntegerField(help_text="the assignee organisation, now the contractor"),
        "consent": serializers.IntegerField(help_text="the assignment consent used"),
    }))
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Move the contract to the assignee named by this approved assignment consent (K-5), on
        ``effected_on``."""
        consent = self.get_object()
        contract_assign(actor=request.user, contract=consent.contract, assignee=consent.subject, consent=consent,
                        on=self._effected_on(request, consent))
        return Response({"contract": consent.contract_id, "contractor": consent.subject_id,
                         "consent": consent.pk})


class ConsentKindSerializer(serializers.Serializer):
    code = serializers.CharField()
    clause = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    submitter = serializers.CharField()
    submitters = serializers.ListField(child=serializers.CharField())
    decider = serializers.CharField()
    effect = serializers.CharField(allow_null=True)
    subject_field = serializers.CharField(allow_null=True)
    fields = serializers.ListField(child=serializers.DictField())


class ConsentKindViewSet(viewsets.ViewSet):
    """The kinds of consent request: what each must state, who submits, who decides, what approval unlocks."""

    lookup_value_regex = r"[a-z0-9_-]+"
    serializer_class = ConsentKindSerializer

    @extend_schema(responses=ConsentKindSerializer(many=True))
    def list(self, request):
        return Response([kind.describe() for kind in kinds.all_kinds()])

    @extend_schema(responses=ConsentKindSerializer)
    def retrieve(self, request, pk=None):
        kind = kinds.get(pk)
        if kind is None:
            raise Http404
        return Response(kind.describe())


ROUTES = [("consents", ConsentViewSet, "consent"), ("consent-kinds", ConsentKindViewSet, "consent-kind"),
          *RECORD_ROUTES]
