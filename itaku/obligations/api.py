"""Obligations over the API: the due dates the user may see, and waiving one."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.accounts.choices import Role
from itaku.api.schema import UsernameField
from itaku.core import serializers

from . import selectors
from .models import STATUS_LABELS
from .services import obligation_waive


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
    """Every due date of the contracts the user may see (K-2 … K-20)."""

    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter

    def get_queryset(self):
        return selectors.obligations_visible_to(self.request.user).order_by("due_on", "id")

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


ROUTES = [("obligations", ObligationViewSet, "obligation")]
