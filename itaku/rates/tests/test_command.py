"""``itaku calc``: the working, the result as the last line, --json, --pdf, and refusals with the clause."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from .pdftext import pdf_text


def calc(*args) -> str:
    out = io.StringIO()
    call_command("calc", *args, stdout=out)
    return out.getvalue()


@pytest.mark.clause("K-3")
@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "tax"), [("3300000", 300_000), ("1234000", 112_181)])
def test_tax(amount, tax):
    lines = calc("tax", "--amount", amount).splitlines()
    assert lines[-1] == f"result: {tax}"
    assert any("× 10 / 110" in line for line in lines)


@pytest.mark.clause("K-12")
@pytest.mark.django_db
def test_interest_with_a_stated_rate():
    lines = calc("interest", "--amount", "1000000", "--due", "2024-04-30", "--paid", "2024-05-10",
                 "--rate", "2.5").splitlines()
    assert lines[-1] == "result: 600"
    text = "\n".join(lines)
    assert "（10日）" in text and "684.93円" in text and "契約で定めた率" in text


@pytest.mark.clause("K-12")
@pytest.mark.django_db
def test_interest_without_a_rate_says_it_takes_the_due_dates_rate():
    text = calc("interest", "--amount", "1000000", "--due", "2024-04-30", "--paid", "2024-05-10")
    assert text.splitlines()[-1] == "result: 600"
    assert "契約締結日が指定されていないため、支払期限（令和6年4月30日）に適用される率" in text
    assert "財務省告示第49号（令和3年）" in text


@pytest.mark.clause("K-12")
@pytest.mark.django_db
def test_interest_at_the_signing_dates_rate():
    text = calc("interest", "--amount", "3650000", "--due", "2024-04-30", "--paid", "2024-05-30",
                "--signed", "2020-06-01")
    # 3,650,000 × 2.6% × 30 / 365 = 7,800.00
    assert "年2.6%" in text and text.splitlines()[-1] == "result: 7800"


@pytest.mark.clause("K-13")
@pytest.mark.django_db
def test_penalty_json():
    data = json.loads(calc("penalty", "--amount", "3300000", "--end", "2024-03-31", "--completed", "2024-04-12",
                           "--json"))
    assert data["result"] == 3254 and data["days"] == 12 and data["exact"] == "3254.79"
    assert data["rate"]["percent"] == "3" and "民法404条" in data["rate"]["source"]
    assert data["inputs"][0] == {"label": "契約額", "value": "3,300,000円"}
    assert data["values"] == {"amount": 3300000, "base": "契約額", "ends_on": "2024-03-31",
                              "completed_on": "2024-04-12"}
    assert [s["label"] for s in data["steps"]] == ["遅延期間", "率", "計算", "端数処理", "最低額"]
    assert data["periods"] == [{"from": "2024-04-01", "to": "2024-04-12", "days": 12, "percent": "3"}]


@pytest.mark.clause("K-13")
@pytest.mark.django_db
def test_penalty_on_the_unperformed_part():
    text = calc("penalty", "--amount", "100000", "--unperformed", "--end", "2024-03-31", "--completed", "2024-04-10")
    assert "未履行部分に相当する額: 100,000円" in text and "82.19円" in text
    assert text.splitlines()[-1] == "result: 0"


@pytest.mark.clause("K-12")
@pytest.mark.django_db
def test_pdf_is_written(tmp_path):
    path = tmp_path / "sheet.pdf"
    text = calc("interest", "--amount", "1000000", "--due", "2024-04-30", "--paid", "2024-05-10", "--rate", "2.5",
                "--pdf", str(path))
    assert text.splitlines()[-1] == "result: 600"
    content = path.read_bytes()
    assert content.startswith(b"%PDF") and "金600円" in pdf_text(content)


@pytest.mark.clause("K-12")
@pytest.mark.django_db
def test_unconfirmed_rate_period_is_refused_with_the_clause():
    with pytest.raises(CommandError, match=r"\[K-12\].*未確認"):
        calc("interest", "--amount", "1000000", "--due", "2024-04-30", "--paid", "2024-05-10", "--signed", "2014-06-01")


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "clause"), [
    (["tax", "--amount", "12.5"], "K-3"),
    (["interest", "--amount", "1", "--due", "30/04/2024", "--paid", "2024-05-10"], "K-12"),
    (["interest", "--amount", "1", "--due", "2024-04-30", "--paid", "2024-05-10", "--rate", "20"], "K-12"),
    (["penalty", "--amount", "-5", "--end", "2024-03-31", "--completed", "2024-04-12"], "K-13"),
])
def test_bad_input_is_a_command_error_naming_the_clause(args, clause):
    with pytest.raises(CommandError, match=rf"\[{clause}\]"):
        calc(*args)


def test_signed_and_rate_exclude_each_other():
    with pytest.raises(CommandError):
        calc("interest", "--amount", "1", "--due", "2024-04-30", "--paid", "2024-05-10", "--rate", "2.5",
             "--signed", "2023-06-01")


@pytest.mark.clause("K-3")
@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["9" * 5000, "1" + "0" * 30, "1e30", "-5"])
def test_a_huge_or_malformed_amount_is_refused_with_the_clause(amount):
    with pytest.raises(CommandError, match=r"\[K-3\]"):
        calc("tax", "--amount", amount)


@pytest.mark.clause("K-3")
@pytest.mark.django_db
def test_full_width_digits_are_read_as_an_amount():
    assert calc("tax", "--amount", "３３０００００").splitlines()[-1] == "result: 300000"
