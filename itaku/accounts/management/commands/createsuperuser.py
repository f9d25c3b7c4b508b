"""``createsuperuser`` that always applies the password validators: Django's command offers to
bypass them when typing a password, and does not check DJANGO_SUPERUSER_PASSWORD at all."""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core import exceptions
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    help = "Create a superuser; the password must pass the password validators."

    def handle(self, *args, **options):
        if not options["interactive"] and "DJANGO_SUPERUSER_PASSWORD" in os.environ:
            field = self.UserModel.USERNAME_FIELD
            username = options.get(field) or os.environ.get(f"DJANGO_SUPERUSER_{field.upper()}", "")
            try:
                validate_password(os.environ["DJANGO_SUPERUSER_PASSWORD"], self.UserModel(**{field: username}))
            except exceptions.ValidationError as err:
                raise CommandError(" ".join(err.messages)) from err
        # Django's interactive prompt asks "Bypass password validation…?" through the module's
        # ``input``: answer no, so that the password is asked again.
        createsuperuser.input = self._no_bypass
        try:
            return super().handle(*args, **options)
        finally:
            del createsuperuser.input

    def _no_bypass(self, prompt=""):
        if prompt.startswith("Bypass password validation"):
            self.stderr.write("The password validators cannot be bypassed; choose another password.")
            return "n"
        return input(prompt)
