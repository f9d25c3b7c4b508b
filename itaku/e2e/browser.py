"""A signed-in person in a real browser (Chromium through selenium), for the end-to-end tests.

Every page the browser lands on is checked with axe-core (WCAG 2.1 A and AA) before the test goes on.
The steps are small helpers (``login``, ``open_dashboard``, ``go_to_contract``, ``open_form``,
``submit_form``) so that a change of the pages' layout is followed here, in one place."""

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from selenium_axe_python import Axe

CHROMIUM = os.environ.get("ITAKU_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ITAKU_CHROMEDRIVER", "/usr/bin/chromedriver")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "itaku-demo"
WAIT_SECONDS = 15


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(path)):
            return f"{path} is not installed (apt-get install -y chromium chromium-driver, or make test)"
    return None


def start_chromium() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--window-size=1366,768", "--lang=ja"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "ja"})
    # The driver is Debian's: selenium is given its path, so it never looks for one to download.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver


class AccessibilityViolations(AssertionError):
    pass


@dataclass
class Browser:
    driver: webdriver.Chrome
    base_url: str
    visited: list = field(default_factory=list)
    # Pages already checked (path without query): each layout is checked once per test.
    checked: set = field(default_factory=set)

    # ---- navigation, each page checked with axe-core ----

    def get(self, path: str) -> None:
        self.driver.get(self.base_url + path)
        self.page_loaded()

    def page_loaded(self) -> None:
        self.wait_for_document()
        self.visited.append(self.driver.current_url)
        self.check_accessibility()

    def check_accessibility(self) -> None:
        """axe-core on the page as it is now: 0 violations of WCAG 2.1 A and AA."""
        axe = Axe(self.driver)
        try:
            results = self._run_axe(axe)
        except WebDriverException:
            # The page was still settling (a redirect that had not finished, a document replaced while
            # the script ran): wait for it and run axe once more; a second failure is reported.
            self.wait_for_document()
            results = self._run_axe(axe)
        violations = results["violations"]
        self.checked.add(self.driver.current_url)
        if violations:
            raise AccessibilityViolations(f"{self.driver.current_url}\n{axe.report(violations)}")

    def _run_axe(self, axe) -> dict:
        axe.inject()
        options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        # Run as Axe.run does, but a refusal of axe-core (an unknown tag) is reported instead of waiting
        # for the script timeout.
        results = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"axe.run(document, {options}).then(done).catch(e => done({{error: String(e)}}));")
        if "error" in results:
            raise RuntimeError(f"axe-core: {results['error']}")
        return results

    def wait_for_document(self) -> None:
        WebDriverWait(self.driver, WAIT_SECONDS).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    def click_link(self, text: str, within=None) -> None:
        scope = within or self.driver
        link = scope.find_element(By.XPATH, f".//a[contains(normalize-space(.), {_xpath_literal(text)})]")
        self._follow(link)

    def _follow(self, element) -> None:
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.driver, WAIT_SECONDS).until(ec.staleness_of(old))
        self.page_loaded()

    # ---- what a person does ----

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Sign in through the login form (signing out first if someone is signed in)."""
        self.driver.delete_all_cookies()
        self.get("/accounts/login/")
        self.fill("username", username)
        self.fill("password", password)
        self._follow(self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        assert "/accounts/login/" not in self.driver.current_url, self.text()

    def open_dashboard(self) -> None:
        """わたしの仕事, from the main menu."""
        self.click_link("わたしの仕事", within=self.driver.find_element(By.CSS_SELECTOR, "nav.site-nav"))
        assert self.heading() == "わたしの仕事"

    def dashboard_rows(self) -> list[str]:
        """The text of each row of わたしの仕事."""
        return [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")]

    def go_to_contract(self, title: str) -> None:
        """Follow the link named ``title`` on the page (a row of わたしの仕事); when the page has none, find
        the contract on the list of contracts (from the main menu)."""
        links = self.driver.find_elements(By.XPATH, f"//main//a[normalize-space(.)={_xpath_literal(title)}]")
        if not links:
            self.click_link("契約", within=self.driver.find_element(By.CSS_SELECTOR, "nav.site-nav"))
            links = self.driver.find_elements(By.XPATH, f"//main//a[normalize-space(.)={_xpath_literal(title)}]")
        assert links, f"no link to {title} on {self.driver.current_url}"
        self._follow(links[0])
        assert title in self.heading(), self.heading()

    def follow_row(self, table_css: str, row_text: str, link_text: str | None = None) -> None:
        """Follow the (named) link in the first row of ``table_css`` that reads ``row_text``."""
        rows = [r for r in self.driver.find_elements(By.CSS_SELECTOR, f"{table_css} tbody tr") if row_text in r.text]
        assert rows, f"no row reading {row_text} in {table_css} on {self.driver.current_url}"
        link = (rows[0].find_element(By.XPATH, f".//a[contains(normalize-space(.), {_xpath_literal(link_text)})]")
                if link_text else rows[0].find_element(By.TAG_NAME, "a"))
        self._follow(link)

    def actions_offered(self) -> list[str]:
        """The names of the forms the contract page offers to the signed-in person."""
        return [s.text for s in self.driver.find_elements(By.CSS_SELECTOR, "main details > summary")]

    def open_form(self, name: str):
        """The form named ``name`` on the contract page (its disclosure opened), or a page's form."""
        summary = self.driver.find_elements(
            By.XPATH, f"//main//details/summary[contains(normalize-space(.), {_xpath_literal(name)})]")
        if summary:
            details = summary[0].find_element(By.XPATH, "..")
            if details.get_attribute("open") is None:
                summary[0].click()
            return details.find_element(By.TAG_NAME, "form")
        heading = self.driver.find_element(
            By.XPATH, f"//main//form[.//h2[contains(normalize-space(.), {_xpath_literal(name)})]]")
        return heading

    def submit_form(self, form, fields: dict | None = None, choices: dict | None = None,
                    files: dict | None = None) -> None:
        """Fill ``fields`` (name → text), pick ``choices`` (name → the visible label of a radio or an
        option), attach ``files`` (name → path), press the form's submit button and wait for the next page."""
        for name, value in (fields or {}).items():
            self.fill(name, value, scope=form)
        for name, label in (choices or {}).items():
            self.choose(name, label, scope=form)
        for name, path in (files or {}).items():
            form.find_element(By.CSS_SELECTOR, f"[name$='{name}']").send_keys(str(path))
        self._follow(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    def fill(self, name: str, value: str, scope=None) -> None:
        element = self._field(name, scope)
        if element.get_attribute("type") == "date":
            # A date field's keyboard input depends on the browser's locale: set the ISO value instead.
            self.driver.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)

    def choose(self, name: str, label: str, scope=None) -> None:
        scope = scope or self.driver
        radios = scope.find_elements(By.CSS_SELECTOR, f"input[type=radio][name$='{name}']")
        for radio in radios:
            text = self.driver.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']").text
            if label in text:
                radio.click()
                return
        select = scope.find_element(By.CSS_SELECTOR, f"select[name$='{name}']")
        select.find_element(By.XPATH, f".//option[contains(normalize-space(.), {_xpath_literal(label)})]").click()

    def _field(self, name: str, scope=None):
        scope = scope or self.driver
        try:
            return scope.find_element(By.CSS_SELECTOR, f"[name='{name}']")
        except NoSuchElementException:  # a prefixed form: "inspection-findings"
            return scope.find_element(By.CSS_SELECTOR, f"[name$='-{name}']")

    # ---- what a person reads ----

    def heading(self) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, "main h1").text

    def messages(self) -> list[str]:
        return [m.text for m in self.driver.find_elements(By.CSS_SELECTOR, ".messages .message")]

    def errors(self) -> str:
        return " / ".join(e.text for e in self.driver.find_elements(By.CSS_SELECTOR, ".error-summary, .field-error"))

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "main").text

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"
