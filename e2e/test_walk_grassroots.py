"""基层就业资助 (seeds 000, 001) in a real browser, on a server of its own.

王芳 registers on a 390 px phone (an ID in no list is refused with the 补录库 text); 张明, a
platform student on the 补录 list, opens the aid role on his own account. 王芳 applies: 承诺书,
the 公务员 form whose 录用部门 and 实际工作部门 differ (the township list fills after 暂存), the
printed 申请表 with its serial and QR code, every material uploaded (the 二次分配就业证明 with the
county-stamp hint), 提交; she withdraws from 申请记录 and submits again. A reviewer of another
college does not see her; her college's reviewer reads the 系统判断结果 and the 实际缴纳金额 and
rejects with a reason, which reaches her phone by SMS. The server restarts with its clock a year
ahead: her 基层就业复核, prefilled from the application, passes the college and the school, and the
first 在职在岗确认 opens with the amount and its installments.

The steps depend on each other: the module's tests run in order on one server.
"""
import base64
import os
import re

import pytest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import PrivateServer, screenshot
from helpers import (ADMIN_PASSWORD, STUDENT, click_and_wait, fill, flash_text, header_name, header_role, horizontal_overflow, login, login_ok,
                     outbox_rows, wait)
from test_data_io import qr_from_page


def resident_id(first17):
    """The 18-character resident ID completing `first17` (GB 11643 check digit)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


WANG_ID = resident_id("50024220030601002")
UNLISTED_ID = resident_id("50024220030601018")
WANG_PHONE = "13800002002"
WANG_PASSWORD = "Aid-Pass-2026"
REASON = "缺少县级组织部门盖章的二次分配就业证明"
RULES = ["地区", "层级", "行业", "公务员部门", "服务期", "学生身份", "学段"]

# What later steps need of earlier ones (the tests run in file order on one server).
state = {}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def private_server(request):
    """The walk runs twice: on SQLite, and on PostgreSQL when CI gives `JIUYE_E2E_POSTGRES`
    (pytest runs every test of the module on one server before the next)."""
    if request.param == "postgres" and not os.environ.get("JIUYE_E2E_POSTGRES"):
        pytest.skip("JIUYE_E2E_POSTGRES is not set: the PostgreSQL walk runs in CI")
    state.clear()
    server = PrivateServer(postgres=request.param == "postgres").start()
    yield server
    server.stop()


def main_text(driver):
    return driver.find_element(By.ID, "main").text


def press(driver, label):
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//button[normalize-space()='{label}']"))


def card(driver, title):
    """The card whose title is `title` (its whole text)."""
    return driver.find_element(By.XPATH, f"//main//*[contains(@class,'card-title') and normalize-space()='{title}']"
                                         "/ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' card ')][1]")


def png(driver, folder, name):
    """A real PNG drawn by the browser's canvas: a stamped sheet."""
    data_url = driver.execute_script("""
        var c = document.createElement('canvas'); c.width = 240; c.height = 320;
        var g = c.getContext('2d'); g.fillStyle = '#fbfaf5'; g.fillRect(0, 0, 240, 320);
        g.fillStyle = '#333'; for (var y = 30; y < 260; y += 16) g.fillRect(20, y, 200, 4);
        g.strokeStyle = '#c01c28'; g.lineWidth = 5; g.beginPath(); g.arc(170, 270, 30, 0, 7); g.stroke();
        return c.toDataURL('image/png');""")
    path = folder / name
    path.write_bytes(base64.b64decode(data_url.split(",", 1)[1]))
    return path


