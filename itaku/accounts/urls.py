from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("security/", views.mfa, name="mfa"),
    path("security/setup/", views.mfa_setup, name="mfa_setup"),
    path("security/verify/", views.mfa_verify_view, name="mfa_verify"),
    path("security/recovery-codes/", views.mfa_recovery, name="mfa_recovery"),
    path("security/remove/", views.mfa_remove_view, name="mfa_remove"),
    path("token/", views.api_token, name="api_token"),
]
