from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .views import ApiDocsView, ApiRoot, TokenView

# Each app lists its API endpoints in ``ROUTES`` of its ``api`` module: (prefix, viewset, basename).
API_MODULES = ["itaku.contracts.api", "itaku.obligations.api", "itaku.rates.api", "itaku.consents.api",
               "itaku.oversight.api", "itaku.personnel.api", "itaku.privacy.api", "itaku.security.api",
               "itaku.incidents.api"]

router = SimpleRouter()
for module in API_MODULES:
    for prefix, viewset, basename in import_module(module).ROUTES:
        router.register(prefix, viewset, basename=basename)

v1 = ([
    path("", ApiRoot.as_view(), name="root"),
    path("auth/token/", TokenView.as_view(), name="token"),
    *router.urls,
], "api")

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(), name="api-docs"),
]
