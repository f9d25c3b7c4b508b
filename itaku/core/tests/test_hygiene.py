"""The one input hygiene (itaku.core.hygiene): control characters, Unicode normalisation, integer and
date ranges, and the content of uploads (itaku.core.files)."""

import datetime as dt
import unicodedata

import pytest
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from itaku.core import hygiene
from itaku.core.exceptions import ClauseViolation
from itaku.core.files import check_content, content_matches, is_plain_text

from .uploads import CONTENT, upload

# -- text ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85", "\x9f",
                                 "\ud800"])
def test_control_characters_and_surrogates_are_refused(bad):
    with pytest.raises(hygiene.InputRefused) as exc:
        hygiene.clean_text(f"業務{bad}名")
    assert exc.value.code == "control_character"


def test_tab_and_line_feed_are_kept_and_crlf_reads_as_lf():
    assert hygiene.clean_text("a\tb\r\nc\nd") == "a\tb\nc\nd"


def test_prose_is_nfc_and_codes_are_nfkc():
    decomposed = "か\u3099"  # か + combining dakuten
    assert hygiene.clean_text(decomposed) == "が"
    assert hygiene.clean_text("１２３ＡＢＣ") == "１２３ＡＢＣ"  # prose keeps what the writer typed
    assert hygiene.clean_text("１２３", hygiene.CODE) == "123"
    assert hygiene.clean_text("２０２４－０４－０１", hygiene.CODE) == "2024-04-01"
    assert hygiene.clean_text("〒４００－８５０１", hygiene.CODE) == "〒400-8501"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"))))
def test_text_without_control_characters_is_kept_normalised(text):
    for form in (hygiene.PROSE, hygiene.CODE):
        cleaned = hygiene.clean_text(text, form)
        assert cleaned == unicodedata.normalize(form, text)
        assert hygiene.clean_text(cleaned, form) == cleaned  # idempotent


@given(st.text(), st.sampled_from([chr(c) for c in [*range(0, 9), *range(11, 32), *range(127, 160)]]))
def test_any_control_character_anywhere_is_refused(text, control):
    with pytest.raises(hygiene.InputRefused):
        hygiene.clean_text(text[:3] + control + text[3:])


def test_nested_values_name_where_the_refused_string_is():
    value = {"scope": "ok", "parts": ["a", "b\x00"], "inner": {"reason": "\x01"}, "amount": 5}
    with pytest.raises(hygiene.NestedRefusal) as exc:
        hygiene.clean_value(value)
    errors = exc.value.errors
    assert set(errors) == {"parts", "inner"}
    assert set(errors["parts"]) == {1} and set(errors["inner"]) == {"reason"}
    assert exc.value.first().code == "control_character"
    with pytest.raises(hygiene.InputRefused):
        hygiene.clean_value({"bad\x00key": "x"})
    assert hygiene.clean_value({"n": "１", "l": ["か\u3099"]}, hygiene.CODE) == {"n": "1", "l": ["が"]}


# -- integers --------------------------------------------------------------------------------------


def test_parse_integer():
    assert hygiene.parse_integer("１２３") == 123
    assert hygiene.parse_integer("1,000") == 1000
    assert hygiene.parse_integer(str(2**63 - 1)) == 2**63 - 1
    assert hygiene.parse_integer("²") == 2  # NFKC reads a superscript two as 2
    refused = [("1e30", "invalid"), ("1.5", "invalid"), ("١٢٣", "invalid"), ("", "invalid"),
               (str(2**63), "out_of_range"), ("9" * 5000, "out_of_range"), ("-" + str(2**63 + 1), "out_of_range")]
    for text, code in refused:
        with pytest.raises(hygiene.InputRefused) as exc:
            hygiene.parse_integer(text)
        assert exc.value.code == code, text
    with pytest.raises(hygiene.InputRefused):
        hygiene.parse_integer(True)
    with pytest.raises(hygiene.InputRefused):
        hygiene.parse_integer("5", low=10)


