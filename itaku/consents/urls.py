from django.urls import path

from . import views, views_records

app_name = "consents"
prefix = "contracts/<int:contract_pk>/consents/"
urlpatterns = [
    path(f"{prefix}new/<slug:kind>/", views.consent_create, name="create"),
    path(f"{prefix}<int:pk>/", views.consent_detail, name="detail"),
    path(f"{prefix}<int:pk>/decide/", views.consent_decide_view, name="decide"),
    path(f"{prefix}<int:pk>/withdraw/", views.consent_withdraw_view, name="withdraw"),
    path(f"{prefix}<int:pk>/letter.pdf", views.consent_letter, name="letter"),
    path(f"{prefix}<int:pk>/effect/", views.consent_effect, name="effect"),
    # P-5, P-6-5: the acts the approvals open, and their closing.
    path(f"{prefix}files/<int:file_pk>/takeout/", views_records.takeout_file, name="takeout_file"),
    path(f"{prefix}files/<int:file_pk>/copy/", views_records.copy_file, name="copy_file"),
    path(f"{prefix}takeouts/<int:pk>/return/", views_records.takeout_return_view, name="takeout_return"),
    path(f"{prefix}copies/<int:pk>/dispose/", views_records.copy_dispose_view, name="copy_dispose"),
]
