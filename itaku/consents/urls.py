from django.urls import path

from . import views

app_name = "consents"
prefix = "contracts/<int:contract_pk>/consents/"
urlpatterns = [
    path(f"{prefix}new/<slug:kind>/", views.consent_create, name="create"),
    path(f"{prefix}<int:pk>/", views.consent_detail, name="detail"),
    path(f"{prefix}<int:pk>/decide/", views.consent_decide_view, name="decide"),
    path(f"{prefix}<int:pk>/withdraw/", views.consent_withdraw_view, name="withdraw"),
    path(f"{prefix}<int:pk>/letter.pdf", views.consent_letter, name="letter"),
    path(f"{prefix}<int:pk>/effect/", views.consent_effect, name="effect"),
]
