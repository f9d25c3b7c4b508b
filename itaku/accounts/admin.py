from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from itaku.core import forms
from itaku.core.admin import ReadOnlyAdmin

from .models import Membership, Organisation, User
from .services import organisation_save, user_password_recorded, user_save


class UserChangeForm(forms.InputHygieneMixin, auth_forms.UserChangeForm):
    """The admin's user form, with the input hygiene of every form."""

    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


class UserCreationForm(forms.InputHygieneMixin, auth_forms.AdminUserCreationForm):
    """The admin's form for a new user, with the input hygiene of every form."""

    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = forms.ModelForm  # the input hygiene of every form
    list_display = ["name", "kind", "representative_title", "representative_name", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name", "address"]

    def save_model(self, request, obj, form, change):
        organisation_save(actor=request.user, organisation=obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["username", "display_name", "organisation", "is_active", "is_staff"]
    list_filter = ["organisation", "is_active", "is_staff", "groups"]
    list_select_related = ["organisation"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("組織"), {"fields": ["organisation", "display_name", "job_title"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("組織"), {"fields": ["organisation", "display_name"]}),)

    def save_model(self, request, obj, form, change):
        user_save(actor=request.user, user=obj)

    def user_change_password(self, request, id, form_url=""):
        """The admin's password form: the change and its journal event in one transaction."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user_password_recorded(actor=request.user, user=User.objects.get(pk=id))
        return response

    def save_related(self, request, form, formsets, change):
        """Group changes are saved after the user: journal them as a change of the user."""
        super().save_related(request, form, formsets, change)
        if "groups" in form.changed_data or "user_permissions" in form.changed_data:
            user_save(actor=request.user, user=form.instance)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Read-only: memberships change through the services, which journal every change."""

    list_display = ["contract", "user", "role"]
    list_filter = ["role"]
    list_select_related = ["contract", "user"]
