"""毕业去向登记 from first entry to a second version, in a real browser.

张明 registers 其他录用形式就业: an income under the 最低工资标准 of 单位所在地 is refused at its
field, he corrects it, 暂存s, attaches a photo of the contract (证明材料) and submits. The
counselor gives 初审通过, the school refuses with a reason, 张明 resubmits, both approve: version 1
is in force. In "July" he changes jobs (申请变更, 签劳动合同形式就业 at a new unit): version 1 stays
in force while version 2 is reviewed, then version 2 replaces it. Last, the school makes 单位名称
read-only for students, and a crafted POST that changes it anyway is refused and stored nothing.

Runs alone or after test_review.py / test_source.py (which leave 张明's registration as a draft):
the first step looks at the page before filling it in. The graduate's page is also looked at on
a 390 px phone.
"""
import base64
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from helpers import (STUDENT, click_and_wait, field_error, fill, flash_text, horizontal_overflow, login_ok, logout,
                     wait)

FIRST_UNIT = "重庆山城数据服务有限公司"
SECOND_UNIT = "重庆两江智能制造有限公司"
REJECTION = "劳动合同缺少单位盖章页，请补充后重新提交"
CONTRACT_FILE = "contract-20251001.jpg"


# ---------- the graduate's page ----------

def status(driver):
    """The 当前状态 line, e.g. "当前状态 待审核 第 1 版"."""
    return driver.find_element(By.CSS_SELECTOR, ".case-status").text


def button(driver, label):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")


def press(driver, label):
    click_and_wait(driver, button(driver, label))


def card(driver, title):
    """The text of the card titled `title`."""
    return driver.find_element(By.XPATH, f"//section[contains(@class,'card')][h2[normalize-space()='{title}']]").text


def alert_text(driver):
    """A refusal shown with the page it answers (an alert in the card, not a flash)."""
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "main .alert-error"))


def main_text(driver):
    return driver.find_element(By.ID, "main").text


def open_destination(driver, server):
    driver.get(server + "/destination")
    assert driver.current_url.endswith("/destination"), driver.current_url
    return status(driver)


def start_from_a_draft(driver, server):
    """The page is the fill-in form: 未提交 (fresh database or after test_review's 撤回), or a
    pending registration withdrawn first."""
    current = open_destination(driver, server)
    if "待审核" in current and driver.find_elements(By.XPATH, "//button[normalize-space()='撤回']"):
        driver.execute_script("window.confirm = function () { return true; }")
        press(driver, "撤回")
        assert "已撤回" in flash_text(driver)
        current = status(driver)
    assert "未提交" in current, f"张明's registration is not a draft: {current!r}"
    assert "第 1 版" in current, current
    assert driver.find_elements(By.ID, "category"), "a draft is shown as the form"


def set_date(driver, field_id, value):
    """type=date inputs take keys in the browser's locale order; the value is set directly."""
    driver.execute_script("var e = document.getElementById(arguments[0]); e.value = arguments[1];"
                          "e.dispatchEvent(new Event('change', {bubbles: true}));", field_id, value)


def visible(driver, field_id):
    return driver.execute_script("return !document.getElementById(arguments[0]).closest('.dest-field').hidden", field_id)


def choose_category(driver, code):
    Select(driver.find_element(By.ID, "category")).select_by_value(code)


def fill_unit(driver, unit_name):
    """The unit fields 11 and 12 both ask for."""
    fill(driver, "unit_name", unit_name)
    fill(driver, "credit_code", "91500106MA5U37210Y")
    Select(driver.find_element(By.ID, "unit_nature")).select_by_value("39")
    Select(driver.find_element(By.ID, "industry")).select_by_value("34")
    fill(driver, "unit_location", "重庆市沙坪坝区")
    Select(driver.find_element(By.ID, "position")).select_by_value("13")
    fill(driver, "contact_name", "王经理")
    fill(driver, "contact_phone", "023-65678901")


def contract_photo(driver, folder):
    """A real 200×200 JPEG (lines of text and a red seal) in `folder`. No imaging library is
    installed: the browser's own encoder draws it on a canvas."""
    path = folder / CONTRACT_FILE
    data_url = driver.execute_script("""
        var c = document.createElement('canvas'); c.width = 200; c.height = 200;
        var g = c.getContext('2d');
        g.fillStyle = '#f4f1ea'; g.fillRect(0, 0, 200, 200);
        g.fillStyle = '#333'; for (var y = 30; y < 150; y += 14) g.fillRect(20, y, 160, 4);
        g.strokeStyle = '#c01c28'; g.lineWidth = 5; g.beginPath(); g.arc(140, 160, 28, 0, 7); g.stroke();
        return c.toDataURL('image/jpeg', 0.9);""")
    assert data_url.startswith("data:image/jpeg;base64,"), data_url[:40]
    data = base64.b64decode(data_url.split(",", 1)[1])
    assert data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9", "a JPEG from start to end marker"
    path.write_bytes(data)
    return path