def upload_all(driver, folder, stage):
    """On the wizard's 上传证明材料 step: every 上传 link in turn (the platform's upload page, back
    to the step); returns the materials' labels."""
    back = f"/grassroots/case/{stage}?step=materials"
    labels = [span.text.strip() for span in driver.find_elements(By.CSS_SELECTOR, "main table.data-table tbody td[data-label='材料'] > div > span:first-child")]
    for index in range(len(labels)):
        links = driver.find_elements(By.XPATH, "//main//table//a[normalize-space()='上传']")
        assert links, f"no 上传 link left after {index} of {labels}"
        click_and_wait(driver, links[0])
        assert "/uploads/new" in driver.current_url, driver.current_url
        driver.find_element(By.ID, "f-file").send_keys(str(png(driver, folder, f"{stage}-{index}.png")))
        driver.execute_script("window.__jiuyeOldPage = true")
        driver.find_element(By.XPATH, "//main//button[normalize-space()='上传']").click()
        wait(driver).until(lambda d: d.current_url.endswith(back) and d.execute_script("return !window.__jiuyeOldPage && document.readyState === 'complete'"))
        assert "已上传" in flash_text(driver), flash_text(driver)
    assert not driver.find_elements(By.XPATH, "//main//table//a[normalize-space()='上传']"), "a material is still missing"
    assert "未上传" not in main_text(driver)
    return labels


def set_date(driver, field_id, value):
    """A date input's value (typing into <input type=date> depends on the browser's locale)."""
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                          driver.find_element(By.ID, field_id), value)


def choose_radio(driver, name, value):
    driver.find_element(By.CSS_SELECTOR, f"main input[type=radio][name='{name}'][value='{value}']").click()


def fill_civil_servant_form(driver):
    """The 公务员 form of GrassrootsFlowTests.civilServantForm, typed as a student would: the 区县
    by name, 暂存 so the 街道/乡镇 list fills, then the rest."""
    choose_radio(driver, "aid_mode", "学费补偿")
    fill(driver, "f-unit_name", "酉阳县龙潭镇人民政府")
    fill(driver, "f-position", "综合办公室科员")
    fill(driver, "f-phone", WANG_PHONE)
    set_date(driver, "f-service_start", "2026-07-01")
    set_date(driver, "f-service_end", "2031-06-30")
    fill(driver, "f-work_county", "重庆市酉阳土家族苗族自治县")
    township = Select(driver.find_element(By.ID, "f-work_township"))
    assert [o.get_attribute("value") for o in township.options if o.get_attribute("value")] == [], "no townships before the county is saved"
    press(driver, "暂存")
    assert "已暂存" in flash_text(driver), main_text(driver)
    # The dates and the county survived the 暂存; the county is shown by its full name.
    assert driver.find_element(By.ID, "f-service_start").get_attribute("value") == "2026-07-01"
    assert "酉阳" in driver.find_element(By.ID, "f-work_county").get_attribute("value")
    township = Select(driver.find_element(By.ID, "f-work_township"))
    names = [o.text for o in township.options]
    assert any("钟多街道" in n and "县政府驻地" in n for n in names) and "龙潭镇" in names and "麻旺镇" in names, names
    township.select_by_visible_text("龙潭镇")
    fill(driver, "f-work_address", "龙潭镇中心街 1 号")
    Select(driver.find_element(By.ID, "f-industry")).select_by_value("公务员|")
    Select(driver.find_element(By.ID, "f-civil_servant_kind")).select_by_visible_text("公务员（选调生）")
    choose_radio(driver, "departments_same", "否")
    Select(driver.find_element(By.ID, "f-hiring_department")).select_by_visible_text("县级以上（含县级）局（委员会、办公室）")
    Select(driver.find_element(By.ID, "f-actual_department")).select_by_visible_text("乡镇政府")


def open_case(driver, srv, path, name="王芳"):
    """Opens `name`'s case from a review list; returns the detail page's URL."""
    driver.get(srv + path)
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//tr[contains(., '{name}')]//a[starts-with(@href, '{path}/')]"))
    assert re.search(re.escape(path) + r"/\d+", driver.current_url), driver.current_url
    return driver.current_url


def review_button(driver, action):
    return driver.find_element(By.CSS_SELECTOR, f"main form.review-form button[name=action][value={action}]")


# ---------- 1, 2: registration and the one account ----------

