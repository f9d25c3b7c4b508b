"""One input hygiene for every text a person or a program sends: pages (Django forms), the API (DRF
serializers and filters) and the JSON statements of consent requests.

- Control characters are refused, naming the field: NUL and every other character of Unicode category
  ``Cc`` (C0, DEL, C1) except tab and line feed; CR LF is first read as LF, so a lone CR is refused.
  Lone surrogates (category ``Cs``, which JSON can carry as ``\\ud800``) are refused too: no database
  stores them.
- Unicode is normalised. Numbers and codes (amounts, IDs, dates, choices, user names, postal codes: every
  field that is not free prose) are read in NFKC, so that ``１２３`` reads 123 and ``２０２４－０４－０１``
  is a date; prose (titles, descriptions, reasons, JSON statements) in NFC, which keeps full-width
  letters and digits as the writer typed them but joins combining marks (``か`` + ``゛`` stays as typed,
  ``か`` + U+3099 becomes ``が``).
- Integers outside the range their database column holds (64-bit signed for IDs and ``BigIntegerField``,
  32-bit for ``IntegerField``, the PostgreSQL ranges on every database) are refused with ``out_of_range``.
- Dates outside the range the system handles (from the first day of 明治 that :mod:`itaku.core.wareki`
  knows to 9999-12-31) are refused with ``date_out_of_range``.

The forms (:mod:`itaku.core.forms`), serializers (:mod:`itaku.core.serializers`), API filters
(:mod:`itaku.core.filters`) and the consent statements all call the functions of this module.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from .wareki import ERAS, to_wareki

PROSE = "NFC"
CODE = "NFKC"

INT64 = (-(2**63), 2**63 - 1)
INT32 = (-(2**31), 2**31 - 1)
EARLIEST_DATE = ERAS[-1].first_day  # the first day of 明治 that the 和暦 module formats
LATEST_DATE = dt.date(9999, 12, 31)
# The longest number (in digits) read from text: 64-bit integers have 19; anything longer is out of range
# before it is converted (Python refuses to convert more than 4,300 digits, with an error of its own).
MAX_DIGITS = 40

CONTROL_CHARACTER = "control_character"
OUT_OF_RANGE = "out_of_range"
DATE_OUT_OF_RANGE = "date_out_of_range"
# The codes that name what was wrong with an input more precisely than "invalid" (see itaku.api.errors).
CODES = (CONTROL_CHARACTER, DATE_OUT_OF_RANGE, OUT_OF_RANGE)

ALLOWED_CONTROLS = frozenset("\t\n")


class InputRefused(ValueError):
    """An input refused by the hygiene; ``message`` is for people, ``code`` for programs."""

    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def control_message():
    return _("制御文字（NUL など）は入力できません。使える制御文字はタブと改行だけです。")


def date_range_message():
    return _("日付は%(first)s（%(first_iso)s）から9999年12月31日までの間で入力してください。") % {
        "first": to_wareki(EARLIEST_DATE), "first_iso": EARLIEST_DATE.isoformat()}


def integer_range_message(low: int, high: int):
    return _("%(low)s以上%(high)s以下の整数で入力してください。") % {"low": low, "high": high}


def _bad_character(text: str) -> str | None:
    for ch in text:
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in ALLOWED_CONTROLS) or category == "Cs":
            return ch
    return None


def clean_text(value: str, form: str = PROSE) -> str:
    """``value`` with CR LF read as LF and normalised to ``form`` (NFC or NFKC); refuses control characters."""
    value = value.replace("\r\n", "\n")
    if _bad_character(value) is not None:
        raise InputRefused(control_message(), CONTROL_CHARACTER)
    return unicodedata.normalize(form, value)


def clean_value(value, form: str = PROSE):
    """Clean every string inside ``value`` (a string, or lists and mappings of them, keys included).

    Raises :class:`InputRefused` for a whole string, or :class:`NestedRefusal` that says where inside
    ``value`` the refused string is (``{"scope": [...]}`` or ``{0: [...]}``, as DRF reports nested errors).
    """
    if isinstance(value, str):
        return clean_text(value, form)
    if isinstance(value, Mapping):
        out, errors = {}, {}
        for key, item in value.items():
            if isinstance(key, str) and _bad_character(key) is not None:
                raise InputRefused(_("項目名に制御文字は使えません。"), CONTROL_CHARACTER)
            name = unicodedata.normalize(PROSE, key) if isinstance(key, str) else key
            try:
                out[name] = clean_value(item, form)
            except InputRefused as exc:
                errors[name] = [exc]
            except NestedRefusal as exc:
                errors[name] = exc.errors
        if errors:
            raise NestedRefusal(errors)
        return out
    if isinstance(value, list | tuple):
        out, errors = [], {}
        for index, item in enumerate(value):
            try:
                out.append(clean_value(item, form))
            except InputRefused as exc:
                errors[index] = [exc]
            except NestedRefusal as exc:
                errors[index] = exc.errors
        if errors:
            raise NestedRefusal(errors)
        return type(value)(out)
    return value


class NestedRefusal(ValueError):
    """Refused strings inside a list or a mapping: ``errors`` maps keys (or indexes) to a list of
    :class:`InputRefused`, or to another such mapping."""

    def __init__(self, errors: dict):
        super().__init__("refused input inside a structure")
        self.errors = errors

    def first(self) -> InputRefused:
        value = next(iter(self.errors.values()))
        return value[0] if isinstance(value, list) else NestedRefusal(value).first()


# -- integers and dates ---------------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")


def db_integer_range(model_field) -> tuple[int, int] | None:
    """The range of an integer column (a foreign key: of the column it refers to), as PostgreSQL holds
    it; ``None`` for a column that is not an integer. SQLite holds 64 bits in any integer column, but the
    same input must be refused on both databases."""
    target = getattr(model_field, "target_field", None) if getattr(model_field, "is_relation", False) else None
    field = target or model_field
    internal = field.get_internal_type() if hasattr(field, "get_internal_type") else None
    return BaseDatabaseOperations.integer_field_ranges.get(internal)


def parse_integer(value, *, low: int = INT64[0], high: int = INT64[1]) -> int:
    """An integer from text (NFKC: ``１２３`` is 123; no exponent, no fraction) or a number, refused with
    ``out_of_range`` outside ``low`` … ``high`` (64-bit signed by default)."""
    if isinstance(value, bool):
        raise InputRefused(_("整数で入力してください。"), "invalid")
    if isinstance(value, str):
        text = unicodedata.normalize(CODE, value).strip().replace(",", "")
        if not _INTEGER.fullmatch(text):
            raise InputRefused(_("整数で入力してください。"), "invalid")
        if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
            raise InputRefused(integer_range_message(low, high), OUT_OF_RANGE)
        value = int(text)
    if not isinstance(value, int):
        raise InputRefused(_("整数で入力してください。"), "invalid")
    check_integer_range(value, low=low, high=high)
    return value


def check_integer_range(value, *, low: int = INT64[0], high: int = INT64[1]) -> None:
    """Refuse a whole number (int or Decimal) outside ``low`` … ``high`` with ``out_of_range``."""
    if not low <= value <= high:
        raise InputRefused(integer_range_message(low, high), OUT_OF_RANGE)


# An ISO date whose year no date type holds (0, negative, or more than four digits), after NFKC.
_FAR_DATE = re.compile(r"\s*(?P<sign>[+-]?)(?P<year>[0-9]{4,})-[0-9]{1,2}-[0-9]{1,2}(?:[T ][0-9:.+-Z]*)?\s*")


def refuse_far_date_text(value) -> None:
    """Refuse, with ``date_out_of_range``, text that is a date of year 0, before year 1 or after 9999:
    such dates cannot even be parsed, and would otherwise be reported as a malformed date."""
    if not isinstance(value, str):
        return
    match = _FAR_DATE.fullmatch(unicodedata.normalize(CODE, value))
    if match and (match["sign"] == "-" or int(match["year"]) == 0 or int(match["year"]) > 9999):
        raise InputRefused(date_range_message(), DATE_OUT_OF_RANGE)


def check_date_range(day) -> None:
    """Refuse a date (or a datetime's date) outside :data:`EARLIEST_DATE` … :data:`LATEST_DATE`."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if isinstance(day, dt.date) and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InputRefused(date_range_message(), DATE_OUT_OF_RANGE)