def upload_contract(driver, folder):
    """证明材料 → 上传证明材料: the upload page, the photo, 上传, and back on /destination."""
    materials = card(driver, "证明材料")
    assert "请上传劳动合同、就业协议书或录取通知书等证明材料" in materials, materials
    link = driver.find_element(By.CSS_SELECTOR, "a[href^='/uploads/new']")
    assert link.text.strip() == "上传证明材料"
    photo = contract_photo(driver, folder)
    click_and_wait(driver, link)
    assert "/uploads/new" in driver.current_url
    # The kind offered first follows the 毕业去向: 就业证明 for 其他录用形式就业.
    kind = Select(driver.find_element(By.ID, "f-kind"))
    assert kind.first_selected_option.get_attribute("value") == "employment-proof", kind.first_selected_option.text
    assert kind.first_selected_option.text.strip() == "就业证明"
    driver.find_element(By.ID, "f-file").send_keys(str(photo))
    assert CONTRACT_FILE in driver.find_element(By.CSS_SELECTOR, ".upload-picker-name").text
    screenshot(driver, "walk-destination-upload-1366")
    # The page's script posts with XMLHttpRequest, then goes to the answer's redirect.
    driver.execute_script("window.__jiuyeOldPage = true")
    button(driver, "上传").click()
    wait(driver).until(lambda d: d.current_url.endswith("/destination")
                       and d.execute_script("return !window.__jiuyeOldPage && document.readyState === 'complete'"))
    assert f"已上传“{CONTRACT_FILE}”（就业证明" in flash_text(driver), flash_text(driver)
    files = driver.find_elements(By.CSS_SELECTOR, ".case-files li")
    listed = [f.text for f in files]
    assert any(CONTRACT_FILE in text and "就业证明" in text for text in listed), listed


def versions(driver):
    """版本记录 rows as (版本, 状态)."""
    rows = []
    for tr in driver.find_elements(By.XPATH, "//section[contains(@class,'card')][h2[normalize-space()='版本记录']]//table/tbody/tr"):
        cells = [td.text.strip() for td in tr.find_elements(By.TAG_NAME, "td")]
        rows.append((cells[0], cells[-1]))
    return rows


def check_phone(phone, server, name):
    login_ok(phone, server, STUDENT)
    open_destination(phone, server)
    assert horizontal_overflow(phone) <= 0, f"{name}: the page is {horizontal_overflow(phone)} px wider than the phone"
    screenshot(phone, name)
    logout(phone)


# ---------- the reviewers ----------

def open_zhang(driver, server, every_status=False):
    """张明's registration from the 去向登记审核 list, searched by name (by default among those waiting)."""
    driver.get(server + "/review/destination?q=张明" + ("&status=" if every_status else ""))
    rows = driver.find_elements(By.XPATH, f"//table[contains(@class,'data-table')]//tr[td[normalize-space()='{STUDENT}']]")
    assert len(rows) == 1, f"张明 ({STUDENT}) is listed {len(rows)} times"
    click_and_wait(driver, rows[0].find_element(By.LINK_TEXT, "张明"))
    assert re.search(r"/review/destination/\d+$", driver.current_url), driver.current_url


def review_zhang(driver, server, user, step, decision):
    """`user` opens 张明's registration waiting at `step` and presses `decision` (初审通过, 审核通过)."""
    login_ok(driver, server, user)
    open_zhang(driver, server)
    assert f"待处理环节：{step}" in status(driver), status(driver)
    press(driver, decision)
    assert f"已处理：张明 {decision}" in flash_text(driver), flash_text(driver)
    logout(driver)


def set_student_access(driver, server, field, access):
    """字段权限设置 of 毕业去向登记 as the school: 学生 · `field` to `access`; returns the flash."""
    login_ok(driver, server, "school")
    driver.get(server + "/admin/fields?form=destination")
    select = Select(driver.find_element(By.NAME, f"student:{field}"))
    select.select_by_value(access)
    press(driver, "保存")
    flash = flash_text(driver)
    assert Select(driver.find_element(By.NAME, f"student:{field}")).first_selected_option.get_attribute("value") == access
    logout(driver)
    return flash