def test_registration_on_a_phone_and_an_existing_account_joins(private_server, browser, phone):
    srv = private_server.base
    phone.get(srv + "/login")
    assert phone.find_elements(By.CSS_SELECTOR, "main a[href='/grassroots/register']"), "the login page links the aid registration"
    phone.get(srv + "/grassroots/register")
    assert "基层就业资助学生注册" in main_text(phone)
    school = Select(phone.find_element(By.ID, "school"))
    assert school.first_selected_option.get_attribute("value"), "the only school is preselected"
    assert Select(phone.find_element(By.ID, "id_type")).first_selected_option.text == "居民身份证"

    def register(id_number, name, mobile):
        phone.get(srv + "/grassroots/register")
        Select(phone.find_element(By.ID, "school")).select_by_visible_text("九业示范大学")
        Select(phone.find_element(By.ID, "id_type")).select_by_visible_text("居民身份证")
        fill(phone, "id_number", id_number)
        fill(phone, "name", name)
        fill(phone, "phone", mobile)
        fill(phone, "password", WANG_PASSWORD)
        fill(phone, "confirm", WANG_PASSWORD)
        press(phone, "注册")

    # Not in any list of the registry: refused with the seed's words, no account.
    register(UNLISTED_ID, "赵六", "13800002099")
    refused = main_text(phone)
    assert "注册失败" in refused and "补录库" in refused, refused
    assert "/grassroots/register" in phone.current_url
    assert not horizontal_overflow(phone)
    screenshot(phone, "grassroots-register-refused-390")

    # 王芳, in the 高校学生信息库 as this year's graduate.
    register(WANG_ID, "王芳", WANG_PHONE)
    assert phone.current_url.endswith("/grassroots"), (phone.current_url, main_text(phone))
    assert "注册成功" in flash_text(phone), flash_text(phone)
    home = main_text(phone)
    assert "王芳" in home and "基层就业申请" in home and "立即申请" in home, home
    assert header_role(phone) == "基层就业资助申请人", header_role(phone)
    assert not horizontal_overflow(phone)
    screenshot(phone, "grassroots-home-registered-390")

    # 张明 has a platform account and is on the 补录 list: he opens the aid role on it.
    login_ok(browser, srv, STUDENT)
    browser.get(srv + "/grassroots/join")
    assert "开通基层就业资助" in main_text(browser)
    press(browser, "开通")
    assert browser.current_url.endswith("/grassroots"), (browser.current_url, main_text(browser))
    assert "已开通基层就业资助" in flash_text(browser), flash_text(browser)
    assert "张明" in main_text(browser) and "立即申请" in main_text(browser), main_text(browser)
    assert header_role(browser) == "基层就业资助申请人", header_role(browser)
    assert header_name(browser) == "张明", header_name(browser)


# ---------- 3: the application, withdrawn and submitted again ----------

