"""生活补贴 (seed 002) in a real browser, on a server of its own.

Two units register (重庆沙坪坝数智科技 on a 390 px phone, 重庆南岸云端服务 on the desktop) and upload their
营业执照; the security administrator makes a 南岸区人社局 account; each county's bureau sees and approves
only its own unit. 赵丽 registers on a phone (用户须知 → 同意 → the form), is returned by her unit with
an opinion, uploads a 劳动合同 and submits again; the unit approves. She keeps two work experiences in
two counties. The city imports her insurance from 2019-03 and she is refused; re-imported with one
unpaid month, her form shows the bank and 新申领, and 暂存并计算 gives 12 / 1 / 11 / 5500.00. The chain:
单位审核, 单位上报, 县区人社局审核, 公示 (the public page shows 赵* and 5500.00; an anonymous objection the
county bureau alone reads and records), the server restarts 8 days on and the job runner ends 公示,
异议处理, 评审通过, 上报, 县区组织部确认, the city's batch through 市组织部, 市财政局 and 县财政局, 未到账,
paid again in a new batch, 拨付确认: every step of 补助申报流程状态 done.

Dates. Today is late 2026. The county's 业务时间设置 offers the years a 生活补贴 application may start
in (three back, one ahead): the walk opens 2024 there, and files 2025-08…2026-07 under the 2025
window: 12 months with one unpaid (2025-10).

The steps depend on each other: the module's tests run in order on one server.
"""
import base64
import os
import re
import time

import pytest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import PrivateServer, screenshot
from helpers import click_and_wait, fill, flash_text, horizontal_overflow, login, login_ok, wait


def resident_id(first17):
    """The 18-character resident ID completing `first17` (GB 11643 check digit)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def credit_code(first17):
    """The 18-character 统一社会信用代码 completing `first17` (GB 32100 check character)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights))
    return first17 + alphabet[(31 - total % 31) % 31]


PERSON_ID = resident_id("50010619990101003")
PERSON = "zhao_li"
PERSON_PASSWORD = "Aid-Pass-2026"
UNIT_PASSWORD = "Unit-Pass-2026"
UNIT_A = "重庆沙坪坝数智科技有限公司"
UNIT_B = "重庆南岸云端服务有限公司"
DIPLOMA = "106111202405001234"
DEGREE = "1061142024001234"
ACCOUNT = "6217000000000003003"
INSURANCE_HEADER = "证件号码,缴费年月,参保状态,社保卡状态,发放银行,金融账号"
OBJECTION = "该同学 2025 年 10 月不在单位工作"
STEPS = ["个人补助申请", "单位审核", "单位上报", "县区人社局审核", "县区人社局公示", "县区人社局评审", "上报县区组织部",
         "县区组织部确认", "市人社局汇总", "市组织部确认", "市财政局拨付", "县财政局拨付", "个人拨付确认"]

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


# ---------- small helpers ----------

def main_text(driver):
    return driver.find_element(By.ID, "main").text


def press(driver, label, scope=None):
    """Clicks the button labelled `label` (inside `scope`, or anywhere in main) and waits for the answer."""
    if scope is None:
        button = driver.find_element(By.XPATH, f"//main//button[normalize-space()='{label}']")
    else:
        button = scope.find_element(By.XPATH, f".//button[normalize-space()='{label}']")
    click_and_wait(driver, button)


def card(driver, title):
    """The card whose title is `title` (its whole text)."""
    return driver.find_element(By.XPATH, f"//main//*[contains(@class,'card-title') and normalize-space()='{title}']"
                                         "/ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' card ')][1]")


def described(driver, term):
    """The <dd> of a description list entry by its <dt>."""
    return driver.find_element(By.XPATH, f"//main//dt[normalize-space()='{term}']/following-sibling::dd[1]").text.strip()


def set_value(driver, field_id, value):
    """A date or datetime-local input's value (typing into them depends on the browser's locale)."""
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                          driver.find_element(By.ID, field_id), value)


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


def upload(driver, link, folder, name, back):
    """Follows an upload link to the platform's upload page, sends a PNG and waits to be back on `back`."""
    click_and_wait(driver, link)
    assert "/uploads/new" in driver.current_url, driver.current_url
    driver.find_element(By.ID, "f-file").send_keys(str(png(driver, folder, name)))
    driver.execute_script("window.__jiuyeOldPage = true")
    driver.find_element(By.XPATH, "//main//button[normalize-space()='上传']").click()
    wait(driver).until(lambda d: d.current_url.split("?")[0].endswith(back)
                       and d.execute_script("return !window.__jiuyeOldPage && document.readyState === 'complete'"))
    assert "已上传" in flash_text(driver), flash_text(driver)


