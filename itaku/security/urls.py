from django.urls import path

from . import questionnaire_urls, views

app_name = "security"
prefix = "contracts/<int:contract_pk>/security/"
urlpatterns = [
    path(f"{prefix}assets/new/", views.asset_create, name="asset_create"),
    path(f"{prefix}assets/<int:pk>/close/", views.asset_close, name="asset_close"),
    path(f"{prefix}officer/", views.officer_appoint, name="officer_appoint"),
    path(f"{prefix}notices/", views.notice_submit, name="notice_submit"),
    path(f"{prefix}notices/<int:pk>/receive/", views.notice_receive, name="notice_receive"),
    path(f"{prefix}premises/new/", views.premises_create, name="premises_create"),
    path(f"{prefix}premises/<int:pk>/acknowledge/", views.premises_acknowledge, name="premises_acknowledge"),
    path(f"{prefix}education/new/", views.education_create, name="education_create"),
    path(f"{prefix}policies/new/", views.policy_create, name="policy_create"),
    path(f"{prefix}declaration/", views.declaration_create, name="declaration_create"),
    *questionnaire_urls.urlpatterns,
]
