"""The login form: Chinese page, errors, logout, and the way back to the page asked for."""
from selenium.webdriver.common.by import By

from conftest import screenshot
from helpers import fill, header_role, login, login_ok, logout, submit_form


def test_login_page_renders_chinese(browser, phone, server):
    for driver, width in ((browser, 1366), (phone, 390)):
        driver.get(server + "/login")
        assert "用户登录" in driver.page_source
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        assert driver.title.endswith("九业就业服务平台")
        screenshot(driver, f"login-{width}")


def test_admin_logs_in_and_out(browser, server):
    login_ok(browser, server, "admin", "Admin-Pass-2026")
    assert header_role(browser) == "系统管理员"
    assert browser.current_url.rstrip("/") == server
    logout(browser)
    assert "/login" in browser.current_url
    assert "您已安全退出" in browser.page_source


def test_wrong_password_shows_chinese_error(browser, server):
    login(browser, server, "admin", "not-the-password")
    error = browser.find_element(By.CSS_SELECTOR, ".alert-error").text
    assert "账号或密码错误" in error
    assert "/login" in browser.current_url
    # What was typed as the account stays, the password does not.
    assert browser.find_element(By.ID, "identifier").get_attribute("value") == "admin"
    assert browser.find_element(By.ID, "password").get_attribute("value") == ""


def test_unknown_account_answers_like_a_wrong_password(browser, server):
    login(browser, server, "nobody-here", "Whatever#2026")
    assert "账号或密码错误" in browser.find_element(By.CSS_SELECTOR, ".alert-error").text


def test_login_returns_to_the_page_asked_for(browser, server):
    browser.get(server + "/account")
    assert "/login" in browser.current_url and "next=" in browser.current_url
    fill(browser, "identifier", "20251001")
    fill(browser, "password", "Jiuye@2026")
    submit_form(browser, "/login")
    assert browser.current_url == server + "/account"
