"""账号管理: the demo student sees the name of the school's record (not editable) and saves an
email; a teacher edits the name of a staff account; a wrong old password is refused."""
from selenium.webdriver.common.by import By

from conftest import screenshot
from helpers import (PASSWORD, STUDENT, click_and_wait, field_error, fill, flash_text, header_name, login, login_ok,
                     logout, submit_form)

NAME = "张明"
TEACHER = "college"
TEACHER_NAME = "李老师"


def test_student_sees_record_name_and_saves_email(browser, phone, server):
    login_ok(browser, server, STUDENT)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".site-header a[href='/account']"))
    assert browser.current_url.endswith("/account")
    # The name is the school's 生源 record: shown, with no field to change it.
    assert not browser.find_elements(By.ID, "displayName")
    assert NAME in browser.find_element(By.CSS_SELECTOR, "main").text
    assert "以学校登记的生源信息为准" in browser.find_element(By.CSS_SELECTOR, "main").text
    fill(browser, "email", "zhangming@example.edu.cn")
    submit_form(browser, "/account/profile")
    assert browser.current_url.endswith("/account")
    assert "个人信息已保存" in flash_text(browser)
    assert header_name(browser) == NAME
    screenshot(browser, "account-saved-1366")

    # The flash is shown once.
    browser.refresh()
    assert not browser.find_elements(By.CSS_SELECTOR, ".flash")

    login_ok(phone, server, STUDENT)
    phone.get(server + "/account")
    screenshot(phone, "account-390")


def test_teacher_changes_display_name_and_back(browser, server):
    login_ok(browser, server, TEACHER)
    browser.get(server + "/account")
    original = browser.find_element(By.ID, "displayName").get_attribute("value")
    try:
        fill(browser, "displayName", TEACHER_NAME + "（改）")
        submit_form(browser, "/account/profile")
        assert "个人信息已保存" in flash_text(browser)
        assert browser.find_element(By.ID, "displayName").get_attribute("value") == TEACHER_NAME + "（改）"
        # An empty name is refused with a message under the field (the browser's own
        # `required` check is switched off to reach the server).
        browser.execute_script("document.getElementById('displayName').removeAttribute('required')")
        fill(browser, "displayName", " ")
        submit_form(browser, "/account/profile")
        assert "请输入姓名" in field_error(browser, "displayName")
    finally:
        browser.get(server + "/account")
        fill(browser, "displayName", original)
        submit_form(browser, "/account/profile")
    assert "个人信息已保存" in flash_text(browser)


def test_wrong_old_password_is_refused(browser, server):
    login_ok(browser, server, STUDENT)
    browser.get(server + "/account")
    fill(browser, "current", "Not-the-old-1")
    fill(browser, "password", "Brand#New2026")
    fill(browser, "confirm", "Brand#New2026")
    submit_form(browser, "/account/password")
    assert field_error(browser, "current") == "原密码不正确。"
    assert field_error(browser, "password") == ""
    assert not browser.find_elements(By.CSS_SELECTOR, ".flash-success")
    screenshot(browser, "account-wrong-password-1366")

    # Nothing changed: the old password still logs in, the new one does not.
    logout(browser)
    login(browser, server, STUDENT, "Brand#New2026")
    assert "账号或密码错误" in browser.find_element(By.CSS_SELECTOR, ".alert-error").text
    login_ok(browser, server, STUDENT, PASSWORD)
