from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerSplitView
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


class SwaggerView(SpectacularSwaggerSplitView):
    """The interactive documentation under the Content-Security-Policy: the page holds no inline script or
    style; its start script is served by the same URL with ``?script``."""

    template_name = "api/swagger_ui.html"

