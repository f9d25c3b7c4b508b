"""Calculations and the rate tables over the API. The calculations answer the same JSON as
``itaku calc … --json``; they are reads (GET with query parameters)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from itaku.core import serializers
from itaku.core.money import percent_text

from . import calculator, selectors
from .models import Rate, RateKind


class TaxQuery(serializers.Serializer):
    """Input shape only: the calculator checks the values and names the clause when it refuses them."""

    amount = serializers.CharField(help_text="the amount, tax included, in yen")
    rounding = serializers.ChoiceField(choices=["down", "half_up", "up"], required=False,
                                       help_text="default: the setting ITAKU_TAX_ROUNDING")


class InterestQuery(serializers.Serializer):
    amount = serializers.CharField(help_text="the unpaid amount in yen")
    due = serializers.CharField(help_text="the payment deadline, YYYY-MM-DD")
    paid = serializers.CharField(help_text="the day of payment, YYYY-MM-DD")
    signed = serializers.CharField(required=False, help_text="the signing date: the rate in force then applies")
    rate = serializers.CharField(required=False, help_text="the rate the contract states, percent a year")
    basis = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class PenaltyQuery(serializers.Serializer):
    amount = serializers.CharField(help_text="the contract amount (or the unperformed part) in yen")
    end = serializers.CharField(help_text="the end date of the contract, YYYY-MM-DD")
    completed = serializers.CharField(help_text="the day the work was completed, YYYY-MM-DD")
    rate = serializers.CharField(required=False, help_text="a rate the contract states (default: 民法404条)")
    basis = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    unperformed = serializers.BooleanField(required=False, default=False)


class WorkingLine(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


WORKING = inline_serializer("Working", {
    "kind": serializers.CharField(),
    "clause": serializers.CharField(),
    "title": serializers.CharField(),
    "inputs": WorkingLine(many=True),
    "values": serializers.DictField(),
    "steps": WorkingLine(many=True),
    "periods": serializers.ListField(child=serializers.DictField()),
    "days": serializers.IntegerField(allow_null=True),
    "exact": serializers.CharField(allow_null=True),
    "rate": serializers.DictField(allow_null=True),
    "rounding": serializers.CharField(),
    "result": serializers.IntegerField(),
})


@extend_schema_serializer(many=False)  # the calculators' index is one object, not a list
class CalcIndexSerializer(serializers.Serializer):
    """The URL of each calculator."""

    tax = serializers.URLField()
    interest = serializers.URLField()
    penalty = serializers.URLField()


class CalcViewSet(viewsets.ViewSet):
    """Consumption tax (K-3), late-payment interest (K-12) and late-completion penalty (K-13), each with
    its working: inputs, period, rate with its source and reason, days, rounding and the result in yen."""

    @extend_schema(responses=CalcIndexSerializer)
    def list(self, request):
        return Response({kind: reverse(f"api:calc-{kind}", request=request) for kind in calculator.KINDS})

    def _query(self, serializer_class, request) -> dict:
        serializer = serializer_class(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(parameters=[TaxQuery], responses=WORKING)
    @action(detail=False, methods=["get"])
    def tax(self, request):
        data = self._query(TaxQuery, request)
        return Response(calculator.calc_tax(amount=data["amount"], rounding=data.get("rounding")).as_dict())

    @extend_schema(parameters=[InterestQuery], responses=WORKING)
    @action(detail=False, methods=["get"])
    def interest(self, request):
        data = self._query(InterestQuery, request)
        working = calculator.calc_interest(amount=data["amount"], due_on=data["due"], paid_on=data["paid"],
                                           signed_on=data.get("signed"), percent=data.get("rate"),
                                           basis=data["basis"])
        return Response(working.as_dict())

    @extend_schema(parameters=[PenaltyQuery], responses=WORKING)
    @action(detail=False, methods=["get"])
    def penalty(self, request):
        data = self._query(PenaltyQuery, request)
        working = calculator.calc_penalty(amount=data["amount"], ends_on=data["end"],
                                          completed_on=data["completed"], percent=data.get("rate"),
                                          basis=data["basis"], unperformed=data["unperformed"])
        return Response(working.as_dict())


class RateSerializer(serializers.ModelSerializer):
    percent = serializers.SerializerMethodField()

    class Meta:
        model = Rate
        fields = ["id", "kind", "effective_from", "percent", "confirmed", "source", "note"]

    def get_percent(self, obj) -> str | None:
        """The rate per year in percent (e.g. "2.5"); null while it is not entered."""
        return None if obj.percent is None else percent_text(obj.percent)


class RateFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=RateKind.choices)

    class Meta:
        model = Rate
        fields = ["kind"]


class RateViewSet(viewsets.ReadOnlyModelViewSet):
    """The rate tables (K-12: 告示991号; K-13: 民法404条), read-only; an administrator edits them."""

    serializer_class = RateSerializer
    filterset_class = RateFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.rate_list()


class ContractRateSerializer(serializers.Serializer):
    contract = serializers.IntegerField(source="pk")
    stated_percent = serializers.SerializerMethodField(help_text="the rate the contract states, or null")
    stated_basis = serializers.CharField(source="late_payment_rate_basis")
    applied = serializers.SerializerMethodField(help_text="the rate that applies: percent, source, reason")

    def get_stated_percent(self, obj) -> str | None:
        return None if obj.late_payment_percent is None else percent_text(obj.late_payment_percent)

    def get_applied(self, obj) -> dict | None:
        from itaku.core.exceptions import ClauseViolation

        try:
            return selectors.contract_late_payment_rate(obj).as_dict()
        except ClauseViolation as exc:  # the table has no confirmed rate for the signing date
            return {"error": {"code": exc.code, "clause": exc.clause, "detail": str(exc.detail)}}


class ContractRateInput(serializers.Serializer):
    percent = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    basis = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class ContractRateViewSet(viewsets.GenericViewSet):
    """The late-payment rate of a contract (K-12): the one it states, or the 告示's rate in force on
    the signing date, fixed for the contract's life. ``{id}`` is the contract's id."""

    serializer_class = ContractRateSerializer

    def get_queryset(self):
        from itaku.contracts.selectors import contracts_visible_to

        return contracts_visible_to(self.request.user).order_by("pk")

    def retrieve(self, request, pk=None):
        return Response(ContractRateSerializer(self.get_object()).data)

    @extend_schema(request=ContractRateInput, responses=ContractRateSerializer)
    @action(detail=True, methods=["post"], url_path="set", url_name="set")
    def set_rate(self, request, pk=None):
        """The contract's officer records the rate the contract states (``percent`` with ``basis``), or
        clears it (no ``percent``) so that the table's rate applies again."""
        from .services import contract_rate_set

        contract = self.get_object()
        data = ContractRateInput(data=request.data)
        data.is_valid(raise_exception=True)
        contract = contract_rate_set(actor=request.user, contract=contract, percent=data.validated_data["percent"],
                                     basis=data.validated_data["basis"])
        return Response(ContractRateSerializer(contract).data)


ROUTES = [("calc", CalcViewSet, "calc"), ("rates", RateViewSet, "rate"),
          ("contract-rates", ContractRateViewSet, "contract-rate")]
