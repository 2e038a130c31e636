"""Data in and out in a real browser: 导入毕业生 (.xlsx with an error report, then GB18030 CSV),
导出当前筛选结果 (.xlsx opened with LibreOffice and openpyxl, CSV with a BOM), the region picker
without JavaScript, 基层就业承诺书 (one A4 page, a PDF from the server, the QR code's verification
page) and 数据字典 (a local code added and deleted).

The imports add two thousand graduates and the dictionary gains a code for a while, so the module
runs on a server of its own (`private_server`), never the shared one. The job runner is on there
(conftest does not set JIUYE_RUN_JOBS); it polls every 5 s and the import page refreshes itself
every 2 s.

Downloads land in a directory of the module's own Chromium (Chrome's download prefs). Screenshots
for review go to /tmp/shots-io/<page>-1366.png and <page>-390.png, both from the same page state
by switching the viewport. Needs openpyxl (pip), and LibreOffice (soffice), poppler-utils
(pdfinfo, pdftoppm) and zbar-tools (zbarimg) from Debian.
"""
import base64
import csv
import datetime
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import openpyxl
import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import PHONE_MAX_WIDTH, set_viewport
from helpers import (ADMIN_PASSWORD, click_and_wait, click_confirm_and_wait, fill, flash_text, horizontal_overflow, login_ok,
                     table_column)

SHOTS = Path("/tmp/shots-io")
DESKTOP = (1366, 900)
PHONE = (390, 844)
# Pixels each screenshotted page is wider than the phone (reported by the last test).
OVERFLOW = {}

HEADER = ["年度", "学历", "院系名称", "姓名", "性别", "证件号码", "学号", "考生号", "培养方式", "专业代码", "专业名称", "生源所在地", "手机号码"]
# Ranges no demo graduate uses: 学号 2026 9xxxxx (the demo's college part is 01-03), ID numbers
# from 巴南区 500113 (the demo draws from 500106, 500108, 510104, 410302), phones 199 6601 xxxx.
XLSX_START, CSV_START = 0, 5_000
ROWS = 1_000


# ---------- the rows (a port of GraduateImportTests.rows) ----------

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_number(first17):
    """GB 11643: the 17 digits and their ISO 7064 MOD 11-2 check character."""
    return first17 + ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def chinese(n):
    """123 → 一二三 (names have no digits)."""
    return "".join("零一二三四五六七八九"[int(d)] for d in str(n))


def graduate_rows(count, start):
    """`count` valid 本科 (学历 31) graduates of the demo school's 计算机学院, 080901 计算机科学与技术,
    with unique 学号, 证件号码, 考生号 and 手机号码; 性别 agrees with the 17th digit."""
    rows = []
    for n in range(start, start + count):
        number = id_number(f"5001132002{1 + n % 12:02d}{1 + (n // 12) % 28:02d}{500 + n // 336:03d}")
        male = int(number[16]) % 2 == 1
        rows.append(["2026", "31", "计算机学院", "页面导入" + chinese(n), "男" if male else "女", number, f"20269{n:05d}",
                     f"26500113{n:06d}", "非定向", "080901", "计算机科学与技术", "500113", f"1996601{n:04d}"])
    return rows


def with_three_bad_rows(rows):
    """Rows 12, 22 and 32 of the sheet (header is row 1) made wrong, one problem each."""
    rows = [list(row) for row in rows]
    rows[10][11] = "500100"                                            # 重庆市市辖区: a city, not a county
    rows[20][5] = rows[20][5][:-1] + ("2" if rows[20][5][-1] == "1" else "1")   # wrong check digit
    rows[30][9] = "999999"                                             # no such 专业代码
    return rows


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "毕业生"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)          # every cell a string: ID numbers and phones stay text
    book.save(path)
    return path


def write_csv(path, rows, encoding):
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


# ---------- browsers, downloads, screenshots ----------

