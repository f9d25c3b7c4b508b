"""Obligations over the API: the due dates the user may see, and waiving one."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.accounts.choices import Role
from itaku.api.pagination import ObligationPagination
from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get
from itaku.core import serializers

from . import selectors
from .models import STATUS_LABELS
from .services import obligation_waive
from .work import items_for


class ObligationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    contract_title = serializers.CharField(source="contract.title")
    clause = serializers.CharField(source="clause_id")
    kind = serializers.CharField()
    title = serializers.CharField()
    side = serializers.CharField()
    role = serializers.CharField()
    assignee = UsernameField(allow_null=True)
    due_on = serializers.DateField()
    state = serializers.CharField()
    status = serializers.CharField(help_text="open, overdue, met or waived")
    closed_on = serializers.DateField(allow_null=True)
    waived_reason = serializers.CharField()


SERIALIZED_COLUMNS = ("id", "contract_id", "clause_id", "kind", "title", "side", "role", "assignee_id", "due_on",
                      "state", "closed_on", "waived_reason", "contract__title", "assignee__username")


class WaiveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class ObligationFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")
    state = filters.ChoiceFilter(field_name="status", choices=list(STATUS_LABELS.items()),
                                 label=_("状態（open, overdue, met, waived）"))
    role = filters.ChoiceFilter(choices=Role.choices)
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")


class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every due date of the contracts the user may see (K-2 … K-20), by due date; paginated by a cursor
    (``next``), or by page number with ``count`` when ``page`` is given."""

    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    pagination_class = ObligationPagination

    def get_queryset(self):
        # The serializer's columns only: not the contract's parties and specification, nor the assignee's
        # account, for each of the thousands of rows PostgreSQL reads before it keeps a page's 50.
        return (selectors.obligations_visible_to(self.request.user)
                .only(*SERIALIZED_COLUMNS).order_by("due_on", "id"))

    @extend_schema(request=WaiveSerializer, responses=ObligationSerializer)
    @action(detail=True, methods=["post"], serializer_class=WaiveSerializer)
    def waive(self, request, pk=None):
        """The contract's officer waives an open obligation, with the reason."""
        obligation = self.get_object()
        # The service checks the role first, then the reason; a body that is not an object gives no reason;
        # the text passes the input hygiene.
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        reason = serializers.clean_input(reason, field="reason")
        obligation = obligation_waive(actor=request.user, obligation=obligation,
                                      reason=reason if isinstance(reason, str) else "")
        return Response(ObligationSerializer(selectors.obligation_get(request.user, obligation.pk)).data)


class WorkItemSerializer(serializers.Serializer):
    """One thing waiting for a person: an obligation with its due date, or a decision or step without one."""

    kind = serializers.CharField(help_text="a stable code: consents.decide, contracts.inspection, …")
    clause = serializers.CharField()
    contract = serializers.IntegerField(source="contract_id")
    contract_title = serializers.CharField()
    label = serializers.CharField(help_text="the action in words (承諾の可否を決定する)")
    full_label = serializers.CharField(help_text="with its deadline, note or wait (…（申請から12日）)")
    note = serializers.CharField(help_text="what the action comes with (請求額 金879,133円：違約金867円を相殺後)")
    detail = serializers.CharField()
    url = serializers.CharField(help_text="the page where it is acted on")
    mine = serializers.BooleanField(help_text="true when it waits for the user; false when for someone else")
    waiting_for = serializers.CharField(help_text="whom it waits for: side and role (乙・代表者)")
    due_on = serializers.DateField(allow_null=True, help_text="the deadline, when the contract gives one")
    overdue = serializers.BooleanField(source="is_overdue")
    since = serializers.DateField(allow_null=True, help_text="the day it began to wait")
    waited_days = serializers.IntegerField(source="days_waited", allow_null=True)
    obligation = serializers.IntegerField(source="obligation_id", allow_null=True,
                                          help_text="the obligation behind it, if any (/api/v1/obligations/<id>/)")


class WorkViewSet(viewsets.GenericViewSet):
    """Everything that waits for a person on the contracts the user takes part in: obligations (with their
    due dates) and the decisions and steps that have none (a consent awaiting its decision, an invoice
    awaiting its receipt …), the most urgent first."""

    serializer_class = WorkItemSerializer
    filter_backends = ()  # the items are gathered from every app (work.items_for), not one queryset

    @extend_schema(parameters=[
        OpenApiParameter("contract", int, description="only this contract"),
        OpenApiParameter("mine", bool, description="true: what waits for the user; false: what waits for others"),
    ])
    def list(self, request):
        contract = None
        raw = request.query_params.get("contract")
        if raw:
            if not raw.isdigit():
                raise serializers.ValidationError({"contract": _("契約の番号を指定してください。")})
            contract = contract_get(request.user, int(raw))
        items = items_for(request.user, contract=contract)
        mine = request.query_params.get("mine")
        if mine in ("true", "1", "false", "0"):
            items = [i for i in items if i.mine == (mine in ("true", "1"))]
        elif mine:
            raise serializers.ValidationError({"mine": _("true または false を指定してください。")})
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


ROUTES = [("obligations", ObligationViewSet, "obligation"), ("work", WorkViewSet, "work")]
