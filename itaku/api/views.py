from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView


class TokenView(ObtainAuthToken):
    """POST username and password; get ``{"token": ...}`` for the ``Authorization: Token …`` header."""

    throttle_scope = "token"
    throttle_classes = [ScopedRateThrottle]

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField()}),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        from rest_framework.authtoken.models import Token

        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


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

