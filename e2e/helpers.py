"""Shared steps of the walk-throughs: log in and out, submit a form and wait for the next page."""
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "Jiuye@2026"
ADMIN_PASSWORD = "Admin-Pass-2026"
STUDENT = "20251001"
TIMEOUT = 15


def password_for(username):
    return ADMIN_PASSWORD if username == "admin" else PASSWORD


def wait(driver, timeout=TIMEOUT):
    return WebDriverWait(driver, timeout)


def click_and_wait(driver, button):
    """Clicks a submit button or a link and waits until the browser has loaded the page that answers.

    The old page is marked with a window property; the new document does not have it.
    (Waiting for the old <html> to go stale trips over "Node with given id does not belong
    to the document" from chromedriver now and then.)
    """
    driver.execute_script("window.__jiuyeOldPage = true")
    button.click()

    def loaded(d):
        return d.execute_script("return !window.__jiuyeOldPage && document.readyState === 'complete'")

    WebDriverWait(driver, TIMEOUT, poll_frequency=0.05, ignored_exceptions=(WebDriverException,)).until(loaded)


submit_and_wait = click_and_wait


def fill(driver, field_id, value):
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)
    return element


def submit_form(driver, action):
    """Submits the form posting to `action` with its own submit button."""
    form = driver.find_element(By.CSS_SELECTOR, f"form[action='{action}']")
    submit_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def login(driver, base, identifier, password=None, remember=False):
    """Fills the login form; returns nothing, the caller checks where it landed."""
    driver.get(base + "/login")
    fill(driver, "identifier", identifier)
    fill(driver, "password", password if password is not None else password_for(identifier))
    if remember:
        box = driver.find_element(By.ID, "remember")
        if not box.is_selected():
            box.click()
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))


def login_ok(driver, base, identifier, password=None, remember=False):
    """Logs in and asserts that the home page, not the login form, answered."""
    login(driver, base, identifier, password, remember)
    errors = driver.find_elements(By.CSS_SELECTOR, ".alert-error")
    assert not errors, f"login as {identifier} failed: {errors[0].text}"
    assert driver.current_url.rstrip("/") == base, driver.current_url
    assert driver.find_elements(By.CSS_SELECTOR, "form[action='/logout']"), "no 注销登录 button after login"


def logout(driver):
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))
    assert "/login" in driver.current_url
    assert "您已安全退出" in flash_text(driver)


def header_role(driver):
    return driver.find_element(By.CSS_SELECTOR, ".site-header .user-role").text.strip()


def header_name(driver):
    return driver.find_element(By.CSS_SELECTOR, ".site-header .user-name").text.strip()


def flash_text(driver):
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".flash"))


def field_error(driver, field_id):
    """The error under the field with this id ('' when there is none): <p class="field-error" id="<id>-error">."""
    errors = driver.find_elements(By.CSS_SELECTOR, f"#{field_id}-error.field-error")
    return errors[0].text.strip() if errors else ""


def page_title(driver):
    """The first card title of the main area (the status page's title on an error page)."""
    titles = driver.find_elements(By.CSS_SELECTOR, "main .card-title")
    return titles[0].text.strip() if titles else ""


def table_column(driver, header):
    """The texts of one column of the first data table, by its header (cells carry data-label)."""
    headers = [th.get_attribute("textContent").strip() for th in driver.find_elements(By.CSS_SELECTOR, "table.data-table thead th")]
    assert header in headers, f"no column {header!r} in {headers}"
    return [td.get_attribute("textContent").strip() for td in driver.find_elements(
        By.CSS_SELECTOR, f"table.data-table tbody tr:not(.empty-row) > td[data-label='{header}']")]


def horizontal_overflow(driver):
    """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
    return driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth")
