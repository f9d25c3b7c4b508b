"""The take-outs (P-5) and copying approvals (P-6-5) over the API: list, retrieve, and the acts: take a
file out, make a copy (both stream the file), record the return or a copy's disposal. The same services
as the pages (:mod:`.records`)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contracts_visible_to
from itaku.core import serializers
from itaku.core.exceptions import PermissionRefused

from . import records
from .models import CopyAllowance, DatasetCopy, TakeOut
from .views_records import file_response


class TakeOutSerializer(serializers.ModelSerializer):
    holder = UsernameField()
    returned_by = UsernameField(allow_null=True)
    dataset_name = serializers.CharField(source="dataset.name", read_only=True)

    class Meta:
        model = TakeOut
        fields = ["id", "contract", "consent", "dataset", "dataset_name", "holder", "place", "starts_on", "return_by",
                  "state", "returned_on", "returned_by", "return_note"]


class DatasetCopySerializer(serializers.ModelSerializer):
    made_by = UsernameField()
    disposed_by = UsernameField(allow_null=True)

    class Meta:
        model = DatasetCopy
        fields = ["id", "number", "file", "made_by", "made_at", "disposed_on", "disposed_by", "disposal_method"]


class CopyAllowanceSerializer(serializers.ModelSerializer):
    holder = UsernameField()
    dataset_name = serializers.CharField(source="dataset.name", read_only=True)
    copies = DatasetCopySerializer(many=True, read_only=True)

    class Meta:
        model = CopyAllowance
        fields = ["id", "contract", "consent", "dataset", "dataset_name", "holder", "approved", "made", "dispose_by",
                  "copies"]


class ReturnSerializer(serializers.Serializer):
    returned_on = serializers.DateField(required=False, help_text="ISO 8601; today when left out")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=records.MAX_NOTE)


class FileSerializer(serializers.Serializer):
    file = serializers.IntegerField(help_text="the dataset file to copy")


class DisposeSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="the copy's number under this approval")
    method = serializers.CharField(max_length=300)
    disposed_on = serializers.DateField(required=False, help_text="ISO 8601; today when left out")


class ContractFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")


def _dataset_file(record, pk):
    from itaku.privacy.models import DatasetFile

    if pk is None:
        raise Http404
    file = (DatasetFile.objects.select_related("dataset__contract")
            .filter(pk=pk, dataset__contract_id=record.contract_id).first())
    if file is None:
        raise Http404
    return file


def _int(value):
    return int(value) if isinstance(value, str) and value.isdigit() else None


class TakeOutViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TakeOutSerializer
    filterset_class = ContractFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (TakeOut.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("dataset", "holder", "returned_by").order_by("-starts_on", "-id"))

    @extend_schema(request=ReturnSerializer, responses=TakeOutSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Record the return (P-5): the holder, the privacy officer or the representative."""
        takeout = self.get_object()
        if not records.may_close(request.user, takeout.contract, takeout.holder_id):
            raise PermissionRefused(_("返却を記録できるのは、持ち出した者、個人情報保護責任者又は代表者です。"),
                                    clause="P-5")
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        takeout = records.takeout_return(actor=request.user, takeout=takeout, on=data.get("returned_on"),
                                         note=data["note"])
        return Response(TakeOutSerializer(takeout).data)

    @extend_schema(parameters=[OpenApiParameter("file", int, required=True)],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        """Download a file of the dataset for this take-out (P-5): its holder, within its period, until returned."""
        takeout = self.get_object()
        file = _dataset_file(takeout, _int(request.query_params.get("file")))
        stream = records.takeout_file_read(actor=request.user, file=file, takeout=takeout)
        return file_response(file, stream, "takeout")


class CopyAllowanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CopyAllowanceSerializer
    filterset_class = ContractFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (CopyAllowance.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("dataset", "holder").prefetch_related("copies__made_by", "copies__disposed_by")
                .order_by("-opened_at", "-id"))

    @extend_schema(request=FileSerializer, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        """Make one copy of a file of the dataset (P-6-5): its holder, within the approved number."""
        allowance = self.get_object()
        serializer = FileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        file = _dataset_file(allowance, serializer.validated_data["file"])
        copy, stream = records.copy_file_read(actor=request.user, file=file, allowance=allowance)
        return file_response(file, stream, f"copy{copy.number}")

    @extend_schema(request=DisposeSerializer, responses=CopyAllowanceSerializer)
    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        """Record the disposal of one copy (P-6-5): its maker, the privacy officer or the representative."""
        allowance = self.get_object()
        if not records.may_close(request.user, allowance.contract, allowance.holder_id):
            raise PermissionRefused(_("廃棄を記録できるのは、複製した者、個人情報保護責任者又は代表者です。"),
                                    clause="P-6-5")
        serializer = DisposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        copy = allowance.copies.filter(number=data["number"]).first()
        if copy is None:
            raise Http404
        records.dataset_copy_dispose(actor=request.user, copy=copy, method=data["method"], on=data.get("disposed_on"))
        return Response(CopyAllowanceSerializer(self.get_queryset().get(pk=allowance.pk)).data)


ROUTES = [("takeouts", TakeOutViewSet, "takeout"), ("copy-allowances", CopyAllowanceViewSet, "copy-allowance")]
