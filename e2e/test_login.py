from selenium.webdriver.common.by import By

from conftest import screenshot


def login(driver, base, identifier, password):
    driver.get(base + "/login")
    driver.find_element(By.ID, "identifier").send_keys(identifier)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def test_login_page_renders_chinese(browser, phone, server):
    for driver, width in ((browser, 1366), (phone, 390)):
        driver.get(server + "/login")
        assert "用户登录" in driver.page_source
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        screenshot(driver, f"login-{width}")


def test_admin_logs_in_and_out(browser, server):
    login(browser, server, "admin", "Admin-Pass-2026")
    assert "系统管理员" in browser.page_source
    assert browser.current_url.rstrip("/") == server
    screenshot(browser, "home-systemAdmin-1366")
    browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    assert "/login" in browser.current_url
    assert "您已安全退出" in browser.page_source


def test_wrong_password_shows_chinese_error(browser, server):
    login(browser, server, "admin", "not-the-password")
    assert "账号或密码错误" in browser.page_source
