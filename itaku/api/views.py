from django.utils.translation import get_language
from drf_spectacular.plumbing import get_relative_url, set_query_parameters
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from itaku.accounts.lockout import LOCKED_CODE, lockout_message
from itaku.accounts.signin import api_token_issue


class TokenView(ObtainAuthToken):
    """POST username and password (and ``otp``, the second factor's code, once enrolled); get
    ``{"token": ...}`` for the ``Authorization: Token …`` header. Wrong passwords count towards the
    same lockout as the login pages (429 ``locked_out``)."""

    throttle_scope = "token"
    throttle_classes = [ScopedRateThrottle]

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField(),
                                                   "otp": serializers.CharField(required=False)}),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(lockout_message())
            raise ValidationError(serializer.errors)
        otp = request.data.get("otp", "")
        token = api_token_issue(actor=serializer.validated_data["user"], otp=otp if isinstance(otp, str) else "")
        return Response({"token": token.key})


class LockedOut(APIException):
    status_code = 429
    default_code = LOCKED_CODE


class ApiRoot(APIView):
    """The API's entry points."""

    @extend_schema(exclude=True)
    def get(self, request, format=None):
        from .urls import router

        entries = {prefix: reverse(f"api:{basename}-list", request=request, format=format)
                   for prefix, viewset, basename in router.registry if hasattr(viewset, "list")}
        return Response({
            **entries,
            "schema": reverse("api-schema", request=request),
            "docs": reverse("api-docs", request=request),
        })


class ApiDocsView(SpectacularSwaggerView):
    """The interactive documentation inside the site's own page (header, menu, a way back, ``lang``).

    Swagger UI starts from a static script that reads its settings from the page, so the page has no
    inline script. The schema is asked for in the reader's language."""

    template_name = "api/docs.html"
    url_name = "api-schema"

    def _get_schema_url(self, request):
        url = get_relative_url(reverse(self.url_name, request=request))
        return set_query_parameters(url=url, lang=request.GET.get("lang") or get_language())
