"""网上签约 (issue 18) in a real browser, on a server of its own (its 签约考虑期 is one minute).

A unit registers and uploads its licence; the school verifies it. The unit finds 张明 by name,
year and phone (a wrong phone finds nothing, with the same words as an unknown name) and sends
an invitation. 张明, on a 390 px phone, passes 手机认证 (the code read from the outbox by the
system admin), accepts after 签约前必读 and the second confirmation, withdraws within the
考虑期, accepts a second invitation, and the demo employer's invitation is refused. After the
考虑期 he opens the agreement with its number, uploads the stamped scan and submits; the
counselor and the school approve the 网络签约 registration. Then 解约: 张明 applies, the
college, the unit and the school agree, and his destination is 待就业. A 签约模式二 agreement
goes generate → print → upload → review, and a second 解约 is refused.
"""
import base64
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from helpers import (ADMIN_PASSWORD, STUDENT, click_and_wait, code_from_outbox, fill, flash_text, horizontal_overflow, login_ok,
                     logout, newest_outbox_id, request_code, submit_form, wait)

UNIT = "重庆山城网络科技有限公司"
CREDIT = "91500106MA5U88001K"
PHONE = "13800001001"


def main_text(driver):
    return driver.find_element(By.ID, "main").text


def press(driver, label):
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//button[normalize-space()='{label}']"))


def png(driver, folder, name):
    """A real PNG drawn by the browser's canvas (no imaging library is installed)."""
    data_url = driver.execute_script("""
        var c = document.createElement('canvas'); c.width = 240; c.height = 320;
        var g = c.getContext('2d'); g.fillStyle = '#fbfaf5'; g.fillRect(0, 0, 240, 320);
        g.fillStyle = '#333'; for (var y = 30; y < 260; y += 16) g.fillRect(20, y, 200, 4);
        g.strokeStyle = '#c01c28'; g.lineWidth = 5; g.beginPath(); g.arc(170, 270, 30, 0, 7); g.stroke();
        return c.toDataURL('image/png');""")
    path = folder / name
    path.write_bytes(base64.b64decode(data_url.split(",", 1)[1]))
    return path


def upload(driver, link_text, path, back):
    """Follows the page's upload link, picks the file, 上传, and waits to be back on `back`."""
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, link_text))
    driver.find_element(By.ID, "f-file").send_keys(str(path))
    driver.execute_script("window.__jiuyeOldPage = true")
    driver.find_element(By.XPATH, "//button[normalize-space()='上传']").click()
    wait(driver).until(lambda d: d.current_url.endswith(back) and d.execute_script("return !window.__jiuyeOldPage && document.readyState === 'complete'"))
    assert "已上传" in flash_text(driver), flash_text(driver)


def search(driver, srv, name, cohort, phone):
    driver.get(srv + "/employer/signing")
    fill(driver, "search-name", name)
    fill(driver, "search-cohort", cohort)
    fill(driver, "search-phone", phone)
    submit_form(driver, "/employer/signing/search")


def invite(driver, srv):
    """Finds 张明, adds him to the send list and sends the invitation; returns the flash."""
    search(driver, srv, "张明", "2025", PHONE)
    submit_form(driver, "/employer/signing/list")
    fill(driver, "position", "软件工程师")
    Select(driver.find_element(By.ID, "position_category")).select_by_value("13")
    fill(driver, "other_terms", "试用期三个月")
    submit_form(driver, "/employer/signing/send")
    return flash_text(driver)


def accept_newest(phone, srv):
    phone.get(srv + "/signing")
    links = phone.find_elements(By.LINK_TEXT, "查看邀请函")
    click_and_wait(phone, links[0])
    assert "签约前必读" in main_text(phone) and "24 小时签约考虑期" in main_text(phone)
    phone.find_element(By.ID, "pledge").click()
    press(phone, "现在签约")
    assert "您确定同意签约吗？" in main_text(phone)
    press(phone, "确定")
    assert phone.current_url.endswith("/signing/agreement"), phone.current_url
    return re.search(r"协议书编号\s*(\d{5}2025\w+)", main_text(phone)).group(1)


def review(driver, srv, path, label="审核通过"):
    """Opens 张明's case on a review list and approves it."""
    driver.get(srv + path)
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//tr[contains(., '张明')]//a[starts-with(@href, '{path}/')]"))
    press(driver, label)