def make_io_driver(downloads=None, javascript=True):
    """A 1366 px headless Chromium like conftest's, saving downloads into `downloads` (Chrome's
    prefs), optionally with JavaScript switched off by the content setting."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=zh-CN"):
        options.add_argument(argument)
    prefs = {}
    if downloads is not None:
        prefs.update({"download.default_directory": str(downloads), "download.prompt_for_download": False,
                      "download.directory_upgrade": True, "plugins.always_open_pdf_externally": True,
                      "safebrowsing.enabled": True})
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.jiuye_viewport = DESKTOP
    set_viewport(driver, *DESKTOP)
    return driver


@pytest.fixture(scope="module")
def srv(private_server):
    return private_server.base


@pytest.fixture(scope="module")
def work():
    directory = Path(tempfile.mkdtemp(prefix="jiuye-e2e-io-"))
    (directory / "downloads").mkdir()
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def _desk_driver(work):
    driver = make_io_driver(downloads=work / "downloads")
    yield driver
    try:
        driver.quit()
    except Exception:
        pass


@pytest.fixture
def desk(_desk_driver):
    """The module's 1366 px Chromium that keeps downloads, without cookies."""
    _desk_driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _desk_driver.get("about:blank")
    _desk_driver.jiuye_viewport = DESKTOP
    set_viewport(_desk_driver, *DESKTOP)
    return _desk_driver


def download(driver, link, directory, timeout=30):
    """Clicks a download link and returns the path of the file that appears in `directory`
    (polls the directory: Chrome writes *.crdownload first and renames it when complete)."""
    before = set(os.listdir(directory))
    link.click()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [name for name in set(os.listdir(directory)) - before
                if not name.endswith(".crdownload") and not name.startswith(".")]
        if done:
            return Path(directory) / done[0]
        time.sleep(0.1)
    raise AssertionError(f"no download in {directory} after {timeout} s: {sorted(set(os.listdir(directory)) - before)}")


