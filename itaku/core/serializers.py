"""DRF's serializers with the input hygiene of :mod:`itaku.core.hygiene`: import this module instead of
``rest_framework.serializers`` (``from itaku.core import serializers``). ``Serializer`` and
``ModelSerializer`` are then the hygienic ones, and so are ``IntegerField``, ``DateField`` and
``DateTimeField`` (also as the defaults for the model fields of a ``ModelSerializer``); every other name
is DRF's.

Before the fields read the input, every value sent for a field (JSON, form or multipart bodies and query
parameters alike; strings nested in lists and objects such as a consent's JSON statement included) is
cleaned by the one text check: control characters are refused with a 400 naming the field, and the text
is normalised (NFKC for numbers, dates, choices and codes; NFC for prose and JSON statements). Integers
outside 64 bits (or the range a field declares) and dates outside the range the system handles are
refused with ``out_of_range`` and ``date_out_of_range``.
"""

from collections.abc import Mapping

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from rest_framework import serializers as _drf
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.fields import empty
from rest_framework.serializers import *  # noqa: F403 - this module stands in for rest_framework.serializers

from . import hygiene

# Fields whose text is a number, a date, a choice or a code: read in NFKC. Any field can say otherwise
# with an attribute ``normalisation`` (hygiene.CODE or hygiene.PROSE).
CODE_FIELDS = (
    _drf.IntegerField, _drf.FloatField, _drf.DecimalField, _drf.DateField, _drf.DateTimeField, _drf.TimeField,
    _drf.DurationField, _drf.ChoiceField, _drf.BooleanField, _drf.EmailField, _drf.SlugField, _drf.UUIDField,
    _drf.IPAddressField, _drf.RelatedField, _drf.ManyRelatedField,
)


def normalisation_of(field) -> str:
    explicit = getattr(field, "normalisation", None)
    if explicit:
        return explicit
    if isinstance(field, _drf.ListField | _drf.MultipleChoiceField) and hasattr(field, "child"):
        return normalisation_of(field.child)
    return hygiene.CODE if isinstance(field, CODE_FIELDS) else hygiene.PROSE


def _details(refusal):
    """DRF error details from an :class:`~itaku.core.hygiene.InputRefused` or a nested refusal."""
    if isinstance(refusal, hygiene.InputRefused):
        return [ErrorDetail(str(refusal.message), code=refusal.code)]
    if isinstance(refusal, hygiene.NestedRefusal):
        return {key: _details(value) for key, value in refusal.errors.items()}
    if isinstance(refusal, list):
        return [detail for item in refusal for detail in _details(item)]
    return refusal


def clean_input(value, *, field: str, form: str = hygiene.PROSE):
    """Clean one value read outside a serializer (``request.data.get(...)``); a 400 naming ``field``."""
    try:
        return hygiene.clean_value(value, form)
    except (hygiene.InputRefused, hygiene.NestedRefusal) as exc:
        raise ValidationError({field: _details(exc)}) from exc


def _base_name(key: str) -> str:
    """The field a form key belongs to: ``members[0]user`` and ``files[1]`` belong to ``members``, ``files``."""
    return key.split("[", 1)[0].split(".", 1)[0]


class InputHygieneMixin:
    """The hygiene for any serializer: runs before the fields read the data."""

    def run_validation(self, data=empty):
        # Before any other code reads the data, also a serializer's own ``to_internal_value``.
        if isinstance(data, Mapping):
            data = self._clean_data(data)
        return super().run_validation(data)

    def _clean_data(self, data):
        fields = self.fields
        multi = isinstance(data, MultiValueDict)
        cleaned = QueryDict(mutable=True) if isinstance(data, QueryDict) else MultiValueDict() if multi else {}
        errors = {}
        for key, value in (data.lists() if multi else data.items()):
            name = _base_name(key) if isinstance(key, str) else key
            field = fields.get(name)
            if field is None or field.read_only:  # not read by this serializer: left as it is
                cleaned.setlist(key, value) if multi else cleaned.__setitem__(key, value)
                continue
            try:
                value = hygiene.clean_value(value, normalisation_of(field))
            except (hygiene.InputRefused, hygiene.NestedRefusal) as exc:
                errors.setdefault(name, _details(exc))
            cleaned.setlist(key, value) if multi else cleaned.__setitem__(key, value)
        if errors:
            raise ValidationError(errors)
        return cleaned


class Serializer(InputHygieneMixin, _drf.Serializer):
    pass


def _refusal(exc: hygiene.InputRefused):
    return ValidationError(exc.message, code=exc.code)


class IntegerField(_drf.IntegerField):
    """An integer within 64 bits (a database's BIGINT), unless the field declares a narrower range."""

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data.strip()) > hygiene.MAX_DIGITS:
            raise _refusal(hygiene.InputRefused(hygiene.integer_range_message(*self._range()),
                                                hygiene.OUT_OF_RANGE))
        value = super().to_internal_value(data)
        try:
            hygiene.check_integer_range(value, low=self._range()[0], high=self._range()[1])
        except hygiene.InputRefused as exc:
            raise _refusal(exc) from exc
        return value

    def _range(self) -> tuple[int, int]:
        low = self.min_value if self.min_value is not None and self.min_value > hygiene.INT64[0] else hygiene.INT64[0]
        high = self.max_value if self.max_value is not None and self.max_value < hygiene.INT64[1] else hygiene.INT64[1]
        return low, high


class BigIntegerField(_drf.BigIntegerField, IntegerField):
    pass


class DateField(_drf.DateField):
    """A date within the range the system handles (``date_out_of_range`` outside it)."""

    def to_internal_value(self, value):
        try:
            hygiene.refuse_far_date_text(value)
            day = super().to_internal_value(value)
            hygiene.check_date_range(day)
        except hygiene.InputRefused as exc:
            raise _refusal(exc) from exc
        return day


class DateTimeField(_drf.DateTimeField):
    """A moment on a day within the range the system handles (``date_out_of_range`` outside it)."""

    def to_internal_value(self, value):
        try:
            hygiene.refuse_far_date_text(value)
            moment = super().to_internal_value(value)
            hygiene.check_date_range(moment)
        except hygiene.InputRefused as exc:
            raise _refusal(exc) from exc
        return moment


class PrimaryKeyRelatedField(_drf.PrimaryKeyRelatedField):
    """An object by its ID: an ID beyond 64 bits is ``out_of_range``, as in an integer field."""

    def to_internal_value(self, data):
        if isinstance(data, int | str) and not isinstance(data, bool):
            try:
                hygiene.parse_integer(data)
            except hygiene.InputRefused as exc:
                if exc.code == hygiene.OUT_OF_RANGE:
                    raise _refusal(exc) from exc
        return super().to_internal_value(data)


_OURS = {_drf.IntegerField: IntegerField, _drf.BigIntegerField: BigIntegerField, _drf.DateField: DateField,
         _drf.DateTimeField: DateTimeField}


class ModelSerializer(InputHygieneMixin, _drf.ModelSerializer):
    serializer_field_mapping = {model_field: _OURS.get(field, field)
                                for model_field, field in _drf.ModelSerializer.serializer_field_mapping.items()}
