"""一周内免登录: a student's remember-me cookie starts a new session when the session cookie is gone."""
from selenium.webdriver.common.by import By

from helpers import STUDENT, header_name, header_role, login_ok, logout

SESSION = "jiuye_session"
REMEMBER = "jiuye_remember"


def cookie(driver, name):
    found = driver.get_cookie(name)
    return found["value"] if found else None


def test_remembered_student_stays_logged_in_without_session_cookie(browser, server):
    login_ok(browser, server, STUDENT, remember=True)
    first_session = cookie(browser, SESSION)
    first_remember = cookie(browser, REMEMBER)
    assert first_session and first_remember
    remember = browser.get_cookie(REMEMBER)
    assert remember.get("httpOnly") is True
    # About a week (JIUYE_REMEMBER_DAYS=7), not a browser-session cookie.
    assert remember.get("expiry"), remember

    browser.delete_cookie(SESSION)
    assert cookie(browser, SESSION) is None
    browser.get(server + "/")
    assert browser.current_url.rstrip("/") == server, browser.current_url
    assert header_role(browser) == "学生"
    assert header_name(browser)
    assert "欢迎，" in browser.find_element(By.ID, "main").text
    # A new session was issued and the remember token was rotated.
    assert cookie(browser, SESSION) not in (None, first_session)
    assert cookie(browser, REMEMBER) not in (None, first_remember)

    # Logging out revokes the token and clears its cookie: the next visit asks for the password.
    logout(browser)
    assert cookie(browser, REMEMBER) is None
    browser.get(server + "/")
    assert "/login" in browser.current_url


def test_without_remember_losing_the_session_cookie_means_logging_in_again(browser, server):
    login_ok(browser, server, STUDENT)
    assert cookie(browser, REMEMBER) is None
    browser.delete_cookie(SESSION)
    browser.get(server + "/")
    assert "/login" in browser.current_url
    assert browser.find_element(By.ID, "identifier")


def test_remember_is_ignored_for_staff(browser, server):
    login_ok(browser, server, "counselor", remember=True)
    assert cookie(browser, REMEMBER) is None