def as_user(driver, srv, username, password=None):
    """Drops the driver's session and logs in as `username`."""
    driver.delete_all_cookies()
    login_ok(driver, srv, username, password)


def status(driver):
    return driver.find_element(By.CSS_SELECTOR, ".case-status").text


def review_button(driver, action):
    return driver.find_element(By.CSS_SELECTOR, f"main form.review-form button[name=action][value={action}]")


def act_on_case(driver, srv, action, label=None):
    """On the case's review page: presses the review button of `action` (checking its label) and
    comes back to the case page."""
    driver.get(srv + state["review"])
    button = review_button(driver, action)
    if label:
        assert button.text.strip() == label, (button.text, main_text(driver))
    click_and_wait(driver, button)
    assert not driver.find_elements(By.CSS_SELECTOR, ".alert-error, .field-error"), main_text(driver)
    flash = flash_text(driver)
    assert "已处理" in flash, (flash, main_text(driver))
    driver.get(srv + state["review"])
    return flash


def import_csv(driver, srv, folder, kind, name, text):
    driver.get(srv + "/subsidy/data")
    Select(driver.find_element(By.ID, "d-kind")).select_by_value(kind)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    driver.find_element(By.ID, "d-file").send_keys(str(path))
    press(driver, "导入")
    assert driver.current_url.endswith("/subsidy/data"), driver.current_url
    return flash_text(driver)


def tick_and_batch(driver, srv):
    """On the review list: ticks the case, 所选组成批次; returns the batch page's URL."""
    driver.get(srv + "/review/living-subsidy")
    box = driver.find_element(By.CSS_SELECTOR, f"main input[type=checkbox][name=ids][value='{state['case']}']")
    box.click()
    press(driver, "所选组成批次")
    assert re.search(r"/review/living-subsidy/batches/\d+$", driver.current_url), (driver.current_url, flash_text(driver), main_text(driver))
    assert "已组成第" in flash_text(driver), flash_text(driver)
    return driver.current_url


def act_on_batch(driver, srv, label):
    """From 查看批次: opens the batch waiting for this role and presses its approve button."""
    driver.get(srv + "/review/living-subsidy/batches")
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//a[normalize-space()='第 {state['batch']} 批次']"))
    assert "赵丽" in main_text(driver) and "5500.00" in main_text(driver), main_text(driver)
    button = driver.find_element(By.CSS_SELECTOR, "main form.review-form button[name=action][value=approve]")
    assert button.text.strip() == f"{label}（1 件）", button.text
    click_and_wait(driver, button)
    assert "件已办理" in flash_text(driver), (flash_text(driver), main_text(driver))


def register_unit(driver, srv, name, credit, county, username, phone_number):
    driver.get(srv + "/subsidy/unit/register")
    assert "生活补贴单位注册" in main_text(driver)
    fill(driver, "u-name", name)
    fill(driver, "u-credit", credit)
    fill(driver, "u-county", county)
    fill(driver, "u-address", county + "科技路 1 号")
    fill(driver, "u-contact", "人事部刘老师")
    fill(driver, "u-phone", phone_number)
    fill(driver, "u-username", username)
    fill(driver, "u-password", UNIT_PASSWORD)
    fill(driver, "u-confirm", UNIT_PASSWORD)


# ---------- 1: two units register; each county's bureau approves its own ----------

