"""The API's filter backend (``REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]``): django-filter's, with the
input hygiene of :mod:`itaku.core.hygiene` on every filter of every list endpoint.

The filter set's form is given :class:`itaku.core.forms.InputHygieneMixin`, so query parameters pass the
one text check (control characters refused, NFKC for numbers and codes); and a number filter on an
integer column (an ID, a foreign key, a year) accepts only a whole number within that column's range, as
PostgreSQL holds it (64-bit for IDs and ``BigIntegerField``, 32-bit for ``IntegerField``, 16-bit for
``SmallIntegerField``), on every database: ``?contract=1e30`` is a 400 naming ``contract``.
"""

from django import forms as django_forms
from django.core.exceptions import FieldDoesNotExist
from django_filters.rest_framework import DjangoFilterBackend

from . import hygiene
from .forms import InputHygieneMixin

NUMBER_FIELDS = (django_forms.DecimalField, django_forms.IntegerField, django_forms.FloatField)


def model_field_of(model, path: str):
    """The model field at the end of ``path`` (``contract_id``, ``contract__fiscal_year``), or None."""
    field = None
    for part in path.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model if field.is_relation else None
    return field


class FilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        form_class = filterset.get_form_class()
        form_class = type(form_class.__name__, (InputHygieneMixin, form_class), {})
        if filterset.is_bound:
            form = form_class(filterset.data, prefix=filterset.form_prefix)
        else:
            form = form_class(prefix=filterset.form_prefix)
        for name, filter_ in filterset.filters.items():
            field = form.fields[name]
            if isinstance(field, NUMBER_FIELDS) and not filter_.method:
                model_field = model_field_of(queryset.model, filter_.field_name)
                integer_range = hygiene.db_integer_range(model_field) if model_field is not None else None
                if integer_range is not None:
                    field.integer_range = integer_range
        filterset._form = form
        return filterset
