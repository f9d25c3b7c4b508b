"""Django's forms with the input hygiene of :mod:`itaku.core.hygiene`: import this module instead of
``django.forms`` (``from itaku.core import forms``). ``forms.Form`` and ``forms.ModelForm`` are then
the hygienic ones; every other name is Django's.

Before the fields read the input, every value sent for a field (query parameters and posted fields
alike) is cleaned by the one text check: control characters are refused with a form error on that
field, and the text is normalised (NFKC for numbers, dates, choices and codes; NFC for prose). After the
fields have read it, integers outside their database range and dates outside the range the system
handles are form errors (codes ``out_of_range`` and ``date_out_of_range``).
"""

from django import forms as _django_forms
from django.core.exceptions import ValidationError
from django.forms import *  # noqa: F403 - this module stands in for django.forms
from django.utils.datastructures import MultiValueDict

from . import hygiene

# Fields whose text is a number, a date, a choice or a code: read in NFKC. Any field can say otherwise
# with an attribute ``normalisation`` (hygiene.CODE or hygiene.PROSE).
CODE_FIELDS = (
    _django_forms.IntegerField, _django_forms.DecimalField, _django_forms.FloatField, _django_forms.DateField,
    _django_forms.DateTimeField, _django_forms.TimeField, _django_forms.DurationField, _django_forms.ChoiceField,
    _django_forms.BooleanField, _django_forms.EmailField, _django_forms.SlugField, _django_forms.UUIDField,
    _django_forms.GenericIPAddressField, _django_forms.ModelChoiceField,
)
DATE_FIELDS = (_django_forms.DateField, _django_forms.DateTimeField)


def normalisation_of(field) -> str:
    explicit = getattr(field, "normalisation", None)
    if explicit:
        return explicit
    return hygiene.CODE if isinstance(field, CODE_FIELDS) else hygiene.PROSE


def _error(exc: hygiene.InputRefused) -> ValidationError:
    return ValidationError(exc.message, code=exc.code)


class InputHygieneMixin:
    """The hygiene for any Django form (also the forms of django-filter's filter sets)."""

    def full_clean(self):
        self._refused = {}
        if self.is_bound:
            self.data = self._clean_data(self.data)
        super().full_clean()

    def _field_of_key(self, key: str):
        """The field name a posted key belongs to (a widget may post ``name_0``, ``name_1``)."""
        for name in self.fields:
            html_name = self.add_prefix(name)
            if key == html_name or (key.startswith(html_name + "_") and key[len(html_name) + 1:].isdigit()):
                return name
        return None

    def _clean_data(self, data):
        multi = isinstance(data, MultiValueDict)
        items = data.lists() if multi else data.items()
        cleaned = type(data)() if multi else {}
        if multi and getattr(cleaned, "_mutable", True) is False:
            cleaned._mutable = True
        for key, value in items:
            name = self._field_of_key(key) if isinstance(key, str) else None
            if name is None or self.fields[name].disabled:  # not read by this form: left as it is
                cleaned.setlist(key, value) if multi else cleaned.__setitem__(key, value)
                continue
            try:
                value = hygiene.clean_value(value, normalisation_of(self.fields[name]))
            except hygiene.InputRefused as exc:
                self._refused.setdefault(name, _error(exc))
            except hygiene.NestedRefusal as exc:
                self._refused.setdefault(name, _error(exc.first()))
            cleaned.setlist(key, value) if multi else cleaned.__setitem__(key, value)
        if multi and hasattr(data, "_mutable"):
            cleaned._mutable = data._mutable
        return cleaned

    def _clean_fields(self):
        for name, bf in self._bound_items():
            field = bf.field
            if name in self._refused:
                self.add_error(name, self._refused[name])
                continue
            try:
                if isinstance(field, DATE_FIELDS) and not field.disabled:
                    for value in bf.data if isinstance(bf.data, list) else [bf.data]:
                        hygiene.refuse_far_date_text(value)
                value = field._clean_bound_field(bf)
                _check_range(field, value)
                self.cleaned_data[name] = value
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except hygiene.InputRefused as exc:
                self.add_error(name, _error(exc))
            except ValidationError as exc:
                self.add_error(name, exc)


def _check_range(field, value) -> None:
    """Integers within their column's range (``field.integer_range``, else 64-bit); dates within the
    system's range."""
    if value is None or value == "" or isinstance(value, bool):
        return
    if isinstance(field, DATE_FIELDS):
        hygiene.check_date_range(value)
        return
    integer_range = getattr(field, "integer_range", None)
    if integer_range is None and isinstance(field, _django_forms.IntegerField) and not isinstance(
            field, _django_forms.DecimalField | _django_forms.FloatField):  # Django's are IntegerField subclasses
        integer_range = hygiene.INT64
    if integer_range is not None:
        if hasattr(value, "is_finite") and not value.is_finite():
            raise hygiene.InputRefused(hygiene.integer_range_message(*integer_range), hygiene.OUT_OF_RANGE)
        hygiene.check_integer_range(value, low=integer_range[0], high=integer_range[1])  # before int(1E+999999)
        if value != int(value):
            raise ValidationError(_django_forms.IntegerField.default_error_messages["invalid"], code="invalid")


class Form(InputHygieneMixin, _django_forms.Form):
    pass


class ModelForm(InputHygieneMixin, _django_forms.ModelForm):
    pass


class InlineSelect(_django_forms.Select):
    """Django's select, each option written in the select's own template instead of an included template
    per option: the same HTML, several times faster for a list of many choices (the contractors of a
    prefecture's contracts)."""

    template_name = "core/widgets/select.html"
