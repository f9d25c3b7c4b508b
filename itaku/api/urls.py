from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from itaku.contracts.api import ContractViewSet

from .views import ApiRoot, TokenView

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="contract")

v1 = ([
    path("", ApiRoot.as_view(), name="root"),
    path("auth/token/", TokenView.as_view(), name="token"),
    *router.urls,
], "api")

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
