from django.contrib import admin
from django.urls import include, path

from itaku.core import views as core_views
from itaku.obligations.views import dashboard

urlpatterns = [
    path("", dashboard, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("itaku.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("contracts/", include("itaku.contracts.urls")),
    path("", include("itaku.obligations.urls")),
    path("", include("itaku.rates.urls")),
    path("", include("itaku.consents.urls")),
    path("", include("itaku.oversight.urls")),
    path("", include("itaku.personnel.urls")),
    path("", include("itaku.privacy.urls")),
    path("", include("itaku.security.urls")),
    path("", include("itaku.incidents.urls")),
    path("api/", include("itaku.api.urls")),
    path("admin/", admin.site.urls),
]


handler400 = "itaku.core.views.bad_request"
handler403 = "itaku.core.views.permission_denied"
handler404 = "itaku.core.views.page_not_found"
handler500 = "itaku.core.views.server_error"
