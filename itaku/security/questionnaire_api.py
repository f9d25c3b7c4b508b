"""The self-assessment sheet (F-S) over the API (/api/v1/security-sheet-versions/): the versions with their
answers (read), the draft (open, answer, measures, submit: the contractor) and the review (the officer),
form F-S as PDF/XLSX. The same services and selectors as the pages; scoped to the contracts the user sees."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from itaku.accounts.choices import Role
from itaku.api.schema import UsernameField
from itaku.contracts.selectors import contract_get, contracts_visible_to
from itaku.core import serializers
from itaku.core.exceptions import PermissionRefused
from itaku.documents.http import document_attachment
from itaku.documents.services import document_generate

from . import questionnaire_services as services
from .models import SheetAnswer, SheetVersion
from .questionnaire_choices import CLAUSE, FORM, Result
from .questionnaire_selectors import ANSWERS


class SheetAnswerSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="item.number", read_only=True)
    category = serializers.CharField(source="item.category.name", read_only=True)
    text = serializers.CharField(source="item.text", read_only=True)

    class Meta:
        model = SheetAnswer
        fields = ["id", "number", "category", "text", "result", "remark", "target_on", "review_comment"]


class SheetVersionSerializer(serializers.ModelSerializer):
    contract = serializers.IntegerField(source="sheet.contract_id", read_only=True)
    template_version = serializers.IntegerField(source="template.version", read_only=True)
    answers = SheetAnswerSerializer(many=True, read_only=True)
    created_by = UsernameField()
    submitted_by = UsernameField(allow_null=True)
    decided_by = UsernameField(allow_null=True)

    class Meta:
        model = SheetVersion
        fields = ["id", "contract", "number", "state", "template_version", "contents", "answers", "measures",
                  "created_at", "created_by", "submitted_on", "submitted_at", "submitted_by", "decided_on",
                  "decided_at", "decided_by", "comment", "content_sha256"]


class SheetDraftSerializer(serializers.Serializer):
    contract = serializers.IntegerField()


class SheetAnswerInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    result = serializers.ChoiceField(choices=Result.choices)
    remark = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    target_on = serializers.DateField(required=False, allow_null=True, default=None)


class SheetAnswersSerializer(serializers.Serializer):
    answers = SheetAnswerInputSerializer(many=True, required=False, default=list)
    measures = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=4000), required=False,
                                     default=dict, help_text="section 3, by key: storage, takeout, return_disposal, "
                                                             "education, other")


class SheetSubmitSerializer(serializers.Serializer):
    submitted_on = serializers.DateField(required=False, help_text="the sheet's date (ISO 8601); today if left out")


class SheetReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "return"])
    decided_on = serializers.DateField(required=False)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    item_comments = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=2000),
                                          required=False, default=dict, help_text="{item number: comment}")


class SheetVersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    """Versions of the contracts' F-S sheets. POST opens the draft of a new version (the representative);
    the actions answer, submit (the representative) and review (the officer)."""

    serializer_class = SheetVersionSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = (SheetVersion.objects.filter(sheet__contract__in=contracts_visible_to(self.request.user))
              .select_related("sheet", "template", "created_by", "submitted_by", "decided_by")
              .prefetch_related(ANSWERS).order_by("sheet__contract_id", "-number"))
        contract = self.request.query_params.get("contract", "")
        if contract.isdigit():
            qs = qs.filter(sheet__contract_id=int(contract))
        return qs

    def get_object(self):
        version = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if version is None:
            raise Http404
        return version

    def _as(self, roles, message):
        """The version, once it is settled that the user holds one of ``roles`` (before the input is read)."""
        version = self.get_object()
        if not services.roles_of(self.request.user, version.sheet.contract) & set(roles):
            raise PermissionRefused(message, clause=CLAUSE)
        return version

    def _detail(self, version, status=200):
        return Response(SheetVersionSerializer(self.get_queryset().get(pk=version.pk)).data, status=status)

    @extend_schema(parameters=[OpenApiParameter("contract", int, description="one contract's versions")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SheetDraftSerializer, responses={201: SheetVersionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = SheetDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contract = contract_get(request.user, serializer.validated_data["contract"])
        return self._detail(services.sheet_draft(actor=request.user, contract=contract), status=201)

    @extend_schema(request=SheetAnswersSerializer, responses=SheetVersionSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        """Answer items of the draft and write section 3 (the representative or the security officer)."""
        version = self._as(services.EDITORS,
                           _("外部委託先調査シートを記入できるのはこの契約の乙の代表者又はセキュリティ責任者です。"))
        serializer = SheetAnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answers = {a["number"]: {"result": a["result"], "remark": a["remark"], "target_on": a["target_on"]}
                   for a in data["answers"]}
        services.answers_save(actor=request.user, version=version, answers=answers)
        if data["measures"]:
            services.measures_save(actor=request.user, version=version, measures=data["measures"])
        return self._detail(version)

    @extend_schema(request=SheetSubmitSerializer, responses=SheetVersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        version = self._as({Role.REPRESENTATIVE}, _("外部委託先調査シートを提出できるのはこの契約の乙の代表者です。"))
        serializer = SheetSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.sheet_submit(actor=request.user, version=version, on=serializer.validated_data.get("submitted_on"))
        return self._detail(version)

    @extend_schema(request=SheetReviewSerializer, responses=SheetVersionSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        version = self._as({Role.OFFICER},
                           _("外部委託先調査シートを受理・差し戻しできるのはこの契約の甲の契約担当です。"))
        serializer = SheetReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.sheet_review(actor=request.user, version=version, accept=data["decision"] == "accept",
                              comment=data["comment"], item_comments=data["item_comments"],
                              on=data.get("decided_on"))
        return self._detail(version)

    @extend_schema(request=None, parameters=[OpenApiParameter("fmt", str, "path", enum=["pdf", "xlsx"])],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY})
    @action(detail=True, methods=["post"], url_path=r"document/(?P<fmt>pdf|xlsx)")
    def document(self, request, pk=None, fmt="pdf"):
        """Form F-S of this version (stored with its SHA-256 and journaled)."""
        version = self.get_object()
        return document_attachment(document_generate(actor=request.user, contract=version.sheet.contract,
                                                     kind=FORM, fmt=fmt, source=version))


ROUTES = [("security-sheet-versions", SheetVersionViewSet, "security-sheet-version")]