def test_signing_termination_and_paper_agreement(private_server, browser, phone, second_browser, tmp_path):
    srv = private_server.base
    # 1. The unit registers itself and uploads its licence.
    browser.delete_all_cookies()
    browser.get(srv + "/employer/register")
    for field, value in [("unit_name", UNIT), ("credit_code", CREDIT), ("unit_location", "重庆市沙坪坝区"), ("unit_address", "重庆市沙坪坝区大学城中路 8 号"),
                         ("contact_name", "周经理"), ("contact_phone", "023-65102233"), ("contact_email", "hr@shancheng.example.com"),
                         ("username", "shancheng"), ("password", "Shan@Cheng2026"), ("confirm", "Shan@Cheng2026")]:
        fill(browser, field, value)
    Select(browser.find_element(By.ID, "unit_nature")).select_by_value("39")
    Select(browser.find_element(By.ID, "industry")).select_by_value("34")
    screenshot(browser, "signing-register-1366")
    submit_form(browser, "/employer/register")
    assert browser.current_url.endswith("/employer"), [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".field-error")]
    assert "待鉴证" in main_text(browser)
    upload(browser, "上传营业执照", png(browser, tmp_path, "licence.png"), "/employer")
    screenshot(browser, "signing-employer-home-1366")

    # 2. The school verifies it.
    login_ok(second_browser, srv, "school")
    second_browser.get(srv + "/employers/qualification")
    click_and_wait(second_browser, second_browser.find_element(By.LINK_TEXT, UNIT))
    assert "licence.png" in main_text(second_browser)
    screenshot(second_browser, "signing-qualification-1280")
    press(second_browser, "鉴证通过")
    assert "已鉴证通过" in flash_text(second_browser)
    logout(second_browser)

    # 3. Search: a wrong phone and an unknown name read the same; then the invitation.
    search(browser, srv, "张明", "2025", "13900009999")
    wrong_phone = main_text(browser)
    search(browser, srv, "张不存在", "2025", "13900009999")
    assert "未找到符合条件的毕业生" in wrong_phone and "未找到符合条件的毕业生" in main_text(browser)
    assert "计算机学院" not in wrong_phone
    assert "已向 张明 发送签约邀请" in invite(browser, srv)
    screenshot(browser, "signing-employer-1366")

    # 4. 张明 on his phone: 手机认证 with the 生源 phone.
    login_ok(phone, srv, STUDENT)
    phone.get(srv + "/signing")
    assert "手机认证" in main_text(phone)
    fill(phone, "phone", "13900009999")
    submit_form(phone, "/signing/phone/send")
    assert "手机号码已变更，请及时联系学校就业部门负责老师进行修改。" in main_text(phone)
    login_ok(second_browser, srv, "admin", ADMIN_PASSWORD)
    before = newest_outbox_id(second_browser, srv, PHONE)
    fill(phone, "phone", PHONE)
    request_code(phone, "/signing/phone/send")
    _, code, _ = code_from_outbox(second_browser, srv, PHONE, newer_than=before)
    logout(second_browser)
    fill(phone, "code", code)
    submit_form(phone, "/signing/phone")
    assert "手机认证成功" in flash_text(phone)
    assert UNIT in main_text(phone) and "单位发起邀约" in main_text(phone)
    assert not horizontal_overflow(phone)
    screenshot(phone, "signing-invitations-390")

    # 5. Accept, withdraw within the 考虑期, accept a second invitation.
    first_number = accept_newest(phone, srv)
    assert "签约考虑期内" in main_text(phone)
    press(phone, "撤销签约")
    assert "已撤销签约" in flash_text(phone)
    assert "已向 张明 发送签约邀请" in invite(browser, srv)
    number = accept_newest(phone, srv)
    assert number != first_number and number.endswith(number[-4:])
    screenshot(phone, "signing-agreement-390")
    accepted_at = time.time()

    # 6. Another employer's invitation is refused.
    login_ok(second_browser, srv, "employer")
    assert "已与其他单位签约" in invite(second_browser, srv)
    logout(second_browser)

    # 7. After the 考虑期: the agreement with its number, the stamped scan, 保存并提交审核.
    phone.get(srv + "/signing/agreement/print")
    assert "全国普通高等学校毕业生就业协议书" in phone.find_element(By.TAG_NAME, "body").text and number in phone.page_source
    screenshot(phone, "signing-print-390")
    time.sleep(max(0, 62 - (time.time() - accepted_at)))
    phone.get(srv + "/signing/agreement")
    assert "已生效" in main_text(phone)
    upload(phone, "上传图片", png(phone, tmp_path, "agreement.png"), "/signing/agreement")
    press(phone, "保存并提交审核")
    assert "已提交审核" in flash_text(phone), main_text(phone)

    # 8. The counselor sees 网络签约 and gives 初审通过; the school approves.
    login_ok(second_browser, srv, "counselor")
    second_browser.get(srv + "/review/destination")
    assert "网络签约" in main_text(second_browser)
    review(second_browser, srv, "/review/destination", "初审通过")
    logout(second_browser)
    login_ok(second_browser, srv, "school")
    review(second_browser, srv, "/review/destination")
    logout(second_browser)
    phone.get(srv + "/signing/agreement")
    assert "审核通过" in main_text(phone)
    phone.get(srv + "/destination")
    assert "网络签约" in phone.page_source, "the 审核记录 names the 网络签约 entry"

    # 9. 解约: 张明 applies, the college, the unit and the school agree; the destination is 待就业.
    phone.get(srv + "/signing/termination")
    assert "已经办理过解约的学生，不得再次申请解约" in main_text(phone)
    fill(phone, "reason", "已考取公务员，需与原单位解约")
    press(phone, "提交")
    assert "已向学院发送解约申请" in flash_text(phone)
    login_ok(second_browser, srv, "college")
    review(second_browser, srv, "/review/termination-online", "同意解约")
    logout(second_browser)
    browser.get(srv + "/employer/terminations")
    press(browser, "同意解约")
    assert "已同意解约" in flash_text(browser)
    login_ok(second_browser, srv, "school")
    review(second_browser, srv, "/review/termination-online")
    logout(second_browser)
    deadline = time.time() + 30
    while time.time() < deadline:
        phone.get(srv + "/destination")
        if "待就业" in main_text(phone):
            break
        time.sleep(2)
    assert "待就业" in main_text(phone), main_text(phone)

    # 10. 签约模式二: generate → print → upload → review; then a second 解约 is refused.
    phone.get(srv + "/signing/offline")
    for field, value in [("offline-unit_name", "重庆两江数据服务有限公司"), ("offline-credit_code", "91500106MA5U99002M"),
                         ("offline-unit_location", "重庆市沙坪坝区"), ("offline-contact_email", "hr@liangjiang.example.com"),
                         ("offline-postcode", "400030"), ("offline-unit_address", "重庆市沙坪坝区学城大道 9 号"), ("offline-contact_name", "刘女士"),
                         ("offline-contact_phone", "13912345678"), ("offline-position", "数据分析师")]:
        fill(phone, field, value)
    Select(phone.find_element(By.ID, "offline-industry")).select_by_value("34")
    Select(phone.find_element(By.ID, "offline-nature")).select_by_value("39")
    Select(phone.find_element(By.ID, "offline-position-category")).select_by_value("13")
    screenshot(phone, "signing-offline-390")
    press(phone, "保存并生成协议书")
    assert "就业协议书已生成" in flash_text(phone), main_text(phone)
    phone.get(srv + "/signing/agreement/print")
    assert "重庆两江数据服务有限公司" in phone.page_source
    phone.get(srv + "/signing/agreement")
    upload(phone, "上传图片", png(phone, tmp_path, "paper.png"), "/signing/agreement")
    press(phone, "保存并提交审核")
    assert "已提交审核" in flash_text(phone), main_text(phone)
    login_ok(second_browser, srv, "counselor")
    review(second_browser, srv, "/review/destination", "初审通过")
    logout(second_browser)
    login_ok(second_browser, srv, "school")
    review(second_browser, srv, "/review/destination")
    logout(second_browser)
    phone.get(srv + "/signing/agreement")
    assert "审核通过" in main_text(phone) and "协议就业（纸质签约）" in main_text(phone)
    phone.get(srv + "/signing/termination")
    fill(phone, "reason", "再次解约")
    press(phone, "提交")
    assert "已经办理过解约的学生不得再次申请解约" in main_text(phone)
