"""Platform administration pages (用户管理, 学校与院系, 用人单位, 行政区划, 后台任务).

Each test is skipped while its page still answers 404 (not merged yet): see `needs_page`
in conftest.py.
"""
import pytest
from selenium.webdriver.common.by import By

from conftest import screenshot
from helpers import click_and_wait, fill, horizontal_overflow, login_ok, page_title, submit_form, table_column

NOT_ALLOWED = ("页面不存在", "无法完成请求")


def open_page(browser, phone, server, username, path, name):
    """Opens `path` as `username` on both widths; screenshots; the phone page must not scroll sideways."""
    for driver, width in ((browser, 1366), (phone, 390)):
        login_ok(driver, server, username)
        driver.get(server + path)
        assert page_title(driver) not in NOT_ALLOWED, f"{username} cannot open {path}"
        screenshot(driver, f"{name}-{width}")
        assert horizontal_overflow(driver) <= 0, f"{path} is wider than {width} px"


def refused(driver, server, username, path):
    driver.delete_all_cookies()
    login_ok(driver, server, username)
    driver.get(server + path)
    return page_title(driver) in NOT_ALLOWED and not driver.find_elements(By.CSS_SELECTOR, "table.data-table")


def search_users(driver, keyword):
    fill(driver, "f-q", keyword)
    submit_form(driver, "/admin/users")


# ---------- 用户管理 ----------

@pytest.mark.needs_page("/admin/users")
@pytest.mark.parametrize("username", ["security"])
def test_security_admin_finds_any_account_in_user_management(browser, phone, server, username):
    open_page(browser, phone, server, username, "/admin/users", f"admin-users-{username}")
    assert page_title(browser) == "用户管理"  # 三权分立: accounts and roles are the security administrator's
    search_users(browser, "counselor")
    assert table_column(browser, "用户名/学号") == ["counselor"]
    assert "辅导员" in table_column(browser, "角色")[0]
    search_users(browser, "city_finance")
    assert table_column(browser, "用户名/学号") == ["city_finance"]
    assert "市财政局" in table_column(browser, "角色")[0]
    # Students are found by 学号.
    search_users(browser, "20251001")
    assert table_column(browser, "姓名") == ["张明"]


@pytest.mark.needs_page("/admin/users")
def test_school_admin_sees_only_staff_of_the_school(browser, phone, server):
    open_page(browser, phone, server, "school", "/admin/users", "admin-users-school")
    assert page_title(browser) == "人员与权限"
    usernames = set(table_column(browser, "用户名/学号"))
    assert "counselor" in usernames and "college" in usernames
    assert usernames <= {"school", "college", "counselor", "reviewer", "reviewer2"}, usernames
    search_users(browser, "city_hr")
    assert table_column(browser, "用户名/学号") == []


@pytest.mark.needs_page("/admin/users")
@pytest.mark.parametrize("username", ["admin", "auditor", "counselor", "college", "20251001", "employer", "unassigned"])
def test_user_management_is_refused_to_other_roles(browser, server, username):
    assert refused(browser, server, username, "/admin/users")


# ---------- 学校与院系, 用人单位, 行政区划, 后台任务 (system admin only) ----------

ADMIN_PAGES = {
    # path: (screenshot name, card title)
    "/admin/schools": ("admin-schools", "学校列表"),
    "/admin/units": ("admin-units", "用人单位"),
    "/admin/regions": ("admin-regions", None),
    "/admin/jobs": ("admin-jobs", "后台任务"),
}

# Each path is skipped on its own while it answers 404.
PATHS = [pytest.param(path, marks=pytest.mark.needs_page(path), id=path) for path in ADMIN_PAGES]


@pytest.mark.parametrize("path", PATHS)
def test_system_admin_opens_platform_page_from_the_menu(browser, phone, server, path):
    name, title = ADMIN_PAGES[path]
    open_page(browser, phone, server, "admin", path, name)
    if title:
        assert page_title(browser) == title
    current = browser.find_elements(By.CSS_SELECTOR, ".side-nav a.menu-link.current")
    assert current and current[0].get_attribute("href").endswith(path)
    # The same page is reached from the home page's menu.
    browser.get(server + "/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f".side-nav a.menu-link[href='{path}']"))
    assert browser.current_url.startswith(server + path)


@pytest.mark.needs_page("/admin/schools")
def test_system_admin_opens_demo_school_and_sees_its_colleges(browser, server):
    login_ok(browser, server, "admin")
    browser.get(server + "/admin/schools")
    assert "九业示范大学" in table_column(browser, "学校名称")
    click_and_wait(browser, browser.find_element(By.XPATH, "//table[contains(@class,'data-table')]//a[normalize-space()='九业示范大学']"))
    colleges = table_column(browser, "院系名称")
    assert {"计算机学院", "经济与管理学院", "建筑城规学院"} <= set(colleges), colleges
    screenshot(browser, "admin-school-detail-1366")


@pytest.mark.needs_page("/admin/units")
def test_system_admin_lists_demo_units(browser, server):
    login_ok(browser, server, "admin")
    browser.get(server + "/admin/units")
    units = table_column(browser, "单位名称")
    assert {"重庆示范科技有限公司", "南岸区智能制造研究院"} <= set(units), units


@pytest.mark.needs_page("/admin/regions")
def test_system_admin_finds_a_county_by_name(browser, server):
    login_ok(browser, server, "admin")
    browser.get(server + "/admin/regions")
    assert "北京市" in table_column(browser, "名称")
    fill(browser, "f-q", "沙坪坝")
    submit_form(browser, "/admin/regions")
    assert "500106" in table_column(browser, "代码")
    assert "沙坪坝区" in table_column(browser, "名称")


@pytest.mark.needs_page("/org/school")
def test_school_admin_sees_own_school_colleges(browser, phone, server):
    open_page(browser, phone, server, "school", "/org/school", "org-school-school")
    assert "计算机学院" in table_column(browser, "院系名称")


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("username", ["security", "school", "counselor"])
def test_platform_pages_are_refused_to_other_roles(browser, server, path, username):
    assert refused(browser, server, username, path)
