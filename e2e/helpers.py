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


# ---------- one-time codes, the outbox, confirm dialogs, TOTP (accountability walk-throughs) ----------

import base64
import hashlib as _hashlib
import hmac as _hmac
import re as _re
import struct as _struct
import time as _time

from selenium.webdriver.support import expected_conditions as _ec

_RESEND_WAIT = _re.compile(r"请 (\d+) 秒后再获取")


def request_code(driver, action, max_wait=75):
    """Submits the form posting to `action` (发送验证码) and returns once a code went out.

    The same phone gets a new code at most every 60 s, whatever it is for: when the page
    answers "请 N 秒后再获取", waits N seconds and asks again with the page's resend form
    (it posts to the same action). Gives up after `max_wait` seconds of waiting.
    """
    submit_form(driver, action)
    waited = 0
    while True:
        match = _RESEND_WAIT.search(driver.find_element(By.ID, "main").text)
        if not match:
            return
        seconds = int(match.group(1)) + 1
        assert waited + seconds <= max_wait, f"still asked to wait {seconds} s after {waited} s"
        _time.sleep(seconds)
        waited += seconds
        submit_form(driver, action)


def outbox_rows(driver, base, to):
    """The messages /admin/outbox lists for the recipient `to` (newest first), as dicts with
    id, channel, purpose, recipient (masked as shown) and text. The driver must be logged in
    as the system admin."""
    driver.get(base + "/admin/outbox?to=" + to)
    rows = []
    for tr in driver.find_elements(By.CSS_SELECTOR, "table.data-table tbody tr:not(.empty-row)"):
        def cell(label):
            return tr.find_element(By.CSS_SELECTOR, f"td[data-label='{label}']").get_attribute("textContent").strip()
        body = tr.find_element(By.CSS_SELECTOR, ".outbox-body").get_attribute("textContent").strip()
        rows.append({"id": int(cell("编号")), "channel": cell("渠道"), "purpose": cell("用途"),
                     "recipient": cell("收件人"), "text": body})
    return rows


def reveal_outbox_text(driver, message_id, reason="协助学生完成验证（浏览器测试）"):
    """查看全文 of one message on the outbox list shown in `driver`: opens the row's form, gives
    a reason and returns the full text from the page the audited POST answers with."""
    form = driver.find_element(By.CSS_SELECTOR, f"form[action='/admin/outbox/{message_id}/reveal']")
    form.find_element(By.XPATH, "./ancestor::details/summary").click()
    fill(driver, f"reveal-{message_id}", reason)
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    return driver.find_element(By.XPATH, "//dt[normalize-space()='正文']/following-sibling::dd").text


def code_from_outbox(driver, base, to, newer_than=0):
    """The 6-digit code of the newest message to `to` (read as the system admin in `driver`);
    the message must be newer than id `newer_than`. The list hides codes, so the full text is
    asked for with a reason (audited). Returns (message id, code, row)."""
    rows = outbox_rows(driver, base, to)
    assert rows, f"no message to {to} in the outbox"
    newest = rows[0]
    assert newest["id"] > newer_than, f"no new message to {to}: newest is #{newest['id']}"
    assert not _re.search(r"\d{6}", newest["text"]), "the list never shows a code"
    text = reveal_outbox_text(driver, newest["id"])
    match = _re.search(r"验证码为 (\d{6})", text)
    assert match, f"no code in {text!r}"
    return newest["id"], match.group(1), dict(newest, text=text)


def newest_outbox_id(driver, base, to):
    rows = outbox_rows(driver, base, to)
    return rows[0]["id"] if rows else 0


def click_confirm_and_wait(driver, button):
    """Clicks a button whose form asks confirm() (data-confirm), accepts the dialog and waits
    for the page that answers. Returns the dialog's text."""
    driver.execute_script("window.__jiuyeOldPage = true")
    button.click()
    alert = WebDriverWait(driver, TIMEOUT).until(_ec.alert_is_present())
    text = alert.text
    alert.accept()

    def loaded(d):
        return d.execute_script("return !window.__jiuyeOldPage && document.readyState === 'complete'")

    WebDriverWait(driver, TIMEOUT, poll_frequency=0.05, ignored_exceptions=(WebDriverException,)).until(loaded)
    return text


def totp_code(secret, step):
    """RFC 6238 / RFC 4226: the 6-digit HMAC-SHA1 code of the base32 `secret` for a 30-second step."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = _hmac.new(key, _struct.pack(">Q", step), _hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = _struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def totp_step(at=None):
    return int((at if at is not None else _time.time()) // 30)


def wait_for_totp_step_after(step):
    """Sleeps until the authenticator shows the code of a step later than `step`; returns that step."""
    while totp_step() <= step:
        _time.sleep(0.2)
    return totp_step()
