"""The responsibility report in a real browser: the officer accepts the contractor's report from わたしの仕事,
and a named worker acknowledges the briefing (P-4) from theirs; axe-core checks every page on the way."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from itaku.contracts.demo import current_title

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.clause("P-3")
@pytest.mark.clause("P-4")
def test_the_officer_accepts_the_report_and_the_worker_acknowledges_the_briefing(browser):
    title = current_title(timezone.localdate())
    browser.login("officer")
    browser.open_dashboard()
    browser.follow_work_item("責任体制報告書を受理する", title)
    assert browser.clicks <= 2, browser.visited
    assert "作業 二朗" in browser.text()
    browser.submit_form(browser.open_form("受理する・差し戻す"), choices={"decision": "受理する"})
    assert any("受理しました" in m for m in browser.messages()), browser.errors() or browser.messages()

    browser.login("worker2")
    browser.open_dashboard()
    browser.follow_work_item("個人情報取扱特記事項の周知を確認する", title)
    assert browser.clicks <= 2, browser.visited
    assert "在職中及び退職後においても" in browser.text()
    form = browser.open_form("確認を記録する")
    form.find_element(By.CSS_SELECTOR, "input[name='confirm']").click()
    browser.submit_form(form)
    assert any("周知の確認を記録しました" in m for m in browser.messages()), browser.errors() or browser.messages()
    assert "個人情報を取り扱える者" in browser.text()
