from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views

from .services import user_password_change


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password change, through the journaled service."""

    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        user_password_change(actor=self.request.user, user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        return super(auth_views.PasswordChangeView, self).form_valid(form)
