"""毕业去向登记 in a real browser: the graduate fills in, 暂存s and submits, and may withdraw before
the first review; the counselor works through three pending registrations with 初审通过 and
"下一个" (the demo seed leaves five waiting), then rejects one with a reason that reaches the
graduate as a message."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from helpers import click_and_wait, field_error, fill, flash_text, horizontal_overflow, login_ok, logout


def counts(driver):
    """The status counts of the review list, e.g. {"待审核": 5, …}."""
    found = {}
    for link in driver.find_elements(By.CSS_SELECTOR, ".status-counts a"):
        match = re.match(r"(.+?) (\d+)$", link.text.strip())
        if match:
            found[match.group(1)] = int(match.group(2))
    return found


def test_counselor_works_through_three_pending_cases_with_next(server, browser):
    login_ok(browser, server, "counselor")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "去向登记审核"))
    before = counts(browser)
    assert before.get("待审核", 0) >= 4, before
    screenshot(browser, "review-list-1366")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "逐条审核"))
    seen = []
    for _ in range(3):
        assert re.search(r"/review/destination/\d+$", browser.current_url), browser.current_url
        name = browser.find_element(By.CSS_SELECTOR, ".desc-list .desc-item dd").text
        assert name not in seen, "下一个 opened a case twice"
        seen.append(name)
        assert "待处理环节：初审" in browser.page_source
        click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='初审通过']"))
        assert "已处理：" + name in flash_text(browser)
    screenshot(browser, "review-detail-after-three-1366")
    # The fourth pending case rejected with a reason.
    fourth = browser.find_element(By.CSS_SELECTOR, ".desc-list .desc-item dd").text
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='审核不通过']"))
    # The missing reason is said at the 审核意见 field, not at the top of the page.
    refusal = field_error(browser, "reason")
    assert "原因" in refusal, refusal
    fill(browser, "reason", "单位名称与劳动合同不一致，请核对后重新提交")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='审核不通过']"))
    assert "已处理：" + fourth in flash_text(browser)
    browser.get(server + "/review/destination?status=%E5%88%9D%E5%AE%A1%E9%80%9A%E8%BF%87")
    after = counts(browser)
    assert after["初审通过"] == before.get("初审通过", 0) + 3, after
    assert after["待审核"] == before["待审核"] - 4, after
    assert after["审核不通过"] == before.get("审核不通过", 0) + 1, after
    # The history of one reviewed case names the counselor.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, seen[0]))
    assert "辅导员赵老师" in browser.find_element(By.XPATH, "//h2[normalize-space()='审核记录']/../..").text
    logout(browser)


def test_graduate_saves_submits_and_withdraws(server, browser, phone):
    login_ok(browser, server, "20251001")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "毕业去向登记"))
    assert "未提交" in browser.find_element(By.CSS_SELECTOR, ".case-status").text
    Select(browser.find_element(By.ID, "category")).select_by_value("11")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='提交']"))
    assert "请填写单位名称" in browser.page_source, "an incomplete form is refused with the field's message"
    fill(browser, "unit_name", "重庆示范科技有限公司")
    fill(browser, "unit_location", "重庆市沙坪坝区")
    Select(browser.find_element(By.ID, "position")).select_by_value("13")
    # The rest of what 签劳动合同形式就业 asks for (the matrix's row "11").
    Select(browser.find_element(By.ID, "unit_nature")).select_by_value("39")
    fill(browser, "credit_code", "91500106MA5U37210Y")
    Select(browser.find_element(By.ID, "industry")).select_by_value("34")
    fill(browser, "contact_name", "王经理")
    fill(browser, "contact_phone", "023-65678901")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='暂存']"))
    assert "已暂存" in flash_text(browser)
    assert browser.find_element(By.ID, "unit_name").get_attribute("value") == "重庆示范科技有限公司"
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='提交']"))
    assert "已提交" in flash_text(browser)
    assert "待审核" in browser.find_element(By.CSS_SELECTOR, ".case-status").text
    screenshot(browser, "destination-submitted-1366")
    withdraw = browser.find_element(By.XPATH, "//button[normalize-space()='撤回']")
    browser.execute_script("window.confirm = function () { return true; }")
    click_and_wait(browser, withdraw)
    assert "已撤回" in flash_text(browser)
    assert "未提交" in browser.find_element(By.CSS_SELECTOR, ".case-status").text
    records = browser.find_element(By.XPATH, "//h2[normalize-space()='审核记录']/../..").text
    assert "提交" in records and "撤回" in records
    logout(browser)
    # The same page on a phone: nothing wider than the screen.
    login_ok(phone, server, "20251001")
    phone.get(server + "/destination")
    assert not horizontal_overflow(phone)
    screenshot(phone, "destination-390")
    logout(phone)
