"""Consultations (K-1, K-20) and the client's requests (K-10, P-10, P-11, S-11, S-12) over the API."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get
from itaku.core import serializers

from . import selectors
from .api_compliance import ROUTES as COMPLIANCE_ROUTES
from .choices import ADDRESSED_ROLE_CHOICES, STATUS_LABELS, ConsultationClause, OversightClause, RequestKind
from .models import OversightRequest
from .services import (
    check_may_respond,
    check_may_review,
    consultation_record,
    oversight_request_accept,
    oversight_request_issue,
    oversight_request_reopen,
    oversight_request_withdraw,
    oversight_response_submit,
)


class FileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    clause = serializers.CharField(source="clause_id")
    topic = serializers.CharField()
    held_on = serializers.DateField()
    participants = serializers.CharField()
    participant_users = serializers.SerializerMethodField()
    outcome = serializers.CharField()
    documents = FileSerializer(many=True)
    recorded_by = UsernameField()
    recorded_at = serializers.DateTimeField()

    def get_participant_users(self, obj) -> list[str]:
        return [u.username for u in obj.participant_users.all()]


class ConsultationCreateSerializer(serializers.Serializer):
    """Input shape only (JSON, or multipart with ``documents`` files); the service checks the clauses."""

    contract = serializers.IntegerField()
    clause = serializers.ChoiceField(choices=ConsultationClause.choices)
    topic = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    participants = serializers.CharField()
    participant_users = serializers.ListField(child=serializers.CharField(max_length=150), required=False,
                                              default=list, help_text="user names of the contract's members")
    outcome = serializers.CharField()
    documents = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ConsultationFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")
    clause = filters.ChoiceFilter(field_name="clause_id", choices=ConsultationClause.choices)


def _contract(request, pk):
    return contract_get(request.user, pk)  # 404 outside the actor's view


class ConsultationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    """Consultations (協議) and what was agreed (K-1, K-20)."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.consultation_list(self.request.user)

    def get_object(self):
        return selectors.consultation_get(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ConsultationCreateSerializer, responses=ConsultationSerializer)
    def create(self, request, *args, **kwargs):
        serializer = ConsultationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contract = _contract(request, data["contract"])
        consultation = consultation_record(
            actor=request.user, contract=contract, clause_id=data["clause"],
            topic=data["topic"], held_on=data["held_on"], participants=data["participants"],
            outcome=data["outcome"],
            participant_users=selectors.members_named(contract, data["participant_users"], clause=data["clause"]),
            documents=data["documents"],
        )
        return Response(ConsultationSerializer(selectors.consultation_get(request.user, consultation.pk)).data,
                        status=201)

    @extend_schema(request=None, responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<doc_pk>\d+)")
    def document(self, request, pk=None, doc_pk=None):
        """Download a document of the consultation, as an attachment."""
        document = selectors.consultation_document_get(request.user, doc_pk, consultation_pk=pk)
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


class ResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    responded_by = UsernameField()
    responded_on = serializers.DateField()
    files = FileSerializer(many=True)
    review = serializers.CharField()
    review_note = serializers.CharField()
    reviewed_by = UsernameField(allow_null=True)
    reviewed_on = serializers.DateField(allow_null=True)


class RequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    clause = serializers.CharField(source="clause_id")
    kind = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    issued_by = UsernameField()
    issued_on = serializers.DateField()
    due_on = serializers.DateField()
    addressed_role = serializers.CharField()
    state = serializers.CharField()
    status = serializers.CharField(help_text="open, answered, accepted, withdrawn, or overdue")
    overdue = serializers.SerializerMethodField()
    closed_on = serializers.DateField(allow_null=True)
    withdrawn_reason = serializers.CharField()

    def get_overdue(self, obj) -> bool:
        return obj.status == "overdue"


class RequestDetailSerializer(RequestSerializer):
    responses = ResponseSerializer(many=True)


class RequestCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    clause = serializers.ChoiceField(choices=OversightClause.choices, default=OversightClause.MAIN)
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField()
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField()
    addressed_role = serializers.ChoiceField(choices=ADDRESSED_ROLE_CHOICES, default="representative")


class RespondSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReopenSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RequestFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")
    clause = filters.ChoiceFilter(field_name="clause_id", choices=OversightClause.choices)
    state = filters.ChoiceFilter(field_name="status", choices=list(STATUS_LABELS.items()),
                                 label=_("状態（open, answered, accepted, withdrawn, overdue）"))
    overdue = filters.BooleanFilter(method="filter_overdue")

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(status="overdue") if value else queryset.exclude(status="overdue")


class OversightRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                              viewsets.GenericViewSet):
    """The client's investigations, report requests and instructions (K-10, P-10, P-11, S-11, S-12), and the
    contractor's responses."""

    filterset_class = RequestFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a user
            return OversightRequest.objects.none()
        return selectors.request_list(self.request.user)

    def get_object(self):
        return selectors.request_get(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return {"create": RequestCreateSerializer, "retrieve": RequestDetailSerializer, "respond": RespondSerializer,
                "accept": AcceptSerializer, "reopen": ReopenSerializer,
                "withdraw": WithdrawSerializer}.get(self.action, RequestSerializer)

    def _detail(self, request, pk):
        return Response(RequestDetailSerializer(selectors.request_get(request.user, pk)).data)

    @extend_schema(request=RequestCreateSerializer, responses=RequestDetailSerializer)
    def create(self, request, *args, **kwargs):
        serializer = RequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        oversight_request = oversight_request_issue(
            actor=request.user, contract=_contract(request, data["contract"]), clause_id=data["clause"],
            kind=data["kind"], subject=data["subject"], body=data["body"], due_on=data["due_on"],
            addressed_role=data["addressed_role"], issued_on=data["issued_on"],
        )
        response = self._detail(request, oversight_request.pk)
        response.status_code = 201
        return response

    def _input(self, request, serializer_class, check, oversight_request):
        """Who may act is decided before the input is read; the service checks again, then the clauses."""
        check(request.user, oversight_request)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=RespondSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """The addressed role or the representative responds (JSON, or multipart with ``files``)."""
        oversight_request = self.get_object()
        data = self._input(request, RespondSerializer, check_may_respond, oversight_request)
        oversight_response_submit(actor=request.user, request=oversight_request, body=data["body"],
                                  files=data["files"])
        return self._detail(request, pk)

    @extend_schema(request=AcceptSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The officer accepts the latest response: the request is closed."""
        oversight_request = self.get_object()
        data = self._input(request, AcceptSerializer, check_may_review, oversight_request)
        oversight_request_accept(actor=request.user, request=oversight_request, note=data["note"])
        return self._detail(request, pk)

    @extend_schema(request=ReopenSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The officer asks for more, with a new due date."""
        oversight_request = self.get_object()
        data = self._input(request, ReopenSerializer, check_may_review, oversight_request)
        oversight_request_reopen(actor=request.user, request=oversight_request, note=data["note"],
                                 due_on=data["due_on"])
        return self._detail(request, pk)

    @extend_schema(request=WithdrawSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The officer withdraws the request, with the reason."""
        oversight_request = self.get_object()
        data = self._input(request, WithdrawSerializer, check_may_review, oversight_request)
        oversight_request_withdraw(actor=request.user, request=oversight_request, reason=data["reason"])
        return self._detail(request, pk)

    @extend_schema(request=None, responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>\d+)")
    def file(self, request, pk=None, file_pk=None):
        """Download a file of a response, as an attachment."""
        item = selectors.response_file_get(request.user, file_pk, request_pk=pk)
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


ROUTES = [("consultations", ConsultationViewSet, "consultation"),
          ("oversight-requests", OversightRequestViewSet, "oversight-request"), *COMPLIANCE_ROUTES]
