"""Data scope: a counselor sees only the graduates of the class assigned to them."""
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

from conftest import screenshot
from helpers import click_and_wait, horizontal_overflow, login_ok, page_title, table_column

CLASS = "计科2101"


def all_rows(driver, base, column):
    """One column over every page of /students, following the pager's 下一页 links."""
    values, url, seen = [], base + "/students", set()
    while url and url not in seen:
        seen.add(url)
        driver.get(url)
        values += table_column(driver, column)
        nexts = driver.find_elements(By.XPATH, "//nav[contains(@class,'pager')]//a[normalize-space()='下一页']")
        url = nexts[0].get_attribute("href") if nexts else None
    return values


@pytest.fixture(scope="module")
def other_class_student(server):
    """(id, class) of a graduate the college admin sees whose class is not 计科2101."""
    from conftest import make_driver
    driver = make_driver(1366)
    try:
        login_ok(driver, server, "college")
        driver.get(server + "/students")
        for row in driver.find_elements(By.CSS_SELECTOR, "table.data-table tbody tr"):
            klass = row.find_element(By.CSS_SELECTOR, "td[data-label='班级']").get_attribute("textContent").strip()
            if klass != CLASS:
                href = row.find_element(By.CSS_SELECTOR, "td[data-label='姓名'] a").get_attribute("href")
                return urlparse(href).path.rsplit("/", 1)[1], klass
        # Not on the first page: ask for the other cohort, which is never 计科2101.
        driver.get(server + "/students?cohort=2026")
        row = driver.find_element(By.CSS_SELECTOR, "table.data-table tbody tr")
        href = row.find_element(By.CSS_SELECTOR, "td[data-label='姓名'] a").get_attribute("href")
        return urlparse(href).path.rsplit("/", 1)[1], row.find_element(By.CSS_SELECTOR, "td[data-label='班级']").text
    finally:
        driver.quit()


def test_counselor_lists_only_their_class(browser, phone, server):
    login_ok(browser, server, "counselor")
    classes = all_rows(browser, server, "班级")
    assert classes, "the counselor's list is empty"
    assert set(classes) == {CLASS}, sorted(set(classes))
    assert set(all_rows(browser, server, "届别")) == {"2025届"}
    assert set(all_rows(browser, server, "学历")) == {"本科"}
    # The pager's total is the number of rows seen.
    browser.get(server + "/students")
    assert f"共 {len(classes)} 条" in browser.find_element(By.CSS_SELECTOR, ".pager-summary").text
    screenshot(browser, "students-counselor-1366")

    login_ok(phone, server, "counselor")
    phone.get(server + "/students")
    assert set(table_column(phone, "班级")) == {CLASS}
    screenshot(phone, "students-counselor-390")
    assert horizontal_overflow(phone) <= 0, "the student list makes the 390 px page scroll sideways"


def test_counselor_opens_own_student_detail(browser, server):
    login_ok(browser, server, "counselor")
    browser.get(server + "/students")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table.data-table tbody td[data-label='姓名'] a"))
    assert page_title(browser) == "毕业生信息"
    assert CLASS in browser.find_element(By.ID, "main").text


def test_counselor_gets_not_found_for_student_of_another_class(browser, phone, server, other_class_student):
    student_id, klass = other_class_student
    assert klass != CLASS
    # The college admin may open it ...
    login_ok(browser, server, "college")
    browser.get(f"{server}/students/{student_id}")
    assert page_title(browser) == "毕业生信息"
    assert klass in browser.find_element(By.ID, "main").text
    browser.delete_all_cookies()

    # ... the counselor gets the status page, as for a page that does not exist.
    for driver, width in ((browser, 1366), (phone, 390)):
        login_ok(driver, server, "counselor")
        driver.get(f"{server}/students/{student_id}")
        assert page_title(driver) == "页面不存在"
        assert "页面不存在" in driver.title
        main = driver.find_element(By.ID, "main").text
        assert klass not in main
        assert "您访问的页面不存在，或您没有权限查看" in main
        screenshot(driver, f"students-counselor-foreign-{width}")


@pytest.mark.parametrize("username", ["20251001", "employer", "county_hr", "auditor", "unassigned"])
def test_accounts_without_student_list_get_not_found(browser, server, username):
    login_ok(browser, server, username)
    browser.get(server + "/students")
    assert page_title(browser) == "页面不存在"
    assert not browser.find_elements(By.CSS_SELECTOR, "table.data-table")
