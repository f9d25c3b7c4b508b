"""Contracts over the API: list, detail, create, and the contract document."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.accounts.choices import Role
from itaku.accounts.models import Organisation, User
from itaku.accounts.selectors import can_create_contracts
from itaku.core import serializers
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.wareki import to_wareki
from itaku.documents.http import document_attachment
from itaku.documents.services import document_generate

from . import selectors
from .choices import ContractState
from .lifecycle.services import contract_close
from .models import Contract, ContractTemplate
from .services import MemberSpec, contract_activate, contract_create


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "kind", "name", "address", "representative_title", "representative_name"]


class MemberSerializer(serializers.Serializer):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)


class ContractSerializer(serializers.ModelSerializer):
    client = OrganisationSerializer(read_only=True)
    contractor = OrganisationSerializer(read_only=True)
    tax = serializers.IntegerField(read_only=True)
    template = serializers.SlugRelatedField(slug_field="code", read_only=True)
    term_wareki = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = ["id", "template", "title", "client", "contractor", "signed_on", "ends_on", "term_wareki",
                  "fiscal_year", "amount", "tax", "deposit_amount", "deposit_exempt", "deposit_exemption_basis",
                  "premises_address", "state", "created_at"]

    def get_term_wareki(self, obj) -> str:
        return f"{to_wareki(obj.signed_on)}～{to_wareki(obj.ends_on)}"


class ContractDetailSerializer(ContractSerializer):
    members = serializers.SerializerMethodField()

    class Meta(ContractSerializer.Meta):
        fields = ContractSerializer.Meta.fields + ["parties", "members"]

    def get_members(self, obj) -> list[dict]:
        return [{"user": m.user.username, "name": str(m.user), "role": m.role} for m in obj.memberships.all()]


class ContractCreateSerializer(serializers.Serializer):
    """Input of a new contract: shape only. The clauses are checked by the service."""

    template = serializers.SlugRelatedField(slug_field="code", queryset=ContractTemplate.objects.all())
    title = serializers.CharField(max_length=200)
    contractor = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    signed_on = serializers.DateField()
    ends_on = serializers.DateField()
    amount = serializers.IntegerField()
    deposit_amount = serializers.IntegerField(required=False, allow_null=True)
    deposit_exempt = serializers.BooleanField(default=False)
    deposit_exemption_basis = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    premises_address = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    specification = serializers.FileField(required=False)
    members = MemberSerializer(many=True, required=False, default=list)
    draft = serializers.BooleanField(default=False, help_text="register before signing (起案中); activate later")

    def to_internal_value(self, data):
        # K-3: an amount with a fraction is refused with the clause, not silently truncated.
        for name in ("amount", "deposit_amount"):
            value = data.get(name) if hasattr(data, "get") else None
            if value is not None and not _is_whole(value):
                raise ClauseViolation(_("金額は円単位の整数で入力してください。"), code="invalid_amount",
                                      clause="K-3" if name == "amount" else "K-4", field=name)
        return super().to_internal_value(data)


def _is_whole(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, str) and value.strip().lstrip("-").isdigit()


class ContractFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label="title or contractor name")
    state = filters.ChoiceFilter(choices=ContractState.choices)
    fiscal_year = filters.NumberFilter()
    contractor = filters.ModelChoiceFilter(queryset=lambda request: selectors.contractors_visible_to(request.user))

    class Meta:
        model = Contract
        fields = ["q", "state", "fiscal_year", "contractor"]

    def search(self, queryset, name, value):
        return queryset.filter(selectors.contract_search(value))


class ContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    filterset_class = ContractFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if self.action == "list":
            return selectors.contract_list(self.request.user)
        return selectors.contracts_visible_to(self.request.user)

    def get_object(self):
        return selectors.contract_get(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "create":
            return ContractCreateSerializer
        if self.action == "retrieve":
            return ContractDetailSerializer
        return ContractSerializer

    @extend_schema(request=ContractCreateSerializer, responses=ContractDetailSerializer)
    def create(self, request, *args, **kwargs):
        # Who may create is decided before the input is read, so the input reveals nothing to others.
        if not can_create_contracts(request.user):
            raise PermissionRefused(_("契約を作成できるのは発注者の契約担当者です。"))
        serializer = ContractCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        members = [MemberSpec(m["user"], m["role"]) for m in data.pop("members", [])]
        contract = contract_create(actor=request.user, members=members, **data)
        contract = selectors.contract_get(request.user, contract.pk)
        return Response(ContractDetailSerializer(contract, context={"request": request}).data, status=201)

    @extend_schema(request=None, responses=ContractDetailSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """K-end: the officer records the signing of a contract registered as a draft."""
        contract = contract_activate(actor=request.user, contract=self.get_object())
        contract = selectors.contract_get(request.user, contract.pk)
        return Response(ContractDetailSerializer(contract, context={"request": request}).data)

    @extend_schema(request=None, responses=ContractDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """K-12: the officer closes a paid contract (完結). Refused with K-13 while a late-completion
        penalty is unsettled, and with K-12 before the contract is paid."""
        contract = contract_close(actor=request.user, contract=self.get_object())
        contract = selectors.contract_get(request.user, contract.pk)
        return Response(ContractDetailSerializer(contract, context={"request": request}).data)

    @extend_schema(request=None, responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): OpenApiTypes.BINARY,
    })
    @action(detail=True, methods=["post"], url_path=r"document/(?P<fmt>pdf|docx)")
    def document(self, request, pk=None, fmt="pdf"):
        """Generate the contract (契約書 with 別記1, 別記2 and their forms) as PDF or DOCX.

        Each generation is stored with its SHA-256 and journaled, so it is a POST."""
        contract = self.get_object()
        document = document_generate(actor=request.user, contract=contract, kind="contract", fmt=fmt)
        return document_attachment(document)

ROUTES = [("contracts", ContractViewSet, "contract")]

# K-11, K-12, K-13, K-17: completion, inspection, invoices, payments, penalties, performed parts, close.
from .lifecycle.api import ROUTES as LIFECYCLE_ROUTES  # noqa: E402

ROUTES += LIFECYCLE_ROUTES
from .termination.api import ROUTES as TERMINATION_ROUTES  # noqa: E402

ROUTES += TERMINATION_ROUTES