def test_application_printed_uploaded_submitted_withdrawn_and_resubmitted(private_server, browser, phone, tmp_path):
    srv = private_server.base
    login(browser, srv, WANG_PHONE, WANG_PASSWORD)
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-error"), main_text(browser)
    browser.get(srv + "/grassroots")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//a[normalize-space()='立即申请' and contains(@href, '/grassroots/case/apply')]"))
    # 承诺书: 同意 without the tick is refused at the box.
    assert "承诺书" in main_text(browser) and "王芳" in main_text(browser)
    press(browser, "同意")
    assert "请阅读承诺书并勾选" in main_text(browser), main_text(browser)
    assert browser.find_element(By.CSS_SELECTOR, "input[name=supplement][value='0']").is_selected(), "王芳 is not on the 补录 list"
    browser.find_element(By.ID, "agree").click()
    press(browser, "同意")
    assert browser.current_url.endswith("/grassroots/case/apply?step=form"), browser.current_url

    fill_civil_servant_form(browser)
    # The wizard form fits a phone too (checked on the saved form, before 下一步).
    login(phone, srv, WANG_PHONE, WANG_PASSWORD)
    phone.get(srv + "/grassroots/case/apply?step=form")
    assert phone.find_element(By.ID, "f-work_township").is_displayed()
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "grassroots-form-390")
    screenshot(browser, "grassroots-form-1366")
    press(browser, "下一步")
    assert browser.current_url.endswith("/grassroots/case/apply?step=template"), (browser.current_url, main_text(browser),
                                                                                   [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".field-error")])

    # 下载模版: 生成并打印模版 gives the printed 申请表 with its serial and QR code.
    assert "下载模版" in main_text(browser)
    press(browser, "生成并打印模版")
    assert browser.current_url.endswith("/grassroots/case/apply/template"), browser.current_url
    sheet = browser.find_element(By.TAG_NAME, "body").text
    assert "中央高校毕业生基层就业学费补偿国家助学贷款代偿申请表" in sheet, sheet
    for text in ["王芳", "龙潭镇", "酉阳", "酉阳县龙潭镇人民政府", "公务员（选调生）"]:
        assert text in sheet, (text, sheet)
    serial = re.search(r"JY\d{4}-\d{6}", sheet)
    assert serial, sheet
    assert browser.find_elements(By.CSS_SELECTOR, ".doc-verify svg"), "no QR code on the printed 申请表"
    verify = qr_from_page(browser, tmp_path / "apply-qr.png")
    assert verify.startswith(srv + "/verify/"), verify
    screenshot(browser, "grassroots-apply-sheet-1366")
    browser.get(verify)
    checked = browser.find_element(By.TAG_NAME, "body").text
    assert serial.group(0) in checked and "王芳" not in checked, checked

    # 上传证明材料: the 二次分配就业证明 with the county-stamp hint; each material through the upload page.
    browser.get(srv + "/grassroots/case/apply?step=materials")
    materials = main_text(browser)
    assert "二次分配就业证明" in materials and "请务必上传含有县级以上（含县级）组织部门盖章的二次分配就业证明" in materials, materials
    labels = upload_all(browser, tmp_path, "apply")
    assert labels == ["基层就业申请表（盖章）", "就业协议或劳动合同（服务期三年以上）", "录用文件或就业证明", "学费缴纳凭证或国家助学贷款合同", "二次分配就业证明"], labels
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//a[normalize-space()='下一步']"))
    assert browser.current_url.endswith("?step=preview"), browser.current_url
    preview = main_text(browser)
    assert "预览提交" in preview and "龙潭镇" in preview and "乡镇政府" in preview and "还需上传" not in preview, preview
    press(browser, "提交")
    assert browser.current_url.endswith("/grassroots"), (browser.current_url, main_text(browser))
    assert "已提交" in flash_text(browser), flash_text(browser)
    entry = card(browser, "基层就业申请")
    assert "待审核" in entry.text, entry.text
    done = entry.find_element(By.XPATH, ".//button[normalize-space()='已申请']")
    assert not done.is_enabled(), "已申请 is greyed"

    # 撤回 from 申请记录 (the college has not acted): back in the form; 提交 again from the preview.
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//a[normalize-space()='申请记录']"))
    assert browser.current_url.endswith("/grassroots/records")
    row = browser.find_element(By.XPATH, "//main//table//tr[contains(., '基层就业申请')]")
    assert "待审核" in row.text, row.text
    click_and_wait(browser, row.find_element(By.XPATH, ".//button[normalize-space()='撤回']"))
    assert browser.current_url.endswith("/grassroots/case/apply?step=form"), browser.current_url
    assert "已撤回" in flash_text(browser), flash_text(browser)
    assert browser.find_element(By.ID, "f-unit_name").get_attribute("value") == "酉阳县龙潭镇人民政府"
    browser.get(srv + "/grassroots/case/apply?step=preview")
    assert "还需上传" not in main_text(browser), "the files stay with the withdrawn case"
    press(browser, "提交")
    assert browser.current_url.endswith("/grassroots"), (browser.current_url, main_text(browser))
    assert "待审核" in card(browser, "基层就业申请").text
    browser.get(srv + "/grassroots/records")
    rows = browser.find_elements(By.XPATH, "//main//table[contains(@class,'data-table')]//tbody/tr[contains(., '基层就业申请')]")
    assert len(rows) == 1, "withdraw and resubmit keep one case"
    phone.get(srv + "/grassroots")
    assert "待审核" in main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "grassroots-home-submitted-390")


# ---------- 4: scope, the reviewer's cards, rejection by SMS ----------

