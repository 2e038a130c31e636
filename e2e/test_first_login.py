"""首次登录: an imported graduate proves 学号 + 证件号码, sets a password and can log in with it.

Activation changes the server's state (20251002 then has a password), so no other
walk-through uses 20251002; the steps that need a fresh account are in one test.
"""
from selenium.webdriver.common.by import By

from conftest import screenshot
from helpers import click_and_wait, fill, field_error, flash_text, header_name, header_role, login, login_ok, logout, submit_form

STUDENT_NO = "20251002"
ID_NUMBER = "500106200303150021"
WRONG_ID_NUMBER = "50010620030315003X"  # a valid number (check digit X), not 李华's
NEW_PASSWORD = "Lihua#2026go"


def fill_activation(driver, id_number, password=NEW_PASSWORD, confirm=None):
    fill(driver, "studentNo", STUDENT_NO)
    fill(driver, "idNumber", id_number)
    fill(driver, "password", password)
    fill(driver, "confirm", confirm if confirm is not None else password)
    submit_form(driver, "/activate")


def test_imported_graduate_activates_with_id_number_and_logs_in_with_new_password(browser, phone, server):
    # Before activation the graduate cannot log in: there is no password yet, and the
    # login error points to 首次登录.
    login(browser, server, STUDENT_NO, NEW_PASSWORD)
    assert "首次登录" in browser.find_element(By.CSS_SELECTOR, ".alert-error").text

    browser.get(server + "/login")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[href='/activate']"))
    assert browser.current_url.endswith("/activate")
    assert "首次登录" in browser.find_element(By.ID, "main").text
    phone.get(server + "/activate")
    screenshot(phone, "activate-390")

    # A password that breaks the policy is refused before the ID number is even checked.
    fill_activation(browser, ID_NUMBER, password="abcdefgh")
    assert "密码须" in field_error(browser, "password")
    assert browser.current_url.endswith("/activate")

    # The wrong 证件号码: a Chinese error on the form, still on the activation page.
    fill_activation(browser, WRONG_ID_NUMBER)
    error = field_error(browser, "studentNo")
    assert "学号或证件号码不正确" in error, error
    assert browser.current_url.endswith("/activate")
    assert browser.find_element(By.ID, "studentNo").get_attribute("value") == STUDENT_NO
    screenshot(browser, "activate-wrong-id-1366")

    # The right one with a policy-compliant password: logged in on the home page.
    fill_activation(browser, ID_NUMBER)
    assert browser.current_url.rstrip("/") == server, browser.current_url
    assert header_role(browser) == "学生"
    assert header_name(browser) == "李华"
    assert "密码已设置" in flash_text(browser)
    main = browser.find_element(By.ID, "main").text
    assert "欢迎，李华" in main and STUDENT_NO in main
    screenshot(browser, "home-activated-1366")
    logout(browser)

    # The new password works on the login form (on the phone this time).
    login_ok(phone, server, STUDENT_NO, NEW_PASSWORD)
    assert header_role(phone) == "学生"
    assert header_name(phone) == "李华"
    logout(phone)

    # Activating a second time is refused: the account has a password now.
    browser.get(server + "/activate")
    fill_activation(browser, ID_NUMBER, password="Another#2026x")
    assert "学号或证件号码不正确" in field_error(browser, "studentNo")
    login_ok(browser, server, STUDENT_NO, NEW_PASSWORD)