def capture(driver, path):
    """The whole page (beyond the viewport) at the current width into `path`."""
    width = driver.execute_script("return window.innerWidth")
    content = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    height = min(int(content["height"] + 0.5), 12000)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def shoot(driver, name):
    """/tmp/shots-io/<name>-1366.png, then the same page state at 390 px (mobile emulation,
    <name>-390.png, noting how far it is wider than the screen); back to the driver's width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    own = driver.jiuye_viewport
    try:
        for width, height in (DESKTOP, PHONE):
            set_viewport(driver, width, height)
            driver.execute_script("return document.body.offsetHeight")   # lay out at the new width
            capture(driver, SHOTS / f"{name}-{width}.png")
            if width <= PHONE_MAX_WIDTH:
                OVERFLOW[name] = horizontal_overflow(driver)
    finally:
        set_viewport(driver, *own)


def import_status(driver):
    """The status badge of the import page; '' while the page is reloading."""
    try:
        return driver.execute_script("var e = document.querySelector('.import-status'); return e ? e.textContent.trim() : ''") or ""
    except WebDriverException:
        return ""


def upload_and_wait(driver, base, path, timeout=60):
    """Uploads `path` on /students/import and waits on the result page (it refreshes itself
    every 2 s while the job runs) until the import has ended; returns (import URL, status)."""
    driver.get(base + "/students/import")
    driver.find_element(By.ID, "import-file").send_keys(str(path))
    form = driver.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data']")
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert re.search(r"/students/import/\d+$", driver.current_url), driver.current_url
    assert "文件已上传" in flash_text(driver)
    url = driver.current_url
    WebDriverWait(driver, timeout, poll_frequency=0.25).until(lambda d: import_status(d) in ("导入成功", "未导入"))
    # Settle on a complete page (a refresh may have begun just as the status was read).
    WebDriverWait(driver, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !document.querySelector('meta[http-equiv=refresh]')"))
    return url, import_status(driver)


def main_text(driver):
    return driver.find_element(By.ID, "main").text


def search_students(driver, base, keyword):
    driver.get(base + "/students")
    fill(driver, "f-q", keyword)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.filter-bar button[type=submit]"))


def description(driver):
    """The description lists of the page as {term: value}."""
    terms = driver.find_elements(By.CSS_SELECTOR, "main dl dt")
    values = driver.find_elements(By.CSS_SELECTOR, "main dl dd")
    return {t.text.strip(): v.text.strip() for t, v in zip(terms, values)}


# ---------- 1. 导入毕业生 ----------

def test_xlsx_import_is_all_or_nothing_with_a_downloadable_error_report(srv, desk, work):
    """A thousand rows with three wrong ones: 未导入, the three problems on the page and in the
    .xlsx report (行号 as in Excel, ID number masked), nothing imported; the corrected file then
    imports every row and the graduates are in 毕业生名单."""
    good = graduate_rows(ROWS, XLSX_START)
    bad_file = write_xlsx(work / "毕业生-有错误.xlsx", with_three_bad_rows(good))
    good_file = write_xlsx(work / "毕业生.xlsx", good)
    login_ok(desk, srv, "school")
    desk.get(srv + "/students/import")
    assert "下载导入模板 (.xlsx)" in main_text(desk)
    shoot(desk, "import-form")
    template = download(desk, desk.find_element(By.LINK_TEXT, "下载导入模板 (.xlsx)"), work / "downloads")
    titles = [str(c) for c in next(openpyxl.load_workbook(template, read_only=True).active.iter_rows(values_only=True)) if c]
    assert {"姓名*", "证件号码*", "学号*"} <= set(titles), titles
    assert set(HEADER) <= {t.rstrip("*") for t in titles}, "the file uses the template's columns"

    _, status = upload_and_wait(desk, srv, bad_file)
    assert status == "未导入", main_text(desk)
    message = desk.find_element(By.CSS_SELECTOR, "main .alert-error").text
    assert "共 1000 行，3 行有问题，共 3 处" in message and "没有导入任何数据" in message, message
    problems = dict(zip(table_column(desk, "行号"), zip(table_column(desk, "列"), table_column(desk, "问题"))))
    assert set(problems) == {"12", "22", "32"}, problems
    assert problems["12"][0] == "生源所在地" and "区县" in problems["12"][1], problems["12"]
    assert problems["22"][0] == "证件号码" and "校验位" in problems["22"][1], problems["22"]
    assert problems["32"][0] == "专业代码" and "999999" in problems["32"][1], problems["32"]
    bad_id = with_three_bad_rows(good)[20][5]
    assert bad_id not in desk.page_source, "the wrong ID number is shown masked"
    shoot(desk, "import-result-errors")

    report = download(desk, desk.find_element(By.PARTIAL_LINK_TEXT, "下载错误报告"), work / "downloads")
    assert report.suffix == ".xlsx", report.name
    sheet = openpyxl.load_workbook(report, read_only=True).active
    lines = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert [str(c) for c in lines[0]] == ["行号", "列", "原值", "问题"], lines[0]
    assert sorted((int(r[0]), r[1]) for r in lines[1:]) == [(12, "生源所在地"), (22, "证件号码"), (32, "专业代码")], lines
    masked = next(r[2] for r in lines[1:] if r[1] == "证件号码")
    assert "*" in masked and masked != bad_id, masked

    # Nothing went in: the first row's 学号 is not a graduate yet.
    search_students(desk, srv, good[0][6])
    assert table_column(desk, "学号") == [], "a refused file imported nothing"

    _, status = upload_and_wait(desk, srv, good_file)
    assert status == "导入成功", main_text(desk)
    assert "已导入 1000 名毕业生" in desk.find_element(By.CSS_SELECTOR, "main .alert-success").text
    assert not desk.find_elements(By.PARTIAL_LINK_TEXT, "下载错误报告")
    for row in (good[0], good[-1]):
        search_students(desk, srv, row[6])
        assert table_column(desk, "学号") == [row[6]]
        assert table_column(desk, "姓名") == [row[3]]
        assert table_column(desk, "院系") == ["计算机学院"]
        shown_id = table_column(desk, "证件号码")[0]
        assert "*" in shown_id and shown_id[:4] == row[5][:4] and shown_id[-4:] == row[5][-4:], shown_id


def test_gb18030_csv_imports_like_the_workbook(srv, desk, work):
    """The same kind of rows (other 学号 and ID numbers) as CSV in GB18030, Excel's default
    encoding in China: 导入成功 with all thousand rows, the Chinese names read back intact."""
    rows = graduate_rows(ROWS, CSV_START)
    path = write_csv(work / "毕业生-gb18030.csv", rows, "gb18030")
    assert "页面导入".encode("gb18030") in path.read_bytes() and "页面导入".encode("utf-8") not in path.read_bytes()
    login_ok(desk, srv, "school")
    _, status = upload_and_wait(desk, srv, path)
    assert status == "导入成功", main_text(desk)
    assert description(desk).get("格式") == "CSV"
    assert "已导入 1000 名毕业生" in desk.find_element(By.CSS_SELECTOR, "main .alert-success").text
    for row in (rows[0], rows[537]):
        search_students(desk, srv, row[6])
        assert table_column(desk, "姓名") == [row[3]], "the name read back from GB18030"
        assert table_column(desk, "专业") == ["计算机科学与技术"]


# ---------- 2. 导出 ----------

def soffice_to_csv(xlsx, outdir):
    """LibreOffice headless converts the workbook to UTF-8 CSV (a private profile: no lock with
    other LibreOffice users); returns the rows."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                               "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(outdir), str(xlsx)],
                              capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = Path(outdir) / (xlsx.stem + ".csv")
    assert converted.exists(), done.stdout + done.stderr
    with open(converted, encoding="utf-8-sig", newline="") as data:
        return list(csv.reader(data))


