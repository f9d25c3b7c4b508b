"""A signed-in person in a real browser (Chromium through selenium), for the end-to-end tests.

Every page the browser lands on is checked with axe-core (WCAG 2.1 A and AA) before the test goes on.
The steps are small helpers (``login``, ``open_dashboard``, ``follow_work_item``, ``go_to_contract``,
``follow_next_step``, ``open_form``, ``submit_form``) so that a change of the pages' layout is followed here, in
one place."""

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium_axe_python import Axe

CHROMIUM = os.environ.get("ITAKU_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ITAKU_CHROMEDRIVER", "/usr/bin/chromedriver")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "itaku-demo"
WAIT_SECONDS = 15
# The sections of わたしの仕事 that hold the signed-in person's own items.
OWN_SECTIONS = ("overdue", "soon", "waiting")


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
    # Links followed since わたしの仕事 was opened (form submissions not counted).
    clicks: int = 0
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
        self.clicks += 1
        self._load_after(element)

    def _load_after(self, element) -> None:
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.driver, WAIT_SECONDS).until(lambda d: _gone(old))
        self.page_loaded()

    # ---- what a person does ----

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Sign in through the login form (signing out first if someone is signed in)."""
        self.driver.delete_all_cookies()
        self.get("/accounts/login/")
        self.fill("username", username)
        self.fill("password", password)
        self._load_after(self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        assert "/accounts/login/" not in self.driver.current_url, self.text()

    def open_dashboard(self) -> None:
        """わたしの仕事, from the main menu; the clicks towards an action are counted from here."""
        self.click_link("わたしの仕事", within=self.driver.find_element(By.CSS_SELECTOR, "nav.site-nav"))
        assert self.heading() == "わたしの仕事"
        self.clicks = 0

    def dashboard_rows(self, own: bool = True) -> list[str]:
        """The text of each row of わたしの仕事: the signed-in person's own items (overdue, soon, waiting
        decisions and steps), or with ``own=False`` also the items that wait for someone else."""
        return [row.text for row in self._dashboard_rows(own)]

    def _dashboard_rows(self, own: bool = True) -> list:
        sections = OWN_SECTIONS if own else OWN_SECTIONS + ("others",)
        return [row for key in sections for row in self.driver.find_elements(
            By.CSS_SELECTOR, f"main section[aria-labelledby='{key}-title'] table tbody tr")]

    def follow_work_item(self, label: str, contract_title: str) -> None:
        """Follow the link ``label`` of the signed-in person's own item of わたしの仕事 on ``contract_title``
        (the link goes straight to where the item is acted on)."""
        rows = [row for row in self._dashboard_rows() if contract_title in row.text and label in row.text]
        assert rows, f"no item {label} on {contract_title} in {self.dashboard_rows()}"
        self._follow(rows[0].find_element(
            By.XPATH, f".//td[2]//a[contains(normalize-space(.), {_xpath_literal(label)})]"))

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

    def next_steps(self) -> list[str]:
        """The buttons of 次にすること on the contract page: what the signed-in person can do now."""
        return [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, "main .next-steps a.button")]

    def follow_next_step(self, label: str) -> None:
        links = self.driver.find_elements(By.XPATH, "//main//ul[contains(@class, 'next-steps')]"
                                          f"//a[contains(normalize-space(.), {_xpath_literal(label)})]")
        assert links, f"no next step {label} in {self.next_steps()} on {self.driver.current_url}"
        self._follow(links[0])

    def follow_row(self, table_css: str, row_text: str, link_text: str | None = None) -> None:
        """Follow the (named) link in the first row of ``table_css`` that reads ``row_text``."""
        rows = [r for r in self.driver.find_elements(By.CSS_SELECTOR, f"{table_css} tbody tr") if row_text in r.text]
        assert rows, f"no row reading {row_text} in {table_css} on {self.driver.current_url}"
        link = (rows[0].find_element(By.XPATH, f".//a[contains(normalize-space(.), {_xpath_literal(link_text)})]")
                if link_text else rows[0].find_element(By.TAG_NAME, "a"))
        self._follow(link)

    def open_form(self, name: str):
        """The form named ``name``: the form of an action page whose heading reads ``name``, or a form of the
        page headed by ``name``."""
        forms = self.driver.find_elements(
            By.XPATH, f"//main//form[.//h2[contains(normalize-space(.), {_xpath_literal(name)})]]")
        if forms:
            return forms[0]
        assert name in self.heading(), f"no form {name} on {self.driver.current_url} ({self.heading()})"
        return self.driver.find_element(By.CSS_SELECTOR, "main form.form")

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
        self._load_after(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

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


def _gone(element) -> bool:
    """Whether ``element`` no longer belongs to the page (the next page has replaced it). Chromium may say so
    with an inspector error ("Node with given id does not belong to the document") instead of a stale
    element reference while the old document is being replaced."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"