def test_units_register_and_each_county_bureau_approves_its_own(private_server, browser, phone, tmp_path):
    srv = private_server.base
    register_unit(phone, srv, UNIT_A, credit_code("91500106MA5UA0001"), "重庆市沙坪坝区", "unit_spb", "13900000811")
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-unit-register-390")
    press(phone, "注册")
    assert phone.current_url.endswith("/subsidy/unit"), (phone.current_url, main_text(phone))
    assert "注册成功" in flash_text(phone), flash_text(phone)
    assert described(phone, "审核状态") == "待审核", main_text(phone)
    upload(phone, phone.find_element(By.XPATH, "//main//a[normalize-space()='上传营业执照']"), tmp_path, "licence-a.png", "/subsidy/unit")
    assert described(phone, "营业执照") != "未上传", main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)

    # 南岸区: a second unit.
    register_unit(browser, srv, UNIT_B, credit_code("91500108MA5UB0002"), "重庆市南岸区", "unit_na", "13900000711")
    press(browser, "注册")
    assert browser.current_url.endswith("/subsidy/unit"), (browser.current_url, main_text(browser))
    upload(browser, browser.find_element(By.XPATH, "//main//a[normalize-space()='上传营业执照']"), tmp_path, "licence-b.png", "/subsidy/unit")

    # 沙坪坝区's bureau sees its own unit only.
    as_user(browser, srv, "county_hr")
    browser.get(srv + "/subsidy/units")
    units = main_text(browser)
    assert UNIT_A in units and UNIT_B not in units, units
    row = browser.find_element(By.XPATH, f"//main//tr[contains(., '{UNIT_A}')]")
    assert "待审核" in row.text and row.find_elements(By.LINK_TEXT, "查看"), row.text
    press(browser, "审核通过", row)
    assert f"已审核通过“{UNIT_A}”" in flash_text(browser), flash_text(browser)
    assert "审核通过" in browser.find_element(By.XPATH, f"//main//tr[contains(., '{UNIT_A}')]").text

    # 南岸区's bureau.
    as_user(browser, srv, "nanan_hr")
    browser.get(srv + "/subsidy/units")
    assert "/subsidy/units" in browser.current_url, (browser.current_url, main_text(browser))
    units = main_text(browser)
    assert UNIT_B in units and UNIT_A not in units, units
    press(browser, "审核通过", browser.find_element(By.XPATH, f"//main//tr[contains(., '{UNIT_B}')]"))
    assert f"已审核通过“{UNIT_B}”" in flash_text(browser), flash_text(browser)

    phone.get(srv + "/subsidy/unit")
    assert described(phone, "审核状态") == "审核通过", main_text(phone)

    # 经办人员账号: unit A adds the colleague who reports its applications to the county.
    accounts = card(phone, "经办人员账号")
    assert "unit_spb" in accounts.text, accounts.text
    fill(phone, "account-username", "unit_spb_li")
    fill(phone, "account-name", "李经办")
    fill(phone, "account-password", UNIT_PASSWORD)
    fill(phone, "account-confirm", UNIT_PASSWORD + "x")
    press(phone, "添加经办人员")
    assert "两次输入的密码不一致" in main_text(phone), main_text(phone)
    fill(phone, "account-password", UNIT_PASSWORD)
    fill(phone, "account-confirm", UNIT_PASSWORD)
    press(phone, "添加经办人员")
    assert "已添加经办人员账号" in flash_text(phone), (flash_text(phone), main_text(phone))
    assert "李经办" in card(phone, "经办人员账号").text
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-unit-accounts-390")
    as_user(browser, srv, "unit_spb_li", UNIT_PASSWORD)
    browser.get(srv + "/subsidy/unit")
    assert UNIT_A in main_text(browser) and UNIT_B not in main_text(browser), main_text(browser)
    screenshot(browser, "subsidy-unit-home-1366")


# ---------- 2: the person registers, is returned with an opinion, resubmits, is approved ----------