def test_export_of_a_filtered_list_opens_in_libreoffice_and_is_masked(srv, desk, work):
    """毕业生名单 filtered by 建筑城规学院: the .xlsx of 导出当前筛选结果 holds exactly the filtered
    graduates (openpyxl and LibreOffice agree), 证件号码 and 手机号 masked; the UTF-8 CSV starts
    with a BOM, the GB18030 one reads as GB18030."""
    login_ok(desk, srv, "school")
    desk.get(srv + "/students")
    Select(desk.find_element(By.ID, "f-college")).select_by_visible_text("建筑城规学院")
    click_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "form.filter-bar button[type=submit]"))
    college = urllib.parse.parse_qs(urllib.parse.urlparse(desk.current_url).query)["college"][0]
    assert set(table_column(desk, "院系")) == {"建筑城规学院"}
    on_page = set(table_column(desk, "学号"))
    menu = desk.find_element(By.CSS_SELECTOR, "details.export-menu")
    summary = menu.find_element(By.TAG_NAME, "summary")
    total = int(re.search(r"（(\d+) 条）", summary.text).group(1))
    assert total > len(on_page) > 0, (total, len(on_page))     # more than one page: the export is not just the page
    summary.click()
    WebDriverWait(desk, 5).until(lambda d: menu.get_attribute("open") is not None)
    links = {a.text.strip(): a for a in menu.find_elements(By.CSS_SELECTOR, ".export-links a")}
    assert set(links) == {"Excel (.xlsx)", "CSV (UTF-8)", "CSV (GB18030，旧版 Excel)"}, set(links)
    for link in links.values():
        assert f"college={college}" in link.get_attribute("href"), link.get_attribute("href")
    shoot(desk, "students-export-menu")

    downloads = work / "downloads"
    xlsx = download(desk, links["Excel (.xlsx)"], downloads)
    assert xlsx.suffix == ".xlsx", xlsx.name
    sheet = openpyxl.load_workbook(xlsx, read_only=True).active
    rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    assert header == ["学号", "姓名", "性别", "证件号码", "手机号", "院系", "专业", "班级", "届别", "学历"], header
    assert len(body) == total, (len(body), total)
    assert {r[5] for r in body} == {"建筑城规学院"}
    assert on_page <= {r[0] for r in body}
    assert all("*" in r[3] and len(r[3]) == 18 for r in body), [r[3] for r in body if "*" not in r[3]][:3]
    assert all("****" in r[4] for r in body if r[4])
    converted = soffice_to_csv(xlsx, work)
    assert converted[0] == header
    assert sorted(converted[1:]) == sorted(body), "LibreOffice reads the same rows as openpyxl"

    utf8 = download(desk, links["CSV (UTF-8)"], downloads).read_bytes()
    assert utf8.startswith(b"\xef\xbb\xbf"), utf8[:8]
    utf8_rows = list(csv.reader(io.StringIO(utf8.decode("utf-8-sig"))))
    assert utf8_rows[0] == header and len(utf8_rows) == total + 1
    legacy = download(desk, links["CSV (GB18030，旧版 Excel)"], downloads).read_bytes()
    assert not legacy.startswith(b"\xef\xbb\xbf")
    legacy_rows = list(csv.reader(io.StringIO(legacy.decode("gb18030"))))
    assert legacy_rows[0] == header and sorted(legacy_rows[1:]) == sorted(utf8_rows[1:])


