"""Each demo role in a real browser: sign in through the login form, open わたしの仕事, follow the item (or
the contract and its 次にすること) to the place where it is acted on (at most two clicks), do the role's step,
see the result and the next person's new item. axe-core checks every page on the way (WCAG 2.1 A and AA)."""

import datetime as dt

import pytest
from django.utils import timezone

from itaku.contracts.demo import current_title
from itaku.contracts.demo_history import LEAFLET_TITLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def today() -> dt.date:
    return timezone.localdate()


def test_rep_reports_completion_with_a_file_and_the_inspector_sees_it(browser, tmp_path):
    title = current_title(today())
    report = tmp_path / "final-report.txt"
    report.write_text("最終報告書（ブラウザのテスト）\n", encoding="utf-8")

    browser.login("rep")
    browser.open_dashboard()
    browser.go_to_contract(title)
    browser.follow_next_step("完了を報告する")
    assert browser.clicks <= 2, browser.visited
    browser.submit_form(browser.open_form("完了報告"), fields={"summary": "広告の運用を終え、最終報告書を提出します。"},
                        files={"files": report})
    assert any("完了を報告しました" in m for m in browser.messages()), browser.errors() or browser.messages()
    assert "final-report.txt" in browser.text()  # the deliverable is listed with the report

    browser.login("inspector")
    browser.open_dashboard()
    assert any("検査を記録する" in row and title in row for row in browser.dashboard_rows()), browser.dashboard_rows()


def _pass_leaflet_inspection(users) -> None:
    """The inspector passes the leaflet's completion report (through the service), so it can be invoiced."""
    from itaku.contracts.lifecycle.selectors import reports_awaiting_inspection
    from itaku.contracts.lifecycle.services import inspection_record
    from itaku.contracts.models import Contract

    report = reports_awaiting_inspection(Contract.objects.get(title=LEAFLET_TITLE)).get()
    inspection_record(actor=users["inspector"], report=report, inspected_on=today(), result="passed",
                      findings="仕様に適合。")


def test_inspector_fails_then_passes_the_work_and_the_next_person_sees_it(browser):
    browser.login("inspector")
    browser.open_dashboard()
    browser.follow_work_item("検査を記録する", LEAFLET_TITLE)
    assert browser.clicks <= 2, browser.visited
    rework_due = today() + dt.timedelta(days=7)
    browser.submit_form(browser.open_form("検査の記録"), choices={"result": "不合格"}, fields={
        "findings": "校正記録に第3版の修正箇所が記載されていない。", "rework_due_on": rework_due.isoformat()})
    assert any("不合格" in m for m in browser.messages()), browser.errors() or browser.messages()

    # The representative's new item: the rework, due on the day the inspector set; done in the browser.
    browser.login("rep")
    browser.open_dashboard()
    browser.follow_work_item("手直し", LEAFLET_TITLE)
    assert browser.clicks <= 2, browser.visited
    browser.submit_form(browser.open_form("手直し"), fields={"summary": "第3版の修正箇所を校正記録に追記しました。"})
    assert any("手直しの完了を報告しました" in m for m in browser.messages()), browser.errors() or browser.messages()

    browser.login("inspector")
    browser.open_dashboard()
    browser.follow_work_item("検査を記録する", LEAFLET_TITLE)
    assert browser.clicks <= 2, browser.visited
    browser.submit_form(browser.open_form("検査の記録"), choices={"result": "合格"},
                        fields={"findings": "手直しを確認した。"})
    assert any("合格" in m and "不合格" not in m for m in browser.messages()), browser.errors() or browser.messages()

    # The accountant's next step: the invoice can now be received.
    browser.login("accountant")
    browser.open_dashboard()
    assert any("請求書の受理" in row and LEAFLET_TITLE in row for row in browser.dashboard_rows()), \
        browser.dashboard_rows()


def test_officer_decides_a_consent_and_the_representative_sees_the_decision(browser):
    title = current_title(today())
    browser.login("officer")
    browser.open_dashboard()
    browser.follow_work_item("承諾の可否を決定する", title)
    assert browser.clicks <= 2, browser.visited
    assert "申請中" in browser.text()
    browser.submit_form(browser.open_form("承諾の可否を決定する"), choices={"decision": "承諾する"},
                        fields={"conditions": "再委託先にも別記1・別記2を遵守させること。"})
    assert any("承諾の可否を決定しました" in m for m in browser.messages()), browser.errors() or browser.messages()
    assert "再委託先にも別記1・別記2を遵守させること。" in browser.text()

    # The representative's new item: registering the subcontractor the consent allows; its link leads to
    # the consent, with the decision and its conditions.
    browser.login("rep")
    browser.open_dashboard()
    browser.follow_work_item("再委託先として登録する", title)
    assert browser.clicks <= 2, browser.visited
    assert "再委託先にも別記1・別記2を遵守させること。" in browser.text()


def test_accountant_receives_the_invoice_and_records_the_payment(browser, demo_site):
    _pass_leaflet_inspection(demo_site)
    browser.login("accountant")
    browser.open_dashboard()
    browser.follow_work_item("請求書の受理", LEAFLET_TITLE)
    assert browser.clicks <= 2, browser.visited
    browser.submit_form(browser.open_form("請求書の受理"), choices={"decision": "適法な請求書として受理する"},
                        fields={"amount": "990000"})
    assert any("受理（適法な請求）" in m for m in browser.messages()), browser.errors() or browser.messages()
    assert "支払期限" in browser.text() and "未払" in browser.text()

    # The payment is the accountant's next step, offered on the contract page the invoice led back to.
    browser.follow_next_step("支払")
    browser.submit_form(browser.open_form("支払の記録"), fields={"amount": "990000"})
    assert any("支払を記録しました" in m for m in browser.messages()), browser.errors() or browser.messages()
    assert "未払" not in browser.text()

    # The officer's next step: the contract, paid, can be closed.
    browser.login("officer")
    browser.open_dashboard()
    assert any("契約を完結する" in row and LEAFLET_TITLE in row for row in browser.dashboard_rows()), \
        browser.dashboard_rows()


def test_api_docs_from_the_user_menu_and_back(browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.login("officer")
    browser.click_link("API", within=browser.driver.find_element(By.CSS_SELECTOR, ".user-tools"))
    assert browser.heading() == "API の説明"
    # Swagger UI draws the operations from the schema after the page has loaded: check the page again then.
    WebDriverWait(browser.driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock"))
    browser.check_accessibility()
    browser.click_link("わたしの仕事へ戻る")
    assert browser.heading() == "わたしの仕事"


def test_a_missing_page_offers_the_way_back(browser):
    browser.login("rep")
    browser.get("/contracts/999999/")
    assert browser.heading() == "ページが見つかりません"
    browser.click_link("わたしの仕事へ戻る")
    assert browser.heading() == "わたしの仕事"


def test_the_officer_reads_whom_to_ask_about_rates_and_the_administrator_signs_in(browser):
    from selenium.webdriver.common.by import By

    browser.login("officer")
    browser.click_link("利率", within=browser.driver.find_element(By.CSS_SELECTOR, "nav.site-nav"))
    assert "管理 五郎（サンプル）" in browser.text()

    browser.login("admin")
    browser.click_link("管理画面", within=browser.driver.find_element(By.CSS_SELECTOR, ".user-tools"))
    assert "/admin/" in browser.driver.current_url
