"""The contract's personal information over the API: the register, the vault's files (upload, download),
each dataset's access log, the close-out (P-6-7) and the client side's grants. The same services and
selectors as the pages; a refused access answers 403 with its clause, a file the vault cannot open 409."""

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from itaku.accounts.choices import Role
from itaku.accounts.models import User
from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get
from itaku.core import serializers
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.documents.http import document_attachment

from . import selectors, services
from .access import file_refusal
from .choices import CloseOutMethod, HandlingPlace, Medium, Source
from .models import AccessGrant, Dataset, DatasetFile
from .services._common import roles_of
from .upload import seal_uploads
from .views import _quote, refusal_status


def _require(user, dataset, role) -> None:
    """Who may act is settled before the input is read."""
    if role not in roles_of(user, dataset.contract):
        raise PermissionRefused(_("この操作ができるのは、この契約の%(role)sです。") % {"role": Role(role).label})


def _refusal(exc: ClauseViolation) -> Response:
    body = {"code": exc.code, "clause": exc.clause, "detail": str(exc.detail)}
    if exc.field:
        body["field"] = exc.field
    return Response(body, status=refusal_status(exc))


class DatasetFileSerializer(serializers.ModelSerializer):
    uploaded_by = UsernameField()

    class Meta:
        model = DatasetFile
        fields = ["id", "dataset", "name", "size", "sha256", "ciphertext_size", "ciphertext_sha256", "uploaded_by",
                  "uploaded_at", "erased_at"]


class DatasetSerializer(serializers.ModelSerializer):
    registered_by = UsernameField()
    directed_by = UsernameField(allow_null=True)
    closed_by = UsernameField(allow_null=True)
    confirmed_by = UsernameField(allow_null=True)

    class Meta:
        model = Dataset
        fields = ["id", "contract", "name", "description", "items", "people_count", "source", "collection_purpose",
                  "purpose_stated", "medium", "storage_place", "storage_lockable", "handling_place", "state",
                  "registered_by", "registered_at", "directed_method", "directed_by", "directed_on",
                  "closed_method", "closed_by", "closed_on", "confirmed_by", "confirmed_on", "destroyed"]


class DatasetCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    items = serializers.CharField(max_length=4000)
    people_count = serializers.IntegerField(min_value=0, max_value=2_000_000_000)
    source = serializers.ChoiceField(choices=Source.choices)
    collection_purpose = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    purpose_stated = serializers.BooleanField(required=False, allow_null=True, default=None)
    medium = serializers.ChoiceField(choices=Medium.choices)
    storage_place = serializers.CharField(max_length=200)
    storage_lockable = serializers.BooleanField()
    handling_place = serializers.ChoiceField(choices=HandlingPlace.choices)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class EventSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_name")
    action = serializers.CharField()
    clause = serializers.CharField(source="clause_id")
    data = serializers.DictField()


class DirectSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=CloseOutMethod.choices)
    directed_on = serializers.DateField(required=False)


class CloseOutSerializer(serializers.Serializer):
    how = serializers.CharField(max_length=200)
    closed_on = serializers.DateField(required=False)


class ConfirmSerializer(serializers.Serializer):
    confirmed_on = serializers.DateField(required=False)


class CertificateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()


class DatasetFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")
    state = filters.CharFilter(field_name="state")

    class Meta:
        model = Dataset
        fields = ["contract", "state"]


class DatasetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = DatasetFilter
    lookup_value_regex = r"\d+"
    serializer_class = DatasetSerializer
    parser_classes = [JSONParser, MultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        seal_uploads(request)  # before anything reads the body: an upload never lands on disk in clear
        return super().initialize_request(request, *args, **kwargs)

    def get_queryset(self):
        return (selectors.datasets_visible_to(self.request.user)
                .select_related("registered_by", "directed_by", "closed_by", "confirmed_by").order_by("id"))

    def get_object(self):
        dataset = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if dataset is None:
            from django.http import Http404

            raise Http404
        return dataset

    def _detail(self, dataset, status=200):
        return Response(DatasetSerializer(self.get_queryset().get(pk=dataset.pk)).data, status=status)

    @extend_schema(request=DatasetCreateSerializer, responses={201: DatasetSerializer})
    def create(self, request, *args, **kwargs):
        """Register a dataset (the contractor's privacy officer, named and briefed)."""
        serializer = DatasetCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = contract_get(request.user, data.pop("contract"))
        return self._detail(services.dataset_register(actor=request.user, contract=contract, **data), status=201)

    @extend_schema(methods=["GET"], request=None, responses=DatasetFileSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses={201: DatasetFileSerializer})
    @action(detail=True, methods=["get", "post"])
    def files(self, request, pk=None):
        """GET: the dataset's files. POST: add a file (multipart ``file``), encrypted as it streams in."""
        dataset = self.get_object()
        if request.method == "GET":
            return Response(DatasetFileSerializer(selectors.file_list(dataset), many=True).data)
        serializer = UploadSerializer(data=request.data)
        if file_refusal(request.user, dataset.contract) is None:
            serializer.is_valid(raise_exception=True)
        try:  # a person who may not add files is refused (and journaled) whatever was sent
            record = services.dataset_file_add(actor=request.user, dataset=dataset,
                                               upload=serializer.validated_data["file"]
                                               if serializer.is_valid() else None)
        except ClauseViolation as exc:
            return _refusal(exc)
        return Response(DatasetFileSerializer(record).data, status=201)

    @extend_schema(request=None, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>\d+)", url_name="file")
    def file(self, request, pk=None, file_pk=None):
        """The file's content, decrypted (for a person who may handle it now); the read or the refusal is
        journaled."""
        dataset = self.get_object()
        record = selectors.file_get(request.user, file_pk, dataset=dataset)
        try:
            stream = services.dataset_file_read(actor=request.user, file=record)
        except ClauseViolation as exc:
            return _refusal(exc)
        response = StreamingHttpResponse(stream, content_type="application/octet-stream")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(record.name)}"
        response["Content-Length"] = str(record.size)
        return response

    @extend_schema(request=None, responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="access-log")
    def access_log(self, request, pk=None):
        """Every read, write, refusal and close-out step on the dataset, newest first."""
        return Response(EventSerializer(selectors.access_log(self.get_object()), many=True).data)

    @extend_schema(request=DirectSerializer, responses=DatasetSerializer)
    @action(detail=True, methods=["post"])
    def direct(self, request, pk=None):
        """The client's officer directs the return, disposal or erasure (P-6-7)."""
        dataset = self.get_object()
        _require(request.user, dataset, Role.OFFICER)
        serializer = DirectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._detail(services.dataset_direct(actor=request.user, dataset=dataset, method=data["method"],
                                                    on=data.get("directed_on")))

    @extend_schema(request=CloseOutSerializer, responses=DatasetSerializer)
    @action(detail=True, methods=["post"], url_path="close-out")
    def close_out(self, request, pk=None):
        """The contractor's privacy officer records the return, disposal or erasure; the vault's files and
        the data key are destroyed (P-6-7)."""
        dataset = self.get_object()
        _require(request.user, dataset, Role.PRIVACY_OFFICER)
        serializer = CloseOutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._detail(services.dataset_close_out(actor=request.user, dataset=dataset, how=data["how"],
                                                       on=data.get("closed_on")))

    @extend_schema(request=ConfirmSerializer, responses=DatasetSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The client's officer confirms the close-out (P-6-7)."""
        dataset = self.get_object()
        _require(request.user, dataset, Role.OFFICER)
        serializer = ConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._detail(services.dataset_confirm(actor=request.user, dataset=dataset,
                                                     on=serializer.validated_data.get("confirmed_on")))

    @extend_schema(request=CertificateSerializer, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=False, methods=["post"])
    def certificate(self, request):
        """Generate the contract's disposal certificate (PDF; stored and journaled)."""
        serializer = CertificateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contract = contract_get(request.user, serializer.validated_data["contract"])
        return document_attachment(services.disposal_certificate_generate(actor=request.user, contract=contract))


class GrantSerializer(serializers.ModelSerializer):
    user = UsernameField()
    granted_by = UsernameField()
    revoked_by = UsernameField(allow_null=True)

    class Meta:
        model = AccessGrant
        fields = ["id", "contract", "user", "kind", "reason", "granted_by", "granted_at", "revoked_by", "revoked_at"]


class GrantCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    user = serializers.CharField(max_length=150, help_text="the username of a client user of the contract")
    reason = serializers.CharField(max_length=1000)


class GrantFilter(filters.FilterSet):
    contract = filters.NumberFilter(field_name="contract_id")

    class Meta:
        model = AccessGrant
        fields = ["contract"]


class GrantViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The client side's permissions to open a contract's personal-information files (P-6-1)."""

    filterset_class = GrantFilter
    lookup_value_regex = r"\d+"
    serializer_class = GrantSerializer

    def get_queryset(self):
        from itaku.contracts.selectors import contracts_visible_to

        return (AccessGrant.objects.filter(contract__in=contracts_visible_to(self.request.user))
                .select_related("user", "granted_by", "revoked_by").order_by("-granted_at", "-id"))

    @extend_schema(request=GrantCreateSerializer, responses={201: GrantSerializer})
    def create(self, request, *args, **kwargs):
        """Grant a client user of the contract access to its files (the contract's officer)."""
        serializer = GrantCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contract = contract_get(request.user, data["contract"])
        user = User.objects.filter(username=data["user"]).first()
        if user is None:
            raise ClauseViolation(_("利用者が見つかりません。"), code="grant_user", clause="P-6-1", field="user")
        grant = services.access_grant(actor=request.user, contract=contract, user=user, reason=data["reason"])
        return Response(GrantSerializer(grant).data, status=201)

    @extend_schema(request=None, responses=GrantSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke a grant (the contract's officer)."""
        grant = self.get_queryset().filter(pk=pk).first()
        if grant is None:
            from django.http import Http404

            raise Http404
        return Response(GrantSerializer(services.access_revoke(actor=request.user, grant=grant)).data)


ROUTES = [("datasets", DatasetViewSet, "dataset"), ("privacy-grants", GrantViewSet, "privacy-grant")]