# ---------- 3. 地区选择 without JavaScript ----------

def test_region_picker_reaches_a_county_without_javascript(srv):
    """用人单位 (system admin) in a Chromium with JavaScript off: 省份 → 查询 → 城市 → 查询 → 区县 →
    查询; each GET offers the next level and the list narrows to the county's unit."""
    driver = make_io_driver(javascript=False)
    try:
        driver.get("data:text/html,<title>off</title><script>document.title='on'</script>")
        assert driver.title == "off", "JavaScript is really off"
        login_ok(driver, srv, "admin", ADMIN_PASSWORD)
        driver.get(srv + "/admin/units")
        assert not driver.find_elements(By.ID, "f-city")

        def choose(select_id, value):
            Select(driver.find_element(By.ID, select_id)).select_by_value(value)
            click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.filter-bar button[type=submit]"))

        choose("f-province", "500000")
        cities = Select(driver.find_element(By.ID, "f-city"))
        assert "重庆市（500100）" in [o.text for o in cities.options], [o.text for o in cities.options]
        assert not driver.find_elements(By.ID, "f-county")
        choose("f-city", "500100")
        counties = {o.get_attribute("value"): o.text for o in Select(driver.find_element(By.ID, "f-county")).options}
        assert counties.get("500108") == "南岸区" and counties.get("500106") == "沙坪坝区", counties
        choose("f-county", "500108")
        query = urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query)
        assert query.get("province") == ["500000"] and query.get("city") == ["500100"] and query.get("county") == ["500108"], query
        assert Select(driver.find_element(By.ID, "f-county")).first_selected_option.get_attribute("value") == "500108"
        assert table_column(driver, "单位名称") == ["南岸区智能制造研究院"]
        assert "南岸区" in table_column(driver, "所在地区")[0]
    finally:
        driver.quit()


def test_school_adds_one_graduate_by_form_without_javascript(srv):
    """添加毕业生 (学校-添加毕业生, one at a time) with JavaScript off: 生源所在地 by the GET steps
    (省份 → 城市 → the county list in the form), a wrong ID check digit refused on its field with
    what was typed kept, then corrected; the graduate is in 毕业生名单."""
    driver = make_io_driver(javascript=False)
    try:
        login_ok(driver, srv, "school")
        driver.get(srv + "/students/new")
        shoot(driver, "add-graduate")

        def step(select_id, value):
            Select(driver.find_element(By.ID, select_id)).select_by_value(value)
            click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.step-form button[type=submit]"))

        step("step-province", "500000")
        step("step-city", "500100")
        row = graduate_rows(1, 9_000)[0]
        values = dict(zip(HEADER, row))
        good_id = values["证件号码"]
        bad_id = good_id[:-1] + ("2" if good_id[-1] == "1" else "1")
        for field_id, value in (("g-cohort", values["年度"]), ("g-name", values["姓名"]), ("g-document_number", bad_id),
                                ("g-student_no", values["学号"]), ("g-examinee_no", values["考生号"]), ("g-major_code", values["专业代码"]),
                                ("g-major_name", values["专业名称"]), ("g-phone", values["手机号码"])):
            fill(driver, field_id, value)
        for select_id, value in (("g-education_level", "31"), ("g-college", "计算机学院"), ("g-gender", values["性别"]),
                                 ("g-training_mode", "非定向"), ("g-source_region", "500108")):
            Select(driver.find_element(By.ID, select_id)).select_by_value(value)
        submit = 'form[action="/students/new"][method=post] button[type=submit]'
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, submit))
        error = driver.find_element(By.CSS_SELECTOR, "#g-document_number-error, .field-error").text
        assert "校验位" in error, error
        assert driver.find_element(By.ID, "g-student_no").get_attribute("value") == values["学号"], "what was typed is kept"
        assert Select(driver.find_element(By.ID, "g-source_region")).first_selected_option.get_attribute("value") == "500108"
        shoot(driver, "add-graduate-error")

        fill(driver, "g-document_number", good_id)
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, submit))
        assert "已添加毕业生" in flash_text(driver), flash_text(driver)
        assert table_column(driver, "学号") == [values["学号"]]
        assert table_column(driver, "姓名") == [values["姓名"]]
    finally:
        driver.quit()