def test_database_ranges_are_postgresql_ranges_on_every_database():
    from itaku.contracts.models import Contract
    from itaku.oversight.models import OversightRequest

    assert hygiene.db_integer_range(Contract._meta.get_field("id")) == hygiene.INT64
    assert hygiene.db_integer_range(OversightRequest._meta.get_field("contract")) == hygiene.INT64
    assert hygiene.db_integer_range(Contract._meta.get_field("fiscal_year")) == (0, 32767)
    assert hygiene.db_integer_range(models.IntegerField()) == hygiene.INT32
    assert hygiene.db_integer_range(Contract._meta.get_field("title")) is None


# -- dates -----------------------------------------------------------------------------------------


def test_the_range_of_dates_starts_with_the_first_era_the_wareki_module_formats():
    from itaku.core.wareki import ERAS, to_wareki

    assert hygiene.EARLIEST_DATE == ERAS[-1].first_day == dt.date(1868, 10, 23)
    assert to_wareki(hygiene.EARLIEST_DATE) == "明治元年10月23日"
    hygiene.check_date_range(hygiene.EARLIEST_DATE)
    hygiene.check_date_range(dt.date(9999, 12, 31))
    for day in (dt.date(1, 1, 1), hygiene.EARLIEST_DATE - dt.timedelta(days=1)):
        with pytest.raises(hygiene.InputRefused) as exc:
            hygiene.check_date_range(day)
        assert exc.value.code == "date_out_of_range"


@pytest.mark.parametrize("text", ["10000-01-01", "0000-01-01", "-0001-01-01", "+12345-06-07", "１００００-01-01",
                                  "10000-01-01T00:00:00Z"])
def test_dates_no_date_type_holds_are_out_of_range_not_malformed(text):
    with pytest.raises(hygiene.InputRefused) as exc:
        hygiene.refuse_far_date_text(text)
    assert exc.value.code == "date_out_of_range"


@pytest.mark.parametrize("text", ["2024-04-01", "9999-12-31", "not a date", "", None, 20240401])
def test_other_date_text_is_left_to_the_date_field(text):
    hygiene.refuse_far_date_text(text)


# -- uploads ---------------------------------------------------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize("ext", sorted(CONTENT))
def test_each_kind_of_document_is_accepted_by_its_content(ext):
    check_content(upload("file" + ext), clause="K-11", field="files")


@pytest.mark.parametrize(("name", "content"), [
    ("report.pdf", EXE), ("report.pdf", ELF), ("report.txt", HTML), ("drawing.pdf", SVG), ("drawing.txt", SVG),
    ("report.txt", EXE), ("report.docx", CONTENT[".zip"]), ("report.docx", CONTENT[".xlsx"]),
    ("report.odt", CONTENT[".ods"]), ("photo.png", CONTENT[".jpg"]), ("photo.jpg", SVG), ("table.csv", HTML),
    ("sheet.xls", CONTENT[".xlsx"]), ("archive.zip", EXE), ("noextension", CONTENT[".pdf"]),
    ("report.txt", b"\xff\xfe\x00\x00garbage\x00"), ("page.txt", b"hello <svg onload=alert(1)>"),
])
def test_content_that_is_not_what_the_name_says_is_refused_with_the_field(name, content):
    with pytest.raises(ClauseViolation) as exc:
        check_content(upload(name, content), clause="K-1", field="specification")
    assert exc.value.code == "file_content"
    assert exc.value.field == "specification" and exc.value.clause == "K-1"


def test_a_file_name_with_control_characters_is_refused_with_the_field():
    with pytest.raises(ClauseViolation) as exc:
        check_content(upload("report\x01.pdf", CONTENT[".pdf"]), clause="K-11", field="files")
    assert exc.value.code == "control_character" and exc.value.field == "files"


def test_plain_text_in_utf8_or_shift_jis_is_text():
    assert is_plain_text("報告書\n".encode())
    assert is_plain_text("報告書\n".encode("cp932"))
    assert is_plain_text("\ufeff報告書".encode())
    assert not is_plain_text(b"\x00\x01")
    assert not is_plain_text(b"\x81")  # a lone lead byte: neither UTF-8 nor Shift_JIS


def test_reading_the_content_leaves_the_file_at_its_start():
    f = upload("report.docx")
    assert content_matches(f, ".docx")
    assert f.read(2) == b"PK"
