"""Every demo account of the README logs in on a desktop and on a phone, sees its role in the
header and its own home page, and logs out."""
import pytest
from selenium.webdriver.common.by import By

from conftest import screenshot
from helpers import click_and_wait, header_name, header_role, horizontal_overflow, login_ok, logout

# username → (role label in the header, display name) — the README's demo accounts table.
ACCOUNTS = {
    "admin": ("系统管理员", None),
    "security": ("安全管理员", "安全管理员"),
    "auditor": ("审计员", "审计员"),
    "school": ("学校管理员", "就业中心王老师"),
    "college": ("院系管理员", "计算机学院李老师"),
    "counselor": ("辅导员", "辅导员赵老师"),
    "reviewer": ("基层就业资助审核员", "基层资助审核员孙老师"),
    "20251001": ("学生", "张明"),
    "employer": ("用人单位", "重庆示范科技有限公司"),
    "county_hr": ("县区人社局", "沙坪坝区人社局"),
    "county_org": ("县区组织部", "沙坪坝区组织部"),
    "county_finance": ("县财政局", "沙坪坝区财政局"),
    "city_hr": ("市人社局", "重庆市人社局"),
    "city_org": ("市组织部", "重庆市组织部"),
    "city_finance": ("市财政局", "重庆市财政局"),
    "unassigned": (None, "新入职的刘老师"),
}

# What each home page shows besides the header: its scope (staff), its profile (student).
SCOPE_TEXT = {
    "school": ["九业示范大学"],
    "college": ["计算机学院", "2025届", "2026届"],
    "counselor": ["计科2101", "2025届", "本科"],
    "reviewer": ["计算机学院", "本专科"],
    "employer": ["重庆示范科技有限公司"],
    "county_hr": ["沙坪坝区"],
    "county_org": ["沙坪坝区"],
    "county_finance": ["沙坪坝区"],
    "city_hr": ["重庆市"],
    "city_org": ["重庆市"],
    "city_finance": ["重庆市"],
    "20251001": ["20251001", "计算机学院", "计科2101"],
}

STAFF_WITH_STUDENT_LIST = {"school", "college", "counselor", "reviewer"}


def check_home(driver, username):
    role, name = ACCOUNTS[username]
    main = driver.find_element(By.ID, "main").text
    if role is None:
        # A teacher without an assignment: the header says so and the page explains why it is empty.
        assert header_role(driver) == "未分配角色"
        hint = driver.find_element(By.CSS_SELECTOR, ".empty-state").text
        assert "联系学校系统管理员" in hint
        assert "尚未分配管理范围" in driver.find_element(By.CSS_SELECTOR, ".empty-state .empty-title").text
    else:
        assert header_role(driver) == role
        assert f"当前身份：{role}" in main
    if name:
        assert header_name(driver) == name
        if role:
            assert f"欢迎，{name}" in main
    for text in SCOPE_TEXT.get(username, []):
        assert text in main, f"{username}: {text!r} missing from the home page"
    menu = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".side-nav a.menu-link")]
    assert any(href.endswith("/students") for href in menu) == (username in STAFF_WITH_STUDENT_LIST), menu


@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_every_demo_account_sees_its_role_home_on_desktop_and_phone(browser, phone, server, username):
    for width, driver in ((1366, browser), (390, phone)):
        login_ok(driver, server, username)
        check_home(driver, username)
        assert horizontal_overflow(driver) <= 0, f"home of {username} is wider than {width} px"
        screenshot(driver, f"home-{username}-{width}")
        logout(driver)
        # After logging out the home page sends the browser back to the login form.
        driver.get(server + "/")
        assert "/login" in driver.current_url


def test_phone_menu_is_collapsed_until_tapped(browser, phone, server):
    # Desktop: the left menu is open without any tap.
    login_ok(browser, server, "counselor")
    assert browser.find_element(By.CSS_SELECTOR, ".side-nav a.menu-link[href='/students']").is_displayed()

    # Phone: only the "菜单" summary shows; tapping it reveals the links.
    login_ok(phone, server, "counselor")
    link = phone.find_element(By.CSS_SELECTOR, ".side-nav a.menu-link[href='/students']")
    assert not link.is_displayed()
    phone.find_element(By.CSS_SELECTOR, ".side-nav summary.menu-toggle").click()
    assert link.is_displayed()
    screenshot(phone, "menu-open-counselor-390")
    click_and_wait(phone, link)
    assert phone.current_url == server + "/students"
    assert phone.find_element(By.CSS_SELECTOR, ".side-nav a.menu-link.current").get_attribute("href").endswith("/students")