def test_region_picker_steps_itself_with_javascript(srv, desk):
    """With JavaScript on, choosing 省份 and then 城市 in 添加毕业生's first step loads the next
    level without pressing 下一步, and the form's 生源所在地 then lists the city's counties."""
    login_ok(desk, srv, "school")
    desk.get(srv + "/students/new")
    Select(desk.find_element(By.ID, "step-province")).select_by_value("500000")
    WebDriverWait(desk, 10).until(lambda d: d.find_elements(By.ID, "step-city"))
    assert "province=500000" in desk.current_url, desk.current_url
    Select(desk.find_element(By.ID, "step-city")).select_by_value("500100")
    WebDriverWait(desk, 10).until(lambda d: d.find_elements(By.ID, "g-source_region"))
    counties = [o.get_attribute("value") for o in Select(desk.find_element(By.ID, "g-source_region")).options]
    assert "500108" in counties and "500106" in counties, counties


# ---------- 4. 基层就业承诺书 ----------

def pdf_info(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M).groups())
    return pages, width, height


def zbar(png):
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip(), f"no QR code found in {png}: {done.stderr}"
    return done.stdout.strip().splitlines()[0]


def qr_from_page(driver, path):
    """The URL of the page's QR code: a screenshot of the SVG at 4 device pixels per CSS pixel
    (the SVG carries its quiet zone), decoded by zbarimg."""
    width, height = driver.jiuye_viewport
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 4, "mobile": False})
    try:
        path.write_bytes(driver.find_element(By.CSS_SELECTOR, ".doc-verify svg").screenshot_as_png)
    finally:
        set_viewport(driver, width, height)
    return zbar(path)


def verification_page(driver, url):
    driver.get(url)
    return description(driver)


def test_commitment_prints_on_one_a4_page_and_its_qr_code_verifies(srv, desk, phone, work):
    """张明's 基层就业承诺书: serial JY<year>-NNNNNN, printed by the browser on exactly one A4 page;
    the QR code (the token is nowhere on the page as text) opens 文档核验 in an anonymous session
    with the serial and 张*; the server's PDF is one A4 page with the same QR code (a document is
    issued once: opening or downloading it again issues nothing), and the first print still verifies."""
    login_ok(desk, srv, "20251001")
    desk.get(srv + "/documents/commitment")
    # Never issued: the content to check and an explicit 签发 (a GET writes nothing).
    assert "承诺书尚未签发" in main_text(desk)
    # Wait for the page the POST answers (a loaded machine may take a moment).
    click_and_wait(desk, desk.find_element(By.XPATH, "//form[@action='/documents/commitment/issue']//button[normalize-space()='签发承诺书']"))
    assert desk.find_element(By.CSS_SELECTOR, "h1.doc-title").text == "基层就业承诺书"
    year = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).year
    serial_text = desk.find_element(By.CSS_SELECTOR, ".doc-serial").text
    match = re.fullmatch(rf"编号 (JY{year}-\d{{6}})", serial_text)
    assert match, serial_text
    serial = match.group(1)
    assert "张明" in desk.find_element(By.CSS_SELECTOR, ".doc-body dl").text
    assert serial in desk.find_element(By.CSS_SELECTOR, ".doc-footer").text

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    printed = work / "commitment-printed.pdf"
    printed.write_bytes(base64.b64decode(desk.print_page(options)))
    pages, width, height = pdf_info(printed)
    assert pages == 1, f"the printed commitment takes {pages} pages"
    assert abs(width - 595) < 3 and abs(height - 842) < 3, (width, height)

    url = qr_from_page(desk, work / "qr-page.png")
    assert url.startswith(srv + "/verify/"), url
    token = url.rsplit("/", 1)[1]
    assert len(token) >= 32 and token not in desk.page_source, "the token is only in the QR code"
    shoot(desk, "commitment")

    facts = verification_page(phone, url)
    assert "该文档由九业就业服务平台生成" in main_text(phone)
    assert facts.get("编号") == serial and facts.get("姓名") == "张*" and facts.get("文档") == "基层就业承诺书", facts
    assert "张明" not in phone.page_source
    shoot(phone, "verify")

    pdf = download(desk, desk.find_element(By.LINK_TEXT, "下载 PDF"), work / "downloads", timeout=60)
    assert pdf.read_bytes().startswith(b"%PDF"), pdf.name
    assert serial in pdf.name, pdf.name
    pages, width, height = pdf_info(pdf)
    assert pages == 1 and abs(width - 595) < 3 and abs(height - 842) < 3, (pages, width, height)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(SHOTS / "commitment-pdf-60dpi")], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(work / "commitment-pdf")], check=True)
    pdf_url = zbar(work / "commitment-pdf.png")
    assert pdf_url == url, "the PDF carries the same QR code as the page"
    desk.get(srv + "/documents/commitment")
    assert qr_from_page(desk, work / "qr-page-again.png") == url, "opening it again shows the same QR code"
    verification_page(phone, url)
    assert "是最新版本" in main_text(phone) and "核验链接无效" not in main_text(phone), "the first print still verifies"


