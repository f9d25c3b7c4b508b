from django.urls import path

from . import views

app_name = "privacy"
prefix = "contracts/<int:contract_pk>/privacy/"
urlpatterns = [
    path(f"{prefix}new/", views.dataset_create, name="create"),
    path(f"{prefix}datasets/<int:pk>/", views.dataset_detail, name="dataset"),
    path(f"{prefix}datasets/<int:pk>/files/", views.file_upload, name="file_upload"),
    path(f"{prefix}datasets/<int:pk>/files/<int:file_pk>/", views.file_download, name="file_download"),
    path(f"{prefix}datasets/<int:pk>/direct/", views.dataset_direct_view, name="direct"),
    path(f"{prefix}datasets/<int:pk>/close-out/", views.dataset_close_out_view, name="close_out"),
    path(f"{prefix}datasets/<int:pk>/confirm/", views.dataset_confirm_view, name="confirm"),
    path(f"{prefix}grants/new/", views.grant_create, name="grant_create"),
    path(f"{prefix}grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path(f"{prefix}certificate.pdf", views.certificate, name="certificate"),
]
