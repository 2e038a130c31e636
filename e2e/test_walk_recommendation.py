"""推荐表注册 (seed 003 §3.3) in a real browser, on a server of its own.

张明 fills the form on a 390 px phone (a wrong 出生年月 is refused at its field), 暂存s and sees the
preview, uploads a photo, 保存并送审s; the counselor approves; 张明 opens 表格打印, issues it, and
the printed sheet fits one A4 page (297 mm at 96 dpi is 1123 CSS px); the QR code's verification
page opens, and opening the print page again shows the same serial.
"""
import base64
import re

from selenium.webdriver.common.by import By

from conftest import screenshot
from helpers import STUDENT, click_and_wait, field_error, fill, flash_text, horizontal_overflow, login_ok, logout, wait
from test_data_io import qr_from_page


def press(driver, label):
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//button[normalize-space()='{label}']"))


def photo(driver, folder):
    data_url = driver.execute_script("""
        var c = document.createElement('canvas'); c.width = 180; c.height = 240;
        var g = c.getContext('2d'); g.fillStyle = '#3a6ea5'; g.fillRect(0, 0, 180, 240);
        g.fillStyle = '#f2d3b1'; g.beginPath(); g.arc(90, 95, 45, 0, 7); g.fill(); g.fillRect(40, 150, 100, 90);
        return c.toDataURL('image/jpeg', 0.9);""")
    path = folder / "photo.jpg"
    path.write_bytes(base64.b64decode(data_url.split(",", 1)[1]))
    return path


def test_recommendation_form_approved_and_printed_on_one_page(private_server, browser, phone, tmp_path):
    srv = private_server.base
    login_ok(phone, srv, STUDENT)
    phone.get(srv + "/recommendation")
    fill(phone, "rec-birth_month", "2003年13月")
    fill(phone, "rec-address", "重庆市沙坪坝区大学城南路 55 号")
    fill(phone, "rec-postcode", "401331")
    press(phone, "暂存")
    assert "出生年月" in field_error(phone, "rec-birth_month"), field_error(phone, "rec-birth_month")
    fill(phone, "rec-birth_month", "2003-05")
    fill(phone, "rec-foreign_language", "CET-6")
    fill(phone, "rec-experience", "2021年-2025年，九业示范大学，计算机科学与技术")
    fill(phone, "rec-awards", "2023.12，优秀学生综合奖学金，九业示范大学")
    fill(phone, "rec-self_recommendation", "性格开朗，热爱编程，有团队协作经验，愿意到基层和艰苦地区锻炼。")
    press(phone, "暂存")
    assert "已暂存" in flash_text(phone)
    assert "CET-6" in phone.find_element(By.CSS_SELECTOR, ".rec-preview").text
    # 相片上传 on the upload page, back to the form.
    click_and_wait(phone, phone.find_element(By.LINK_TEXT, "相片上传"))
    phone.find_element(By.ID, "f-file").send_keys(str(photo(phone, tmp_path)))
    phone.execute_script("window.__jiuyeOldPage = true")
    phone.find_element(By.XPATH, "//button[normalize-space()='上传']").click()
    wait(phone).until(lambda d: d.current_url.endswith("/recommendation") and d.execute_script("return !window.__jiuyeOldPage && document.readyState === 'complete'"))
    assert not horizontal_overflow(phone)
    screenshot(phone, "recommendation-form-390")
    press(phone, "保存并送审")
    assert "送审成功" in flash_text(phone), phone.find_element(By.ID, "main").text

    login_ok(browser, srv, "counselor")
    browser.get(srv + "/review/recommendation")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//tr[contains(., '张明')]//a[starts-with(@href, '/review/recommendation/')]"))
    press(browser, "审核通过")
    logout(browser)

    phone.get(srv + "/recommendation")
    assert "审核已通过" in phone.find_element(By.ID, "main").text
    click_and_wait(phone, phone.find_element(By.LINK_TEXT, "表格打印"))
    press(phone, "签发并打印")
    serial = re.search(r"JY\d{4}-\d{6}", phone.page_source).group(0)
    screenshot(phone, "recommendation-print-390")
    # One A4 page: the sheet's printed height in CSS px (print media).
    browser.delete_all_cookies()
    login_ok(browser, srv, STUDENT)
    browser.get(srv + "/recommendation/print")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    height = browser.execute_script("return document.querySelector('.print-sheet').getBoundingClientRect().height")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert height <= 1123, f"the printed form is {height} px tall, more than one A4 page"
    screenshot(browser, "recommendation-print-1366")
    # The QR code's page verifies it; the print page again shows the same serial.
    # The token is only in the QR code: decoded from a screenshot (zbarimg), as test_data_io does.
    verify = qr_from_page(browser, tmp_path / "qr.png")
    assert verify.startswith(srv + "/verify/") and verify.rsplit("/", 1)[1] not in browser.page_source, verify
    browser.get(srv + "/recommendation/print")
    assert serial in browser.page_source, "the same version keeps its serial"
    assert qr_from_page(browser, tmp_path / "qr-again.png") == verify, "and the same QR code"
    browser.get(verify)
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "毕业生就业推荐表" in page and serial in page and "张明" not in page, page