def test_person_registers_is_returned_uploads_a_contract_and_is_approved(private_server, browser, phone, tmp_path):
    srv = private_server.base
    phone.get(srv + "/subsidy/register")
    notice = main_text(phone)
    assert "用户须知" in notice and "生活补贴个人注册" in notice, notice
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    click_and_wait(phone, phone.find_element(By.XPATH, "//main//a[normalize-space()='同意']"))
    assert phone.current_url.endswith("/subsidy/register?agreed=1"), phone.current_url
    fill(phone, "p-username", PERSON)
    fill(phone, "p-password", PERSON_PASSWORD)
    fill(phone, "p-confirm", PERSON_PASSWORD)
    fill(phone, "p-name", "赵丽")
    fill(phone, "p-phone", "13800003003")
    fill(phone, "p-email", "zhaoli@example.com")
    assert Select(phone.find_element(By.ID, "p-id_type")).first_selected_option.text == "居民身份证"
    fill(phone, "p-id_number", PERSON_ID)
    set_value(phone, "p-birth_date", "1999-01-01")
    phone.find_element(By.CSS_SELECTOR, "input[name=gender][value='女']").click()
    fill(phone, "p-school", "重庆大学")
    fill(phone, "p-major", "软件工程")
    Select(phone.find_element(By.ID, "p-education")).select_by_value("本科")
    fill(phone, "p-degree", "工学学士")
    fill(phone, "p-ethnicity", "汉族")
    assert phone.find_element(By.CSS_SELECTOR, "input[name=self_employed][value='否']").is_selected()
    units = Select(phone.find_element(By.ID, "p-unit"))
    names = [o.text for o in units.options]
    assert UNIT_A in names and UNIT_B in names, names
    units.select_by_visible_text(UNIT_A)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-person-register-390")
    press(phone, "注册并上报")
    assert phone.current_url.endswith("/subsidy"), (phone.current_url, main_text(phone),
                                                    [e.text for e in phone.find_elements(By.CSS_SELECTOR, ".field-error")])
    assert "注册并上报成功" in flash_text(phone), flash_text(phone)
    assert described(phone, "审核状态") == "待审核", main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)

    # The unit returns it with an opinion.
    as_user(browser, srv, "unit_spb", UNIT_PASSWORD)
    browser.get(srv + "/subsidy/unit")
    row = browser.find_element(By.XPATH, "//main//tr[contains(., '赵丽')]")
    assert "待审核" in row.text and "重庆大学" in row.text, row.text
    row.find_element(By.XPATH, ".//details/summary[normalize-space()='退回']").click()
    opinion = row.find_element(By.CSS_SELECTOR, "details input[name=opinion]")
    opinion.send_keys("请上传劳动合同")
    press(browser, "退回", row.find_element(By.CSS_SELECTOR, "details form"))
    assert "已退回" in flash_text(browser), flash_text(browser)

    # The person reads the opinion, uploads the 劳动合同 and submits again.
    phone.get(srv + "/subsidy")
    assert described(phone, "审核状态") == "已退回", main_text(phone)
    assert described(phone, "单位审核意见") == "请上传劳动合同", main_text(phone)
    contract_row = phone.find_element(By.XPATH, "//main//tr[td[normalize-space()='劳动合同']]")
    upload(phone, contract_row.find_element(By.LINK_TEXT, "上传附件"), tmp_path, "contract.png", "/subsidy")
    contract_row = phone.find_element(By.XPATH, "//main//tr[td[normalize-space()='劳动合同']]")
    assert "contract.png" in contract_row.text, contract_row.text
    press(phone, "提交申请")
    assert "已重新提交" in flash_text(phone), flash_text(phone)
    assert described(phone, "审核状态") == "待审核", main_text(phone)

    # The unit sees the contract beside the row and approves.
    browser.get(srv + "/subsidy/unit")
    row = browser.find_element(By.XPATH, "//main//tr[contains(., '赵丽')]")
    assert row.find_elements(By.XPATH, ".//a[normalize-space()='劳动合同']"), row.text
    press(browser, "审核通过", row)
    assert "已审核通过" in flash_text(browser), flash_text(browser)
    phone.get(srv + "/subsidy")
    assert described(phone, "审核状态") == "审核通过", main_text(phone)
    assert phone.find_elements(By.XPATH, "//main//a[normalize-space()='补助申请']")


# ---------- 3: two work experiences in two counties ----------

