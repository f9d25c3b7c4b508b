"""The records of the people named in the responsibility reports over the API: briefings (P-4), pledges
(K-7, P-2), dispatch confirmations (P-6-2), training (P-4-2), and who may handle the personal information
(P-6-1). Lists are scoped to the contracts the user sees; POST goes through the same services as the pages."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from itaku.accounts.models import User
from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get, contracts_visible_to
from itaku.core import serializers
from itaku.core.exceptions import ClauseViolation

from . import selectors, services
from .models import Briefing, DispatchConfirmation, Pledge, TrainingSession


def _user(username: str, field: str = "user") -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ClauseViolation(_("利用者が見つかりません。"), code="user_unknown", field=field)
    return user


class ContractFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")


def _contract_filter(model):
    return type(f"{model.__name__}Filter", (ContractFilter,), {"Meta": type("Meta", (), {
        "model": model, "fields": ["contract"]})})


class PersonRecordViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A list of the contract-scoped records of people, and POST to record one."""

    model = None
    related = ("user",)
    input_serializer = None

    def get_queryset(self):
        return (self.model.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related(*self.related).order_by("contract_id", "id"))

    def create(self, request, *args, **kwargs):
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        record = self.record(request.user, contract, data)
        return Response(self.serializer_class(record).data, status=201)


class BriefingAckSerializer(serializers.ModelSerializer):
    user = UsernameField()
    recorded_by = UsernameField()

    class Meta:
        model = Briefing
        fields = ["id", "contract", "user", "acknowledged_on", "acknowledged_at", "recorded_by", "text", "text_sha256"]


class BriefingAckInputSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    person = serializers.CharField(max_length=150, required=False, help_text=(
        "a subcontractor's person the representative records for (P-9-2); the signed-in user if left out"))
    acknowledged_on = serializers.DateField(required=False)


class BriefingViewSet(PersonRecordViewSet):
    """P-4: acknowledgements of items (1)–(3). POST: the signed-in named person acknowledges."""

    model = Briefing
    serializer_class = BriefingAckSerializer
    input_serializer = BriefingAckInputSerializer
    related = ("user", "recorded_by")
    filterset_class = _contract_filter(Briefing)

    @extend_schema(request=BriefingAckInputSerializer, responses={201: BriefingAckSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def record(self, actor, contract, data):
        person = _user(data["person"], "person") if data.get("person") else None
        return services.briefing_acknowledge(actor=actor, contract=contract, person=person,
                                             on=data.get("acknowledged_on"))


class ConfidentialityPledgeSerializer(serializers.ModelSerializer):
    user = UsernameField()

    class Meta:
        model = Pledge
        fields = ["id", "contract", "user", "pledged_on", "pledged_at", "text", "text_sha256"]


class ConfidentialityPledgeInputSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    pledged_on = serializers.DateField(required=False)


class PledgeViewSet(PersonRecordViewSet):
    """K-7, P-2: confidentiality pledges, which continue after the contract ends. POST: the signed-in user."""

    model = Pledge
    serializer_class = ConfidentialityPledgeSerializer
    input_serializer = ConfidentialityPledgeInputSerializer
    filterset_class = _contract_filter(Pledge)

    @extend_schema(request=ConfidentialityPledgeInputSerializer, responses={201: ConfidentialityPledgeSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def record(self, actor, contract, data):
        return services.pledge_sign(actor=actor, contract=contract, on=data.get("pledged_on"))


class DispatchConfirmationSerializer(serializers.ModelSerializer):
    user = UsernameField()
    confirmed_by = UsernameField()

    class Meta:
        model = DispatchConfirmation
        fields = ["id", "contract", "user", "agency", "reference", "confirmed_on", "confirmed_at", "confirmed_by"]


class DispatchConfirmationInputSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    person = serializers.CharField(max_length=150)
    agency = serializers.CharField(max_length=200)
    reference = serializers.CharField(max_length=200)
    confirmed_on = serializers.DateField(required=False)


class DispatchViewSet(PersonRecordViewSet):
    """P-6-2: a dispatched worker's dispatch contract states the secrecy duty."""

    model = DispatchConfirmation
    serializer_class = DispatchConfirmationSerializer
    input_serializer = DispatchConfirmationInputSerializer
    related = ("user", "confirmed_by")
    filterset_class = _contract_filter(DispatchConfirmation)

    @extend_schema(request=DispatchConfirmationInputSerializer, responses={201: DispatchConfirmationSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def record(self, actor, contract, data):
        return services.dispatch_confirm(actor=actor, contract=contract, person=_user(data["person"], "person"),
                                         agency=data["agency"], reference=data["reference"],
                                         on=data.get("confirmed_on"))


class TrainingSessionSerializer(serializers.ModelSerializer):
    attendees = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    recorded_by = UsernameField()

    class Meta:
        model = TrainingSession
        fields = ["id", "contract", "held_on", "content", "attendees", "recorded_at", "recorded_by"]


class TrainingSessionInputSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    held_on = serializers.DateField()
    content = serializers.CharField(max_length=2000)
    attendees = serializers.ListField(child=serializers.CharField(max_length=150), allow_empty=False)


class TrainingViewSet(PersonRecordViewSet):
    """P-4-2: education and training sessions with their attendees."""

    model = TrainingSession
    serializer_class = TrainingSessionSerializer
    input_serializer = TrainingSessionInputSerializer
    related = ("recorded_by",)
    filterset_class = _contract_filter(TrainingSession)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("attendees")

    @extend_schema(request=TrainingSessionInputSerializer, responses={201: TrainingSessionSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def record(self, actor, contract, data):
        attendees = [_user(name, "attendees") for name in data["attendees"]]
        return services.training_record(actor=actor, contract=contract, held_on=data["held_on"],
                                        content=data["content"], attendees=attendees)


class HandlerSerializer(serializers.Serializer):
    user = serializers.CharField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    employment = serializers.ListField(child=serializers.CharField())
    briefed_on = serializers.DateField(allow_null=True)
    pledged_on = serializers.DateField(allow_null=True)
    dispatch_confirmed_on = serializers.DateField(allow_null=True)
    may_handle = serializers.BooleanField()


class PeopleViewSet(viewsets.ViewSet):
    """The people named in a contract's accepted reports and whether each may handle its personal
    information now (P-6-1, P-4, P-6-2). ``?contract=ID`` is required."""

    serializer_class = HandlerSerializer

    @extend_schema(parameters=[OpenApiParameter("contract", int, required=True)],
                   responses=HandlerSerializer(many=True))
    def list(self, request):
        value = request.query_params.get("contract", "")
        if not value.isdigit():
            raise ClauseViolation(_("契約を指定してください。"), code="contract_missing", field="contract")
        contract = contract_get(request.user, int(value))
        rows = [{
            "user": row.user.get_username(), "name": str(row.user), "organisation": row.user.organisation.name,
            "roles": sorted({e.role for e in row.entries}), "employment": sorted({e.employment for e in row.entries}),
            "briefed_on": row.briefing.acknowledged_on if row.briefing else None,
            "pledged_on": row.pledge.pledged_on if row.pledge else None,
            "dispatch_confirmed_on": row.dispatch.confirmed_on if row.dispatch else None,
            "may_handle": row.may_handle,
        } for row in selectors.people(contract)]
        return Response(HandlerSerializer(rows, many=True).data)
