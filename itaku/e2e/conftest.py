"""Fixtures of the browser tests: Chromium (skipped, with the reason, when it is not installed), the demo
served by pytest-django's live server, and a screenshot of the page when a test fails."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from .browser import Browser, chromium_missing, start_chromium

FAILURES_DIR = Path(os.environ.get("ITAKU_BROWSER_FAILURES", Path(settings.BASE_DIR) / "var" / "browser-failures"))


@pytest.fixture(scope="session")
def chromium(live_server):
    # After the live server (so before it at teardown): the browser's open connections are closed
    # while the server still runs.
    reason = chromium_missing()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def demo_site(live_server, demo_snapshot):
    """The demo (as `itaku loaddemo` loads it) behind the live server; the demo users by username."""
    from itaku.core.tests.demo_snapshot import demo_users

    return demo_users(demo_snapshot)


@pytest.fixture
def browser(chromium, live_server, demo_site):
    chromium.delete_all_cookies()
    site = Browser(driver=chromium, base_url=live_server.url)
    yield site
    chromium.delete_all_cookies()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        site = item.funcargs.get("browser")
        if isinstance(site, Browser):
            path = FAILURES_DIR / (re.sub(r"[^\w.-]+", "_", item.nodeid) + ".png")
            try:
                site.screenshot(path)
                report.sections.append(("browser", f"screenshot of the failure: {path}\n"
                                                   f"last page: {site.driver.current_url}\n"
                                                   f"pages visited: {site.visited}"))
            except Exception as exc:  # noqa: BLE001 - the report must survive a dead browser
                report.sections.append(("browser", f"no screenshot: {exc}"))
    return report
