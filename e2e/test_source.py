"""生源信息核对 in a real browser (seed 003 §3.2, seed 004 §2(1)): the graduate checks the school's
record, completes the contact fields and 保存并送审; a bad 邮编 is refused at its field; the
counselor's 院系审核 and the school's 学校审核 lock the record (已锁定); the graduate then asks
for a change (申请修改), which goes to the school. The pages are looked at on a phone too."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from helpers import click_and_wait, field_error, fill, flash_text, horizontal_overflow, login_ok, logout

CONTACT = {
    "qq": "123456789",
    "home_postcode": "400044",
    "email": "zhangming@example.com",
    "phone": "13912345678",
    "home_phone": "023-65678901",
    "home_address": "重庆市沙坪坝区沙正街174号3单元2号",
}


def approve_zhang(driver, server, role_label):
    driver.get(server + "/review/source?q=" + "张明")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "张明"))
    assert re.search(r"/review/source/\d+$", driver.current_url), driver.current_url
    assert "待处理环节：" + role_label in driver.page_source
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='审核通过']"))
    assert "已处理：张明" in flash_text(driver)


def test_graduate_completes_source_record_and_it_passes_college_and_school(server, browser, phone):
    login_ok(browser, server, "20251001")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "生源信息核对"))
    steps = [li.text for li in browser.find_elements(By.CSS_SELECTOR, ".progress-steps li")]
    assert [s.split(" ", 1)[-1] for s in steps] == ["学生提交", "院系审核", "学校审核"], steps
    record = browser.find_element(By.CSS_SELECTOR, ".desc-list").text
    assert "20251001" in record and "张明" in record and "本科生毕业" in record, record
    assert re.search(r"\d{4}\*+\d{3}[\dX]", record), "the 证件号码 is masked"
    Select(browser.find_element(By.ID, "hukou_moved")).select_by_visible_text("否")
    Select(browser.find_element(By.ID, "archive_moved")).select_by_visible_text("是")
    for field, value in CONTACT.items():
        fill(browser, field, value)
    fill(browser, "home_postcode", "4000")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='保存并送审']"))
    assert "6" in field_error(browser, "home_postcode"), "a 4-digit 邮编 is refused at its field"
    assert browser.find_element(By.ID, "phone").get_attribute("value") == "13912345678", "what was typed stays"
    fill(browser, "home_postcode", "400044")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='保存并送审']"))
    assert "送审成功" in flash_text(browser)
    status = browser.find_element(By.CSS_SELECTOR, ".case-status").text
    assert "已提交" in status and "学生已确认" in status, status
    screenshot(browser, "source-submitted-1366")
    logout(browser)

    login_ok(browser, server, "counselor")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "生源信息审核"))
    assert "张明" in browser.page_source
    screenshot(browser, "source-review-list-1366")
    approve_zhang(browser, server, "院系审核")
    logout(browser)

    login_ok(browser, server, "20251001")
    browser.get(server + "/source")
    status = browser.find_element(By.CSS_SELECTOR, ".case-status").text
    assert "院系审核通过" in status and "已锁定" in status, "seed 004: confirmed by the college = 已锁定"
    logout(browser)

    login_ok(browser, server, "school")
    approve_zhang(browser, server, "学校审核")
    screenshot(browser, "source-review-detail-1366")
    logout(browser)

    login_ok(browser, server, "20251001")
    browser.get(server + "/source")
    status = browser.find_element(By.CSS_SELECTOR, ".case-status").text
    assert "学校审核通过" in status and "已锁定" in status, status
    assert not browser.find_elements(By.XPATH, "//button[normalize-space()='保存并送审']"), "a locked record is not edited in place"
    # 申请修改: 政治面貌 to 中共党员, with the reason; it goes to the school.
    Select(browser.find_element(By.ID, "amend_field")).select_by_visible_text("政治面貌")
    fill(browser, "amend_value", "中共党员")
    fill(browser, "amend_reason", "2025年6月转为中共正式党员，请更正政治面貌")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='提交修改申请']"))
    assert "修改申请已提交" in flash_text(browser)
    assert "政治面貌 改为 “中共党员”" in browser.page_source
    screenshot(browser, "source-amendment-1366")
    logout(browser)

    login_ok(browser, server, "school")
    approve_zhang(browser, server, "学校审核")
    logout(browser)
    login_ok(browser, server, "20251001")
    browser.get(server + "/source")
    assert "中国共产党党员" in browser.find_element(By.CSS_SELECTOR, ".desc-list").text, "the approved change is in the record"
    changes = browser.find_element(By.XPATH, "//h2[normalize-space()='变更明细']/../..").text
    assert "申请修改字段" in changes and "政治面貌" in changes, changes
    logout(browser)

    login_ok(phone, server, "20251001")
    phone.get(server + "/source")
    assert not horizontal_overflow(phone)
    screenshot(phone, "source-390")
    logout(phone)
