"""Annex 2 over the API: the information-asset register (S-2, S-7, S-8) and its close-out (S-8-5, S-8-6),
the security officer and the notices to the client (S-3, S-4), premises entry (S-4-3), the policy
documents (S-1) and the security declaration (S-15). The same services and selectors as the pages."""

from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.accounts.models import User
from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get, contracts_visible_to
from itaku.core import serializers
from itaku.core.exceptions import ClauseViolation, PermissionRefused

from . import questionnaire_api, services
from .choices import AssetKind, AssetOwner, AssetState, PolicyKind
from .models import (
    InformationAsset,
    PeopleNotice,
    PolicyDocument,
    PremisesEntry,
    SecurityDeclaration,
    SecurityEducation,
    SecurityOfficerAppointment,
)


class ContractFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")


def _users(usernames, *, refusal: ClauseViolation) -> list[User]:
    """The users of ``usernames``; ``refusal`` when one of them is not a user."""
    users = list(User.objects.filter(username__in=usernames))
    if len(users) != len(set(usernames)):
        raise refusal
    return users


# -- assets ----------------------------------------------------------------------------------------

class AssetSerializer(serializers.ModelSerializer):
    users = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    registered_by = UsernameField()
    closed_by = UsernameField(allow_null=True)

    class Meta:
        model = InformationAsset
        fields = ["id", "contract", "kind", "name", "description", "owner", "place", "users", "state",
                  "registered_by", "registered_at", "closed_on", "closed_method", "closed_by", "consent"]


class AssetCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AssetKind.choices)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    owner = serializers.ChoiceField(choices=AssetOwner.choices)
    place = serializers.CharField(max_length=200)
    users = serializers.ListField(child=serializers.CharField(max_length=150), required=False, default=list,
                                  max_length=200)


class AssetCloseSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[AssetState.HANDED_OVER, AssetState.DISPOSED])
    how = serializers.CharField(max_length=300)
    closed_on = serializers.DateField(required=False)


class AssetFilter(ContractFilter):
    class Meta:
        model = InformationAsset
        fields = ["contract"]


class AssetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The information assets of the contracts the user sees (S-2)."""

    filterset_class = AssetFilter
    lookup_value_regex = r"\d+"
    serializer_class = AssetSerializer

    def get_queryset(self):
        return (InformationAsset.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("registered_by", "closed_by").prefetch_related("users").order_by("id"))

    @extend_schema(request=AssetCreateSerializer, responses={201: AssetSerializer})
    def create(self, request, *args, **kwargs):
        """Register an asset (the contractor's representative or security officer)."""
        serializer = AssetCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        data["users"] = _users(data["users"], refusal=ClauseViolation(
            _("書面で明らかにした従事者を指定してください（S-8-1）。"), code="user_not_named", clause="S-8-1",
            field="users"))
        asset = services.asset_register(actor=request.user, contract=contract, **data)
        return Response(AssetSerializer(self.get_queryset().get(pk=asset.pk)).data, status=201)

    @extend_schema(request=AssetCloseSerializer, responses=AssetSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Record the hand-over (S-8-5) or the approved disposal (S-8-6) of the asset."""
        asset = self.get_object()
        serializer = AssetCloseSerializer(data=request.data)
        if not services.roles_of(request.user, asset.contract) & services.MANAGERS:
            raise PermissionRefused(_("引渡し・廃棄を記録できるのは乙の代表者又はセキュリティ責任者です。"),
                                    clause="S-8-5")
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.asset_close(actor=request.user, asset=asset, method=data["method"], how=data["how"],
                             on=data.get("closed_on"))
        return Response(AssetSerializer(self.get_queryset().get(pk=asset.pk)).data)


# -- people ----------------------------------------------------------------------------------------

class OfficerSerializer(serializers.ModelSerializer):
    user = UsernameField()
    recorded_by = UsernameField()

    class Meta:
        model = SecurityOfficerAppointment
        fields = ["id", "contract", "user", "contact", "starts_on", "ends_on", "recorded_by", "recorded_at"]


class OfficerCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    user = serializers.CharField(max_length=150, help_text="the username of a user of the contractor")
    contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    starts_on = serializers.DateField(required=False)


class OfficerFilter(ContractFilter):
    class Meta:
        model = SecurityOfficerAppointment
        fields = ["contract"]


class OfficerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The security officers of the contracts the user sees, the current one without an end (S-3)."""

    filterset_class = OfficerFilter
    serializer_class = OfficerSerializer

    def get_queryset(self):
        return (SecurityOfficerAppointment.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("user", "recorded_by").order_by("contract_id", "-starts_on", "-id"))

    @extend_schema(request=OfficerCreateSerializer, responses={201: OfficerSerializer})
    def create(self, request, *args, **kwargs):
        """Appoint the security officer (the representative); the notice is then due the next business day."""
        serializer = OfficerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contract = contract_get(request.user, data["contract"])
        user = User.objects.filter(username=data["user"]).first()
        appointment = services.officer_appoint(actor=request.user, contract=contract, user=user,
                                               contact=data["contact"], on=data.get("starts_on"))
        return Response(OfficerSerializer(appointment).data, status=201)


class NoticeSerializer(serializers.ModelSerializer):
    submitted_by = UsernameField()
    received_by = UsernameField(allow_null=True)

    class Meta:
        model = PeopleNotice
        fields = ["id", "contract", "number", "submitted_on", "submitted_by", "content", "received_on",
                  "received_by"]


class NoticeCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    submitted_on = serializers.DateField(required=False)


class NoticeFilter(ContractFilter):
    class Meta:
        model = PeopleNotice
        fields = ["contract"]


class NoticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The written notices of the security officer and the workers to the client (S-3, S-4)."""

    filterset_class = NoticeFilter
    lookup_value_regex = r"\d+"
    serializer_class = NoticeSerializer

    def get_queryset(self):
        return (PeopleNotice.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("submitted_by", "received_by").order_by("contract_id", "-number"))

    @extend_schema(request=NoticeCreateSerializer, responses={201: NoticeSerializer})
    def create(self, request, *args, **kwargs):
        """Submit the notice as the officer and the workers stand now (the representative)."""
        serializer = NoticeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contract = contract_get(request.user, serializer.validated_data["contract"])
        notice = services.notice_submit(actor=request.user, contract=contract,
                                        on=serializer.validated_data.get("submitted_on"))
        return Response(NoticeSerializer(notice).data, status=201)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        """The client's officer records the notice as received."""
        notice = self.get_queryset().filter(pk=pk).first()
        if notice is None:
            raise Http404
        return Response(NoticeSerializer(services.notice_receive(actor=request.user, notice=notice)).data)


# -- premises --------------------------------------------------------------------------------------

class PremisesSerializer(serializers.ModelSerializer):
    user = UsernameField()
    recorded_by = UsernameField()

    class Meta:
        model = PremisesEntry
        fields = ["id", "contract", "user", "premises", "id_card_number", "id_card_issued_on", "badge_issued",
                  "instructions", "acknowledged_on", "recorded_by", "recorded_at"]


class PremisesCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    user = serializers.CharField(max_length=150)
    premises = serializers.CharField(max_length=200)
    id_card_number = serializers.CharField(max_length=50)
    id_card_issued_on = serializers.DateField()
    badge_issued = serializers.BooleanField()
    instructions = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PremisesFilter(ContractFilter):
    class Meta:
        model = PremisesEntry
        fields = ["contract"]


class PremisesViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Workers who enter the client's premises: ID card, badge, entry-control instructions (S-4-3)."""

    filterset_class = PremisesFilter
    lookup_value_regex = r"\d+"
    serializer_class = PremisesSerializer

    def get_queryset(self):
        return (PremisesEntry.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("user", "recorded_by").order_by("contract_id", "id"))

    @extend_schema(request=PremisesCreateSerializer, responses={201: PremisesSerializer})
    def create(self, request, *args, **kwargs):
        serializer = PremisesCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        data["user"] = User.objects.filter(username=data["user"]).first()
        entry = services.premises_record(actor=request.user, contract=contract, **data)
        return Response(PremisesSerializer(entry).data, status=201)

    @extend_schema(request=None, responses=PremisesSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """The worker acknowledges the client's entry-control instructions, themself."""
        entry = self.get_queryset().filter(pk=pk).first()
        if entry is None:
            raise Http404
        return Response(PremisesSerializer(services.premises_acknowledge(actor=request.user, entry=entry)).data)


# -- education --------------------------------------------------------------------------------------

class EducationSerializer(serializers.ModelSerializer):
    contract = serializers.IntegerField(source="session.contract_id", read_only=True)
    held_on = serializers.DateField(source="session.held_on", read_only=True)
    content = serializers.CharField(source="session.content", read_only=True)
    attendees = serializers.SlugRelatedField(source="session.attendees", slug_field="username", many=True,
                                             read_only=True)
    recorded_by = UsernameField(source="session.recorded_by")
    recorded_at = serializers.DateTimeField(source="session.recorded_at", read_only=True)

    class Meta:
        model = SecurityEducation
        fields = ["id", "session", "contract", "held_on", "topic", "covers_annex", "content", "attendees",
                  "recorded_by", "recorded_at"]


class EducationCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=2000)
    attendees = serializers.ListField(child=serializers.CharField(max_length=150), allow_empty=False,
                                      max_length=200)
    covers_annex = serializers.BooleanField(required=False, default=True)


class EducationFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="session__contract_id")

    class Meta:
        model = SecurityEducation
        fields = ["contract"]


class EducationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Security education (S-5): training sessions of annex 1 (P-4-2) with the topic of information
    security, on the contracts the user sees."""

    filterset_class = EducationFilter
    serializer_class = EducationSerializer

    def get_queryset(self):
        return (SecurityEducation.objects
                .filter(session__contract__in=contracts_visible_to(self.request.user))
                .select_related("session__recorded_by").prefetch_related("session__attendees")
                .order_by("session__contract_id", "-session__held_on", "-id"))

    @extend_schema(request=EducationCreateSerializer, responses={201: EducationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = EducationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        data["attendees"] = _users(data["attendees"], refusal=ClauseViolation(
            _("受講者が見つかりません。"), code="user_unknown", clause="S-5", field="attendees"))
        education = services.education_record(actor=request.user, contract=contract, **data)
        return Response(EducationSerializer(education).data, status=201)


# -- policies and the declaration ------------------------------------------------------------------

class PolicySerializer(serializers.ModelSerializer):
    recorded_by = UsernameField()

    class Meta:
        model = PolicyDocument
        fields = ["id", "template", "kind", "version", "dated_on", "reference", "recorded_by", "recorded_at"]


class PolicyCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField(help_text="a contract made from the template the version applies to")
    kind = serializers.ChoiceField(choices=PolicyKind.choices)
    version = serializers.CharField(max_length=100)
    dated_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class PolicyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The versions of the policy documents attached to the templates of the contracts the user sees (S-1)."""

    serializer_class = PolicySerializer

    def get_queryset(self):
        templates = contracts_visible_to(self.request.user).values("template_id")
        return (PolicyDocument.objects.filter(template_id__in=templates).select_related("recorded_by")
                .order_by("template_id", "kind", "-dated_on", "-id"))

    @extend_schema(request=PolicyCreateSerializer, responses={201: PolicySerializer})
    def create(self, request, *args, **kwargs):
        serializer = PolicyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        return Response(PolicySerializer(services.policy_record(actor=request.user, contract=contract, **data)).data,
                        status=201)


class SecurityDeclarationSerializer(serializers.ModelSerializer):
    recorded_by = UsernameField()

    class Meta:
        model = SecurityDeclaration
        fields = ["id", "organisation", "where", "published_on", "recorded_by", "recorded_at"]


class SecurityDeclarationCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    where = serializers.CharField(max_length=500)
    published_on = serializers.DateField()


class DeclarationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The security declarations of the contractors of the contracts the user sees (S-15)."""

    serializer_class = SecurityDeclarationSerializer

    def get_queryset(self):
        organisations = contracts_visible_to(self.request.user).values("contractor_id")
        return (SecurityDeclaration.objects.filter(organisation_id__in=organisations).select_related("recorded_by")
                .order_by("organisation_id", "-published_on", "-id"))

    @extend_schema(request=SecurityDeclarationCreateSerializer, responses={201: SecurityDeclarationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = SecurityDeclarationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        declaration = services.declaration_record(actor=request.user, contract=contract, **data)
        return Response(SecurityDeclarationSerializer(declaration).data, status=201)


ROUTES = [
    *questionnaire_api.ROUTES,
    ("security-assets", AssetViewSet, "security-asset"),
    ("security-officers", OfficerViewSet, "security-officer"),
    ("security-notices", NoticeViewSet, "security-notice"),
    ("security-premises", PremisesViewSet, "security-premises"),
    ("security-policies", PolicyViewSet, "security-policy"),
    ("security-declarations", DeclarationViewSet, "security-declaration"),
    ("security-education", EducationViewSet, "security-education"),
]
