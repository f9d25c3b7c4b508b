from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from itaku.core import forms
from itaku.core.admin import ReadOnlyAdmin
from itaku.core.exceptions import ClauseViolation

from .models import Membership, Organisation, User
from .services import organisation_save, user_password_recorded, user_save
from .signin import lockout_lift, mfa_remove


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

    actions = ["remove_second_factor"]

    def save_model(self, request, obj, form, change):
        user_save(actor=request.user, user=obj)

    @admin.action(description=_("選択した利用者の2段階認証を解除する（端末をなくしたとき）"), permissions=["change"])
    def remove_second_factor(self, request, queryset):
        done = []
        for user in queryset:
            try:
                mfa_remove(actor=request.user, user=user)
            except ClauseViolation:
                continue
            done.append(user.username)
        self.message_user(request, _("2段階認証を解除しました: %(users)s") % {"users": ", ".join(done) or "-"})

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


# --- sign-in: lockouts and second factors ----------------------------------------------------------

for model in (AccessAttempt, TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failed sign-ins by account and address; a row at the limit is a lockout. Lifting one is
    journaled (the rows cannot be deleted any other way)."""

    actions = ["lift"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("選択したロックを解除する"), permissions=["lift"])
    def lift(self, request, queryset):
        count = lockout_lift(actor=request.user, attempts=list(queryset))
        self.message_user(request, _("%(count)d件のロックを解除しました。") % {"count": count})

    def has_lift_permission(self, request):
        return request.user.has_perm("axes.delete_accessattempt")
