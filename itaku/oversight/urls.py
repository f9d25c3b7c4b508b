from django.urls import path

from . import views, views_compliance

app_name = "oversight"
C = "contracts/<int:contract_pk>"
urlpatterns = [
    path(f"{C}/consultations/new/", views.consultation_create, name="consultation_create"),
    path(f"{C}/consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path(f"{C}/consultations/<int:consultation_pk>/documents/<int:pk>/", views.consultation_document,
         name="consultation_document"),
    path(f"{C}/oversight/new/", views.request_create, name="request_create"),
    path(f"{C}/oversight/<int:pk>/", views.request_detail, name="request_detail"),
    path(f"{C}/oversight/<int:pk>/respond/", views.request_respond, name="request_respond"),
    path(f"{C}/oversight/<int:pk>/accept/", views.request_accept, name="request_accept"),
    path(f"{C}/oversight/<int:pk>/reopen/", views.request_reopen, name="request_reopen"),
    path(f"{C}/oversight/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path(f"{C}/oversight/<int:request_pk>/files/<int:pk>/", views.response_file, name="response_file"),
    # P-10-1: compliance reports; P-14: the privacy declaration.
    path(f"{C}/compliance/schedule/", views_compliance.schedule_set, name="compliance_schedule"),
    path(f"{C}/compliance/<int:pk>/", views_compliance.report_detail, name="compliance_detail"),
    path(f"{C}/compliance/<int:pk>/review/", views_compliance.report_review, name="compliance_review"),
    path(f"{C}/compliance/declaration/", views_compliance.declaration_record, name="declaration"),
]