def add_work(driver, unit, start, end, current):
    Select(driver.find_element(By.ID, "w-unit")).select_by_visible_text(unit)
    if current:
        driver.find_element(By.ID, "w-current").click()
    set_value(driver, "w-start", start)
    set_value(driver, "w-end", end)
    press(driver, "保存")
    assert driver.current_url.endswith("/subsidy/work"), (driver.current_url, main_text(driver))
    assert "已保存工作经历" in flash_text(driver), (flash_text(driver), [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error")])


def test_person_keeps_two_work_experiences(private_server, browser, phone):
    srv = private_server.base
    login_ok(browser, srv, PERSON, PERSON_PASSWORD)
    browser.get(srv + "/subsidy")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//a[normalize-space()='维护工作经历']"))
    assert browser.current_url.endswith("/subsidy/work")
    add_work(browser, UNIT_B, "2024-07-01", "2025-06-30", current=False)
    add_work(browser, UNIT_A, "2025-07-01", "2028-06-30", current=True)
    rows = browser.find_elements(By.CSS_SELECTOR, "main table.data-table tbody tr:not(.empty-row)")
    assert len(rows) == 2, [r.text for r in rows]
    text = main_text(browser)
    assert "2025-07-01 至 2028-06-30" in text and "2024-07-01 至 2025-06-30" in text, text
    state["work_counties"] = [r.find_element(By.CSS_SELECTOR, "td[data-label='区县']").text.strip() for r in rows]
    login_ok(phone, srv, PERSON, PERSON_PASSWORD)
    phone.get(srv + "/subsidy/work")
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-work-390")


def test_work_experience_shows_county_names(private_server):
    counties = state.get("work_counties")
    assert counties, "the work step did not run"
    assert all("区" in c or "县" in c for c in counties), counties


# ---------- 4: insurance refused, re-imported; the form, 暂存并计算, 提交申报 ----------

def test_county_can_open_the_window_for_a_2024_start(private_server, browser):
    srv = private_server.base
    as_user(browser, srv, "county_hr")
    browser.get(srv + "/admin/windows?year=2024")
    form = browser.find_element(By.CSS_SELECTOR, "#window-living-subsidy form")
    browser.execute_script("arguments[0].value = '2024'", form.find_element(By.CSS_SELECTOR, "input[name=year]"))
    set_value(browser, "opens-living-subsidy", "2026-12-01T00:00")
    set_value(browser, "closes-living-subsidy", "2027-01-31T23:59")
    press(browser, "保存", form)
    assert "2024年度生活补贴申报时间已保存" in flash_text(browser), main_text(browser)


def test_insurance_refusal_then_the_form_computes_and_submits(private_server, browser, phone, tmp_path):
    srv = private_server.base
    # The city imports insurance from 2019-03: a bachelor may not apply.
    as_user(browser, srv, "city_hr")
    flash = import_csv(browser, srv, tmp_path, "insurance", "insurance-early.csv",
                       f"{INSURANCE_HEADER}\n{PERSON_ID},2019-03至2026-11,正常,正常,中国建设银行,{ACCOUNT}\n")
    assert "已导入 1 人的社保参保记录" in flash, (flash, main_text(browser))
    login_ok(phone, srv, PERSON, PERSON_PASSWORD)
    phone.get(srv + "/subsidy/apply")
    refused = main_text(phone)
    assert "不能申报" in refused and "最早缴费年月为 2019-03" in refused and "2019-06" in refused, refused
    assert not phone.find_elements(By.CSS_SELECTOR, "form[action='/subsidy/apply']")
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-apply-refused-390")

    # Corrected: from 2024-07, 2025-10 unpaid; and the degree registry's numbers.
    flash = import_csv(browser, srv, tmp_path, "insurance", "insurance.csv",
                       f"{INSURANCE_HEADER}\n{PERSON_ID},2024-07至2025-09、2025-11至2026-11,正常,正常,中国建设银行,{ACCOUNT}\n")
    assert "已导入 1 人的社保参保记录" in flash, flash
    flash = import_csv(browser, srv, tmp_path, "degrees", "degrees.csv",
                       f"证件号码,学历,学历证书编号,学位证书编号\n{PERSON_ID},本科,{DIPLOMA},{DEGREE}\n")
    assert "已导入 1 条学历学位证书" in flash, flash

    # 沙坪坝区 opens 生活补贴申报 for 2025 (the start month's year).
    as_user(browser, srv, "county_hr")
    browser.get(srv + "/admin/windows?year=2025")
    section = browser.find_element(By.ID, "window-living-subsidy")
    assert "生活补贴申报" in section.text, section.text
    set_value(browser, "opens-living-subsidy", "2026-12-01T00:00")
    set_value(browser, "closes-living-subsidy", "2027-01-31T23:59")
    press(browser, "保存", section)
    assert "2025年度生活补贴申报时间已保存" in flash_text(browser), (flash_text(browser), main_text(browser))
    assert "开放中" in browser.find_element(By.ID, "window-living-subsidy").text

    # The form: the bank from the card (account masked), 新申领.
    as_user(browser, srv, PERSON, PERSON_PASSWORD)
    browser.get(srv + "/subsidy/apply")
    form_text = main_text(browser)
    assert described(browser, "银行名称") == "中国建设银行", form_text
    assert ACCOUNT not in browser.page_source and described(browser, "金融账号").endswith("3003"), described(browser, "金融账号")
    assert browser.find_element(By.ID, "a-claim").get_attribute("value") == "新申领"
    work = [o.text for o in Select(browser.find_element(By.ID, "a-work")).options]
    assert any(UNIT_A in w and "现单位" in w for w in work) and any(UNIT_B in w and "原单位" in w for w in work), work
    Select(browser.find_element(By.ID, "a-kind")).select_by_visible_text("生活补贴")
    Select(browser.find_element(By.ID, "a-work")).select_by_visible_text(f"{UNIT_A}（现单位）")
    fill(browser, "a-start", "2025-08")
    fill(browser, "a-end", "2026-07")
    fill(browser, "a-graduation", "2024-06")
    fill(browser, "a-first-work", "2024-07")
    fill(browser, "a-diploma", DIPLOMA)
    fill(browser, "a-degree", DEGREE)
    press(browser, "暂存并计算")
    assert re.search(r"/subsidy/apply\?id=\d+$", browser.current_url), (browser.current_url, main_text(browser),
                                                                        [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".field-error")])
    state["case"] = browser.current_url.rsplit("=", 1)[1]
    assert "已暂存：申请补贴 12 个月，扣发 1 个月，应发 5500.00 元" in flash_text(browser), flash_text(browser)
    computed = {term: described(browser, term) for term in ["申请补贴月数", "扣发月数", "实发月数", "申请应发金额（元）", "未缴纳养老保险的月份", "学历学位核验"]}
    assert computed == {"申请补贴月数": "12", "扣发月数": "1", "实发月数": "11", "申请应发金额（元）": "5500.00",
                        "未缴纳养老保险的月份": "2025-10", "学历学位核验": "已核验"}, computed
    assert "已从补贴月数中扣除" in main_text(browser)
    screenshot(browser, "subsidy-apply-computed-1366")
    phone.get(browser.current_url)
    assert described(phone, "申请应发金额（元）") == "5500.00"
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-apply-computed-390")

    press(browser, "提交申报")
    assert browser.current_url.endswith("/subsidy/applications"), (browser.current_url, main_text(browser))
    assert "已提交申报" in flash_text(browser), flash_text(browser)
    row = browser.find_element(By.CSS_SELECTOR, "main table.data-table tbody tr")
    assert "2025-08 至 2026-07" in row.text and "5500.00" in row.text and "待单位审核" in row.text and "新申领" in row.text, row.text
    click_and_wait(browser, row.find_element(By.LINK_TEXT, "查看"))
    assert browser.current_url.endswith(f"/subsidy/applications/{state['case']}"), browser.current_url
    state["detail"] = f"/subsidy/applications/{state['case']}"
    state["review"] = f"/review/living-subsidy/{state['case']}"
    phone.get(srv + state["detail"])
    assert described(phone, "审核状态") == "待单位审核", main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-application-submitted-390")


# ---------- 5: unit, county, 公示 with an objection ----------

def refused(driver, srv, username, password=None):
    """The other county's account of the step's role: no case in its list, none at the address."""
    as_user(driver, srv, username, password)
    driver.get(srv + "/review/living-subsidy")
    assert "赵丽" not in main_text(driver), (username, main_text(driver))
    driver.get(srv + state["review"])
    assert "赵丽" not in main_text(driver) and "5500.00" not in main_text(driver), (username, main_text(driver))
    assert "页面不存在" in main_text(driver), (username, main_text(driver))


def test_unit_and_county_review_then_publicity_with_an_objection(private_server, browser, phone):
    """Steps 2–5, each by its own account, each first refused to 南岸区's account of the role."""
    srv = private_server.base
    refused(browser, srv, "unit_na", UNIT_PASSWORD)
    as_user(browser, srv, "unit_spb", UNIT_PASSWORD)
    browser.get(srv + "/review/living-subsidy")
    click_and_wait(browser, browser.find_element(By.XPATH, f"//main//tr[contains(., '赵丽')]//a[@href='{state['review']}']"))
    assert "待单位审核" in status(browser), status(browser)
    assert "5500.00" in main_text(browser)
    act_on_case(browser, srv, "approve")
    assert "待单位上报" in status(browser), status(browser)
    refused(browser, srv, "unit_na", UNIT_PASSWORD)
    as_user(browser, srv, "unit_spb_li", UNIT_PASSWORD)
    act_on_case(browser, srv, "approve", "上报")
    assert "待县区人社局审核" in status(browser), status(browser)

    refused(browser, srv, "nanan_hr")
    as_user(browser, srv, "county_hr")
    act_on_case(browser, srv, "approve")
    assert "待公示" in status(browser), status(browser)
    refused(browser, srv, "nanan_hr")
    as_user(browser, srv, "county_hr2")
    browser.get(srv + state["review"])
    publicity = card(browser, "公示")
    days = browser.find_element(By.ID, "days")
    assert "不少于 7 天" in publicity.text, publicity.text
    days.clear()
    days.send_keys("7")
    click_and_wait(browser, review_button(browser, "publicize"))
    assert "已处理" in flash_text(browser), (flash_text(browser), main_text(browser))
    browser.get(srv + state["review"])
    assert "公示中" in status(browser), status(browser)

    # The public page, without logging in: masked name and amount, never the full name or ID.
    phone.delete_all_cookies()
    phone.get(srv + "/publicity/subsidy")
    board = main_text(phone)
    assert "赵*" in board and "5500.00" in board and UNIT_A in board and "2025-08 至 2026-07" in board, board
    assert "赵丽" not in phone.page_source and PERSON_ID not in phone.page_source
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-publicity-390")
    row = phone.find_element(By.XPATH, "//main//tr[contains(., '赵*')]")
    row.find_element(By.XPATH, ".//summary[normalize-space()='提出异议']").click()
    row.find_element(By.CSS_SELECTOR, f"#objection-{state['case']}").send_keys(OBJECTION)
    row.find_element(By.CSS_SELECTOR, f"#contact-{state['case']}").send_keys("13800009999")
    press(phone, "提交异议", row)
    assert "异议已提交" in flash_text(phone), (flash_text(phone), main_text(phone))
    assert OBJECTION not in main_text(phone)

    # Only the county HR bureau reads it; it records it on the case.
    browser.get(srv + state["review"])
    objections = card(browser, "公示异议（仅区县人社局可见）")
    assert OBJECTION in objections.text and "13800009999" in objections.text, objections.text
    fill(browser, "objection", "群众反映 2025 年 10 月不在岗")
    click_and_wait(browser, review_button(browser, "object"))
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-error, .field-error"), main_text(browser)
    browser.get(srv + state["review"])
    assert "公示中" in status(browser), status(browser)
    assert "群众反映 2025 年 10 月不在岗" in main_text(browser), main_text(browser)
    screenshot(browser, "subsidy-review-publicity-1366")
    as_user(browser, srv, "county_hr")
    browser.get(srv + state["review"])
    assert OBJECTION in main_text(browser), "every account of the county's bureau reads the objection"

    as_user(browser, srv, "unit_spb", UNIT_PASSWORD)
    browser.get(srv + state["review"])
    assert "赵丽" in main_text(browser) and OBJECTION not in browser.page_source


# ---------- 6: 8 days later: the job ends 公示; 评审, 上报, 确认, the city's batch, payment ----------

def test_job_ends_publicity_then_assessment_reports_and_the_batch_pays(private_server, browser, phone):
    private_server.restart({"JIUYE_CLOCK_OFFSET_DAYS": "8"})
    srv = private_server.base
    as_user(browser, srv, "county_hr3")
    deadline = time.monotonic() + 90
    while True:
        browser.get(srv + state["review"])
        if "评审中" in status(browser):
            break
        assert time.monotonic() < deadline, f"公示 not ended by the job runner within 90 s: {status(browser)}"
        time.sleep(3)
    assert OBJECTION in main_text(browser), "the objection stays readable in 评审"
    assert browser.find_elements(By.CSS_SELECTOR, "main form.review-form button[value=resolve]"), main_text(browser)
    fill(browser, "objection", "经核实该月为单位派驻外地，已扣发当月补贴")
    click_and_wait(browser, review_button(browser, "resolve"))
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-error, .field-error"), main_text(browser)
    act_on_case(browser, srv, "approve", "评审通过")
    assert "待上报县区组织部" in status(browser), status(browser)
    refused(browser, srv, "nanan_hr")
    as_user(browser, srv, "county_hr4")
    act_on_case(browser, srv, "approve", "上报")
    assert "待县区组织部确认" in status(browser), status(browser)

    refused(browser, srv, "nanan_org")
    as_user(browser, srv, "county_org")
    act_on_case(browser, srv, "approve", "确认")
    assert "待市人社局汇总" in status(browser), status(browser)

    as_user(browser, srv, "city_hr")
    batch_url = tick_and_batch(browser, srv)
    state["batch"] = batch_url.rsplit("/", 1)[1]
    assert "5500.00" in main_text(browser), main_text(browser)
    screenshot(browser, "subsidy-batch-1366")
    act_on_batch(browser, srv, "汇总上报")
    as_user(browser, srv, "city_org")
    act_on_batch(browser, srv, "确认")
    as_user(browser, srv, "city_finance")
    act_on_batch(browser, srv, "确认拨付")
    refused(browser, srv, "nanan_finance")
    browser.get(srv + "/review/living-subsidy/batches")
    assert f"第 {state['batch']} 批次" not in main_text(browser), main_text(browser)
    browser.get(batch_url)
    assert "页面不存在" in main_text(browser), main_text(browser)
    as_user(browser, srv, "county_finance")
    act_on_batch(browser, srv, "确认拨付")


# ---------- 7: 未到账, paid again, 拨付确认 ----------

def test_not_received_paid_again_and_confirmed(private_server, browser, phone):
    srv = private_server.base
    login_ok(phone, srv, PERSON, PERSON_PASSWORD)
    phone.get(srv + state["detail"])
    assert described(phone, "拨付状态") == "个人拨付待确认", main_text(phone)
    assert described(phone, "审核状态") == "审核通过", main_text(phone)
    assert phone.find_elements(By.XPATH, "//main//button[normalize-space()='拨付确认']")
    # 反馈未到账 at 1366 px: on the emulated 390 px phone the first click on that button (after typing
    # the reason) sent nothing to the server, a second click did, as did a fetch() of the same form;
    # no overlay at the point clicked. Not pinned down as a product bug (see the report).
    as_user(browser, srv, PERSON, PERSON_PASSWORD)
    browser.get(srv + state["detail"])
    fill(browser, "not-received", "社保卡金融账户未激活")
    press(browser, "反馈未到账")
    assert "已反馈未到账" in flash_text(browser), (flash_text(browser), main_text(browser))
    phone.get(srv + state["detail"])
    assert described(phone, "拨付状态") == "县财政局待拨付", main_text(phone)

    as_user(browser, srv, "county_finance")
    tick_and_batch(browser, srv)
    button = browser.find_element(By.CSS_SELECTOR, "main form.review-form button[name=action][value=approve]")
    assert button.text.strip() == "确认拨付（1 件）", button.text
    click_and_wait(browser, button)
    assert "件已办理" in flash_text(browser), (flash_text(browser), main_text(browser))

    phone.get(srv + state["detail"])
    assert described(phone, "拨付状态") == "个人拨付待确认", main_text(phone)
    press(phone, "拨付确认")
    assert "已确认补助资金到账" in flash_text(phone), (flash_text(phone), main_text(phone))
    assert described(phone, "拨付状态") == "个人已确认拨付", main_text(phone)
    assert described(phone, "审核状态") == "审核通过", main_text(phone)
    steps = phone.find_elements(By.CSS_SELECTOR, "main ol.subsidy-flow li")
    assert [s.text.strip() for s in steps] == STEPS, [s.text for s in steps]
    assert all("done" in (s.get_attribute("class") or "") for s in steps), [(s.text, s.get_attribute("class")) for s in steps]
    history = card(phone, "审核记录").text
    assert "社保卡金融账户未激活" in history, history
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-application-done-390")
    as_user(browser, srv, PERSON, PERSON_PASSWORD)
    browser.get(srv + state["detail"])
    screenshot(browser, "subsidy-application-done-1366")


# ---------- 8: 生活补贴参数: the city sets, the counties read ----------

def test_city_sets_parameters_and_counties_read_them(private_server, browser, phone):
    srv = private_server.base
    as_user(browser, srv, "city_hr")
    browser.get(srv + "/subsidy/parameters")
    text = main_text(browser)
    assert "每月补贴标准" in text and "500.00" in text and "施行中" in text, text
    Select(browser.find_element(By.ID, "p-kind")).select_by_value("standard")
    Select(browser.find_element(By.ID, "p-education")).select_by_visible_text("本科")
    fill(browser, "p-from", "2020-01")
    fill(browser, "p-value", "800")
    press(browser, "保存")
    assert "生效年月不能早于本月" in main_text(browser), main_text(browser)
    next_month = browser.find_element(By.ID, "p-from").get_attribute("placeholder").replace("如 ", "")
    fill(browser, "p-from", next_month)
    press(browser, "保存")
    assert "已设置本科的补贴标准" in flash_text(browser), (flash_text(browser), main_text(browser))
    assert "待施行" in main_text(browser) and "800.00" in main_text(browser), main_text(browser)
    screenshot(browser, "subsidy-parameters-1366")
    as_user(phone, srv, "nanan_hr")
    phone.get(srv + "/subsidy/parameters")
    assert "800.00" in main_text(phone) and not phone.find_elements(By.ID, "p-value"), main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "subsidy-parameters-390")