# ---------- the walk ----------

def test_destination_from_first_entry_to_second_version(server, browser, phone, tmp_path):
    # 1. 张明 registers 其他录用形式就业.
    login_ok(browser, server, STUDENT)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "毕业去向登记"))
    start_from_a_draft(browser, server)
    choose_category(browser, "12")
    for field in ("unit_name", "credit_code", "unit_nature", "industry", "unit_location", "position",
                  "employment_start", "employment_end", "monthly_income", "contact_name", "contact_phone"):
        assert visible(browser, field), f"12 其他录用形式就业 asks for {field}: the script shows it"
    assert not visible(browser, "country") and not visible(browser, "agreement_no"), "nor for 国家或地区 or a 合同编号"
    fill_unit(browser, FIRST_UNIT)
    set_date(browser, "employment_start", "2025-07-01")
    set_date(browser, "employment_end", "2026-06-30")
    fill(browser, "monthly_income", "1500")
    press(browser, "提交")
    assert "请按提示修改后再提交" in alert_text(browser), alert_text(browser)
    income = field_error(browser, "monthly_income")
    assert "月收入 1500.00 元低于单位所在地的最低工资标准 2000.00 元/月" in income, income
    assert "未提交" in status(browser), "a refused submission changes nothing"
    assert browser.find_element(By.ID, "employment_start").get_attribute("value") == "2025-07-01", "what was typed stays"
    screenshot(browser, "walk-destination-minimum-wage-1366")
    fill(browser, "monthly_income", "4500")
    press(browser, "暂存")
    assert "已暂存" in flash_text(browser)
    assert browser.find_element(By.ID, "unit_name").get_attribute("value") == FIRST_UNIT
    assert browser.find_element(By.ID, "monthly_income").get_attribute("value") in ("4500", "4500.00")
    upload_contract(browser, tmp_path)
    press(browser, "提交")
    assert "已提交" in flash_text(browser), flash_text(browser)
    assert "待审核" in status(browser), status(browser)
    details = main_text(browser)
    assert FIRST_UNIT in details and "其他录用形式就业" in details and "重庆市沙坪坝区" in details
    assert CONTRACT_FILE in card(browser, "证明材料")
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='/uploads/new']"), "no more files once submitted"
    screenshot(browser, "walk-destination-submitted-1366")
    logout(browser)
    check_phone(phone, server, "walk-destination-submitted-390")

    # 2. The counselor's 初审.
    review_zhang(browser, server, "counselor", "初审", "初审通过")

    # 3. The school refuses with a reason; 张明 resubmits; both approve.
    login_ok(browser, server, "school")
    open_zhang(browser, server)
    assert "待处理环节：审核" in status(browser), status(browser)
    assert CONTRACT_FILE in card(browser, "证明材料"), "the reviewer sees the attached photo"
    fill(browser, "reason", REJECTION)
    press(browser, "审核不通过")
    assert "已处理：张明 审核不通过" in flash_text(browser), flash_text(browser)
    logout(browser)

    login_ok(browser, server, STUDENT)
    open_destination(browser, server)
    assert "审核不通过" in status(browser), status(browser)
    assert REJECTION in card(browser, "审核记录"), "the reason is on the graduate's page"
    screenshot(browser, "walk-destination-rejected-1366")
    assert browser.find_element(By.ID, "unit_name").get_attribute("value") == FIRST_UNIT, "the form keeps what was stored"
    press(browser, "提交")
    assert "已提交" in flash_text(browser), flash_text(browser)
    assert "待审核" in status(browser), status(browser)
    logout(browser)

    review_zhang(browser, server, "counselor", "初审", "初审通过")
    review_zhang(browser, server, "school", "审核", "审核通过")

    # The paper copy reaches the employment office: the school records the day (纸质材料接收, C21).
    login_ok(browser, server, "school")
    open_zhang(browser, server, every_status=True)
    assert "尚未登记收到" in card(browser, "纸质材料接收"), card(browser, "纸质材料接收")
    browser.execute_script("arguments[0].value = '2025-06-20'", browser.find_element(By.ID, "received_on"))
    press(browser, "登记已收到纸质材料")
    assert "已登记纸质材料于 2025-06-20 收到" in flash_text(browser), flash_text(browser)
    paper = card(browser, "纸质材料接收")
    assert "2025-06-20" in paper and "接收人" in paper, paper
    screenshot(browser, "walk-destination-paper-1366")
    logout(browser)

    login_ok(browser, server, STUDENT)
    open_destination(browser, server)
    assert "审核通过" in status(browser) and "第 1 版" in status(browser), status(browser)
    assert versions(browser) == [("第 1 版", "当前有效")], versions(browser)
    screenshot(browser, "walk-destination-approved-1366")

    # 4. "July": a new job, 申请变更 → version 2, reviewed while version 1 stays in force.
    fill(browser, "reason", "7月换工作")
    press(browser, "申请变更")
    assert "已申请变更" in flash_text(browser), flash_text(browser)
    assert "第 2 版" in status(browser), status(browser)
    choose_category(browser, "11")
    assert visible(browser, "agreement_no"), "11 签劳动合同形式就业 offers 劳动合同编号"
    assert "劳动合同编号" in browser.find_element(By.CSS_SELECTOR, "label[for='agreement_no']").text
    fill_unit(browser, SECOND_UNIT)
    press(browser, "提交")
    assert "已提交" in flash_text(browser), flash_text(browser)
    assert "待审核" in status(browser) and "第 2 版" in status(browser), status(browser)
    page = main_text(browser)
    assert "当前有效的登记（第 1 版）" in page, "the approved version is shown while the change is reviewed"
    in_force = browser.find_element(By.XPATH, "//h3[starts-with(normalize-space(), '当前有效的登记')]/following-sibling::*[1]").text
    assert FIRST_UNIT in in_force and SECOND_UNIT not in in_force, in_force
    # (Order not asserted: the approved versions are listed newest first, the pending one after them.)
    assert sorted(versions(browser)) == [("第 1 版", "当前有效"), ("第 2 版", "变更中，审核通过后生效")], versions(browser)
    screenshot(browser, "walk-destination-change-pending-1366")
    logout(browser)
    check_phone(phone, server, "walk-destination-change-pending-390")

    review_zhang(browser, server, "counselor", "初审", "初审通过")
    review_zhang(browser, server, "school", "审核", "审核通过")

    login_ok(browser, server, STUDENT)
    open_destination(browser, server)
    assert "审核通过" in status(browser) and "第 2 版" in status(browser), status(browser)
    assert "当前有效的登记" not in main_text(browser)
    assert SECOND_UNIT in main_text(browser)
    rows = versions(browser)
    assert [r[0] for r in rows] == ["第 2 版", "第 1 版"], rows
    assert rows[0][1] == "当前有效", rows
    assert rows[1][1].startswith("已被新版本替代"), rows
    screenshot(browser, "walk-destination-version-2-1366")
    logout(browser)
    check_phone(phone, server, "walk-destination-version-2-390")

    # 5. 字段权限: 单位名称 read-only for students; a crafted POST cannot change it.
    assert "已保存" in set_student_access(browser, server, "unit_name", "read-only")
    try:
        login_ok(browser, server, STUDENT)
        open_destination(browser, server)
        fill(browser, "reason", "单位名称有误需更正")
        press(browser, "申请变更")
        assert "已申请变更" in flash_text(browser), flash_text(browser)
        before = status(browser)
        name = browser.find_element(By.ID, "unit_name")
        assert name.get_attribute("readonly") is not None, "a read-only field is not editable"
        assert "is-readonly" in name.find_element(By.XPATH, "./ancestor::div[contains(@class,'field')][1]").get_attribute("class")
        grey, white = (browser.execute_script("return getComputedStyle(document.getElementById(arguments[0])).backgroundColor", f)
                       for f in ("unit_name", "credit_code"))
        assert grey != white, f"the read-only field looks like the others ({grey})"
        assert name.get_attribute("value") == SECOND_UNIT
        # The request a tampered page sends: readonly removed, the value changed, submitted.
        browser.execute_script("var e = document.getElementById('unit_name'); e.removeAttribute('readonly');"
                               "e.value = '伪造的单位名称有限公司';")
        press(browser, "提交")
        refusal = alert_text(browser)
        assert "「单位名称」由学校设置为不可修改" in refusal, main_text(browser)[:400]
        assert status(browser) == before, "nothing was submitted"
        open_destination(browser, server)
        assert status(browser) == before
        assert browser.find_element(By.ID, "unit_name").get_attribute("value") == SECOND_UNIT, "nothing was stored"
        screenshot(browser, "walk-destination-readonly-field-1366")
        logout(browser)
        check_phone(phone, server, "walk-destination-change-form-390")
    finally:
        browser.delete_all_cookies()
        assert "已保存" in set_student_access(browser, server, "unit_name", "editable")