# ---------- 5. 数据字典 ----------

def test_data_dictionary_adds_and_deletes_a_local_code(srv, desk):
    """数据字典 as the system admin: the tables (民族, 毕业去向 …) with their sizes; 毕业去向 searched;
    a local code added shows 本地 with a 删除 button and is deleted again."""
    login_ok(desk, srv, "admin", ADMIN_PASSWORD)
    desk.get(srv + "/admin/codes")
    names = table_column(desk, "代码表")
    assert {"民族", "毕业去向", "政治面貌", "专业目录"} <= set(names), names
    sizes = dict(zip(names, table_column(desk, "条数")))
    assert int(sizes["民族"]) >= 56, sizes
    shoot(desk, "codes")

    click_and_wait(desk, desk.find_element(By.LINK_TEXT, "毕业去向"))
    assert desk.current_url.endswith("/admin/codes/destinations")
    shoot(desk, "codes-destinations")
    fill(desk, "f-q", "劳动合同")
    click_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "form.filter-bar button[type=submit]"))
    assert table_column(desk, "名称") == ["签劳动合同形式就业"] and table_column(desk, "代码") == ["11"]
    assert table_column(desk, "类别") == ["国家标准"]

    fill(desk, "code", "E2E01")
    fill(desk, "name", "页面测试本地去向")
    click_and_wait(desk, desk.find_element(By.XPATH, "//form[@class='form-grid']//button[normalize-space()='添加']"))
    assert "已添加本地代码 E2E01 页面测试本地去向" in flash_text(desk)
    assert table_column(desk, "代码") == ["E2E01"] and table_column(desk, "类别") == ["本校自定义"]
    desk.get(srv + "/admin/codes")
    assert dict(zip(table_column(desk, "代码表"), table_column(desk, "本校自定义")))["毕业去向"] == "1"

    desk.get(srv + "/admin/codes/destinations?q=E2E01")
    question = click_confirm_and_wait(desk, desk.find_element(By.XPATH, "//td[@data-label='操作']//button[normalize-space()='删除代码']"))
    assert "E2E01" in question, question
    assert "已删除本地代码 E2E01" in flash_text(desk)
    desk.get(srv + "/admin/codes/destinations?q=E2E01")
    assert table_column(desk, "代码") == []


def test_screenshotted_pages_fit_the_phone():
    """Every page shot above fits 390 px (no sideways scrolling)."""
    if not OVERFLOW:
        pytest.skip("no screenshots taken")
    wide = {name: px for name, px in OVERFLOW.items() if px > 0}
    assert not wide, f"wider than 390 px: {wide}"