def test_review_scope_judgement_and_rejection_by_sms(private_server, browser, phone):
    srv = private_server.base
    login_ok(browser, srv, "reviewer2")
    browser.get(srv + "/review/grassroots-apply")
    assert "基层就业申请" in main_text(browser), main_text(browser)
    assert "王芳" not in main_text(browser) and "王*" not in main_text(browser), main_text(browser)

    browser.delete_all_cookies()
    login_ok(browser, srv, "reviewer")
    browser.get(srv + "/grassroots/review")
    row = browser.find_element(By.XPATH, "//main//table//tr[contains(., '基层就业申请') and not(contains(., '复核'))]")
    assert row.find_element(By.CSS_SELECTOR, "td[data-label='待审核']").text.strip() == "1", row.text
    click_and_wait(browser, row.find_element(By.LINK_TEXT, "进入名单"))
    assert browser.current_url.endswith("/review/grassroots-apply"), browser.current_url
    detail = open_case(browser, srv, "/review/grassroots-apply")
    state["apply_detail"] = detail
    judgement = card(browser, "系统判断结果（仅供参考）")
    rules = [e.text.strip() for e in judgement.find_elements(By.CSS_SELECTOR, "ul.judgement li .rule")]
    assert rules == RULES, rules
    amount = card(browser, "实际缴纳金额")
    assert "5000.00" in amount.text, amount.text
    assert "20000.00" in amount.text, amount.text   # 按规则计算总额: 4 学年 × 5000
    assert "登记内容" in main_text(browser) and "龙潭镇" in main_text(browser), main_text(browser)
    screenshot(browser, "grassroots-review-detail-1366")

    login_ok(phone, srv, "reviewer")
    phone.get(detail)
    assert "系统判断结果（仅供参考）" in main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "grassroots-review-detail-390")

    # 审核不通过 needs a reason; with one the student is told by SMS.
    click_and_wait(browser, review_button(browser, "reject"))
    assert "原因" in main_text(browser) or "意见" in main_text(browser), main_text(browser)
    assert "待" in browser.find_element(By.CSS_SELECTOR, ".case-status").text, "still waiting for the college"
    fill(browser, "reason", REASON)
    button = review_button(browser, "reject")
    assert button.text.strip() == "审核不通过", button.text
    click_and_wait(browser, button)
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-error, .field-error"), main_text(browser)

    browser.delete_all_cookies()
    login_ok(browser, srv, "admin", ADMIN_PASSWORD)
    rows = [r for r in outbox_rows(browser, srv, WANG_PHONE) if r["channel"] == "短信"]
    assert rows, outbox_rows(browser, srv, WANG_PHONE)
    newest = rows[0]
    assert newest["recipient"] == "138****2002", newest
    assert "审核不通过" in newest["text"] and REASON in newest["text"], newest

    # 王芳 sees the rejection; the 复核 waits for next year.
    browser.delete_all_cookies()
    login(browser, srv, WANG_PHONE, WANG_PASSWORD)
    browser.get(srv + "/grassroots")
    assert "审核不通过" in card(browser, "基层就业申请").text or "不通过" in card(browser, "基层就业申请").text, card(browser, "基层就业申请").text
    review_card = card(browser, "基层就业复核").text
    assert "立即申请" not in review_card, review_card


def test_change_list_shows_only_named_fields(private_server, browser):
    srv = private_server.base
    login_ok(browser, srv, "reviewer")
    browser.get(state["apply_detail"])
    labels = [td.get_attribute("textContent").strip() for td in browser.find_elements(
        By.XPATH, "//main//*[contains(@class,'card-title') and normalize-space()='变更明细']/ancestor::*[contains(@class,'card')][1]"
                  "//tbody/tr/td[1]")]
    assert labels, "no 变更明细"
    ascii_labels = [label for label in labels if re.fullmatch(r"[a-z_]+", label)]
    assert not ascii_labels, ascii_labels


# ---------- 5: a year later: the 复核 passes both reviews; the first confirmation opens ----------

def test_review_a_year_later_passes_and_the_first_confirmation_opens(private_server, browser, phone, tmp_path):
    private_server.restart({"JIUYE_CLOCK_OFFSET_DAYS": "365"})
    srv = private_server.base
    login(phone, srv, WANG_PHONE, WANG_PASSWORD)
    assert not phone.find_elements(By.CSS_SELECTOR, ".alert-error"), main_text(phone)
    phone.get(srv + "/grassroots")
    entry = card(phone, "基层就业复核")
    assert "立即申请" in entry.text, entry.text
    click_and_wait(phone, entry.find_element(By.XPATH, ".//a[normalize-space()='立即申请']"))
    assert "承诺书" in main_text(phone) and "基层就业复核" in main_text(phone)
    assert not phone.find_elements(By.CSS_SELECTOR, "input[name=supplement]"), "a 复核 asks no 补录 question"
    phone.find_element(By.ID, "agree").click()
    press(phone, "同意")
    assert phone.current_url.endswith("/grassroots/case/apply-review?step=form"), phone.current_url
    # Prefilled from the application.
    assert phone.find_element(By.ID, "f-unit_name").get_attribute("value") == "酉阳县龙潭镇人民政府"
    assert Select(phone.find_element(By.ID, "f-work_township")).first_selected_option.text == "龙潭镇"
    assert Select(phone.find_element(By.ID, "f-hiring_department")).first_selected_option.text == "县级以上（含县级）局（委员会、办公室）"
    assert phone.find_element(By.ID, "f-statement").get_attribute("value") == ""
    assert "复核说明" in main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "grassroots-review-form-390")
    fill(phone, "f-statement", "已补充县委组织部盖章的二次分配就业证明。")
    press(phone, "下一步")
    assert phone.current_url.endswith("?step=template"), (phone.current_url, [e.text for e in phone.find_elements(By.CSS_SELECTOR, ".field-error")])
    phone.get(srv + "/grassroots/case/apply-review?step=materials")
    assert "请务必上传含有县级以上（含县级）组织部门盖章的二次分配就业证明" in main_text(phone)
    upload_all(phone, tmp_path, "apply-review")
    phone.get(srv + "/grassroots/case/apply-review?step=preview")
    assert "已补充县委组织部盖章" in main_text(phone)
    press(phone, "提交")
    assert phone.current_url.endswith("/grassroots"), (phone.current_url, main_text(phone))
    assert "待审核" in card(phone, "基层就业复核").text

    # The college passes it, then the school (学校审核).
    login_ok(browser, srv, "reviewer")
    open_case(browser, srv, "/review/grassroots-apply-review")
    assert "系统判断结果（仅供参考）" in main_text(browser)
    assert "已补充县委组织部盖章" in main_text(browser)
    click_and_wait(browser, review_button(browser, "approve"))
    assert "王芳 学校审核中" in flash_text(browser), (flash_text(browser), main_text(browser))
    browser.delete_all_cookies()
    login_ok(browser, srv, "school")
    browser.get(srv + "/grassroots/review")
    row = browser.find_element(By.XPATH, "//main//table//tr[contains(., '基层就业复核') and not(contains(., '在职'))]")
    assert row.find_element(By.CSS_SELECTOR, "td[data-label='待审核']").text.strip() == "1", row.text
    detail = open_case(browser, srv, "/review/grassroots-apply-review")
    assert "学校审核" in browser.find_element(By.CSS_SELECTOR, ".case-status").text, browser.find_element(By.CSS_SELECTOR, ".case-status").text
    click_and_wait(browser, review_button(browser, "approve"))
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-error"), main_text(browser)
    assert "王芳 审核通过" in flash_text(browser), flash_text(browser)
    browser.get(detail)
    status = browser.find_element(By.CSS_SELECTOR, ".case-status").text
    assert "通过" in status and not browser.find_elements(By.CSS_SELECTOR, "form.review-form"), status

    # 王芳: the first 在职在岗确认 opens, with the amount fixed at the school's approval.
    phone.get(srv + "/grassroots")
    first = card(phone, "第一次在职在岗确认")
    assert "立即填报" in first.text, first.text
    money = card(phone, "资助金额与拨付").text
    for text in ["20000.00", "6666.66", "6666.68", "第1期"]:
        assert text in money, (text, money)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "grassroots-home-approved-390")
    browser.delete_all_cookies()
    login(browser, srv, WANG_PHONE, WANG_PASSWORD)
    browser.get(srv + "/grassroots")
    assert "20000.00" in main_text(browser)
    screenshot(browser, "grassroots-home-approved-1366")
