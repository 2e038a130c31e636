"""全国系统上报, 去向落实统计 and 困难群体帮扶 in a real browser.

1. The counselor gives 初审通过 to one of the registrations of 计科2101 the demo seed leaves
   waiting (逐条审核), so it reaches the national sync (start status 初审通过). The school sees it
   on 全国系统上报 as 新增 with the pre-check's problems and their 修改方法 beside it (demo
   graduates have no 生源 record), makes an export batch (records failing the pre-check are held
   back with their count) and uploads a national feedback CSV: a row whose 考生号 no graduate has
   is reported 未找到 with its row number, a row without 考生号 as 无法读取.
2. 去向落实统计 of the 2025届: both rates, the 统计口径, the chart; the counselor's is by 班级.
3. 困难群体帮扶: the school imports 20251001 as 低保家庭; the counselor filters 城乡低保家庭毕业生,
   opens 张明 and adds a 帮扶记录 (岗位推荐).

Runs alone or after test_walk_destination.py (which leaves 张明's registration being changed);
when test_review.py ran before, only one of the five waiting registrations is left, which is
all this walk needs. Each page is also looked at on a 390 px phone.
"""
import datetime
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from helpers import click_and_wait, fill, flash_text, horizontal_overflow, login_ok, logout

REPORT = "/report/national"
EXAMINEE = "50010120259999"   # 14 digits: a 考生号 no demo graduate has


def main_text(driver):
    return driver.find_element(By.ID, "main").text


def alert_text(driver):
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "main .alert-error"))


def status_counts(driver):
    """The state counts above a list, e.g. {"新增": 2, …}."""
    found = {}
    for link in driver.find_elements(By.CSS_SELECTOR, ".status-counts a"):
        match = re.match(r"(.+?) (\d+)$", link.text.strip())
        if match:
            found[match.group(1)] = int(match.group(2))
    return found


def row_of(driver, name):
    """The data-table row whose 姓名 cell is `name` (exactly one)."""
    rows = driver.find_elements(By.XPATH, f"//table[contains(@class,'data-table')]/tbody/tr[td[@data-label='姓名'][normalize-space()='{name}']]")
    assert len(rows) == 1, f"{name} is listed {len(rows)} times: {main_text(driver)[:600]}"
    return rows[0]


def cell(row, label):
    return row.find_element(By.CSS_SELECTOR, f"td[data-label='{label}']").get_attribute("textContent").strip()


def check_phone(phone, server, user, path, name):
    login_ok(phone, server, user)
    phone.get(server + path)
    assert "/login" not in phone.current_url, phone.current_url
    overflow = horizontal_overflow(phone)
    assert overflow <= 0, f"{name}: the page is {overflow} px wider than the phone"
    screenshot(phone, name)
    logout(phone)


# ---------- 1. 全国系统上报 ----------

def approve_one_waiting(driver, server):
    """The counselor's 逐条审核 → 初审通过 on the first waiting registration; returns its name."""
    login_ok(driver, server, "counselor")
    driver.get(server + "/review/destination")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "逐条审核"))
    assert re.search(r"/review/destination/\d+$", driver.current_url), f"no registration waits for 初审: {driver.current_url}"
    assert "待处理环节：初审" in driver.find_element(By.CSS_SELECTOR, ".case-status").text
    name = driver.find_element(By.CSS_SELECTOR, ".desc-list .desc-item dd").text.strip()
    assert name and name != "张明", name
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='初审通过']"))
    assert f"已处理：{name} 初审通过" in flash_text(driver), flash_text(driver)
    logout(driver)
    return name


def feedback_csv(folder):
    path = folder / "national-feedback.csv"
    path.write_text("年度,学历,考生号,姓名,错误类型,错误原因\n"
                    f"2025,31,{EXAMINEE},王测试,登记信息错误,单位名称与统一社会信用代码不一致\n"
                    "2025,31,,李测试,生源信息错误,考生号为空\n", encoding="utf-8")
    return path


def test_national_report_precheck_export_and_feedback(server, browser, phone, tmp_path):
    name = approve_one_waiting(browser, server)

    login_ok(browser, server, "school")
    browser.get(server + REPORT)
    assert browser.find_element(By.CSS_SELECTOR, "main .card-title").text.strip() == "全国系统上报"
    intro = main_text(browser)
    assert "毕业去向登记达到“初审通过”及之后的状态即进入上报（新增）" in intro, intro[:400]
    before = status_counts(browser)
    assert before.get("新增", 0) >= 1, before
    row = row_of(browser, name)
    assert cell(row, "审核情况") == "初审通过", cell(row, "审核情况")
    assert cell(row, "上报状态") == "新增", cell(row, "上报状态")
    assert cell(row, "院系") == "计算机学院", cell(row, "院系")
    check = row.find_element(By.CSS_SELECTOR, ".national-check")
    problems = [li.text for li in check.find_elements(By.CSS_SELECTOR, ".national-problems li")]
    assert problems, f"{name} has no 生源 record, yet passes the pre-check: {check.text}"
    assert any("生源信息不完整" in p for p in problems), problems
    missing = [p for p in problems if "生源信息不完整" in p]
    assert all("修改方法：与学校学籍部门核对后补全" in p for p in missing), missing
    assert any("考生号" in p and "未填写考生号" in p for p in problems), problems
    for fix in check.find_elements(By.CSS_SELECTOR, ".national-problems .fix"):
        assert fix.text.startswith("修改方法：") and len(fix.text) > len("修改方法："), fix.text
    screenshot(browser, "walk-report-national-1366")

    # 生成上报数据: the button says how many wait; failing records are held back.
    export = browser.find_element(By.CSS_SELECTOR, f"form[action='{REPORT}/export'] button")
    queued = before.get("新增", 0) + before.get("有改动", 0)
    assert export.text.strip() == f"生成上报数据（待上报 {queued} 条）", export.text
    click_and_wait(browser, export)
    flash = flash_text(browser)
    if "/exports/" in browser.current_url:
        match = re.search(r"已生成第 (\d+) 批上报数据，共 (\d+) 条，状态为上报中。", flash)
        assert match, flash
        assert "条未通过上报前检查，未包含在内" in flash, f"{name} fails the pre-check, so it is held back: {flash}"
        held = re.search(r"另有 (\d+) 条未通过上报前检查", flash)
        batch = main_text(browser)
        assert re.search(rf"未通过检查未包含\s*{held.group(1)} 条", batch), batch[:600]
        assert "上报中，等待确认" in batch, batch[:600]
        assert name not in batch, "a record failing the pre-check is not in the batch"
        browser.get(server + REPORT)
    else:
        assert browser.current_url.rstrip("/").endswith(REPORT), browser.current_url
        assert re.search(r"待上报的 \d+ 条记录都未通过上报前检查，没有生成上报数据；请按列表中的修改方法更正后再生成。", flash), flash
        held = re.search(r"待上报的 (\d+) 条", flash)
        assert int(held.group(1)) == queued, (flash, queued)
    screenshot(browser, "walk-report-national-exported-1366")
    row = row_of(browser, name)
    assert cell(row, "上报状态") == "新增", "a held-back record stays 新增 until it is fixed"

    # 导入全国系统反馈: one row no graduate matches, one row without 考生号.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "导入全国系统反馈"))
    assert "/report/national/feedback" in browser.current_url
    assert "按年度、学历、考生号三项对应本校毕业生" in main_text(browser)
    form = browser.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data']")
    assert "_csrf=" in form.get_attribute("action"), form.get_attribute("action")
    browser.find_element(By.ID, "feedback-file").send_keys(str(feedback_csv(tmp_path)))
    click_and_wait(browser, form.find_element(By.XPATH, ".//button[normalize-space()='上传并处理']"))
    assert not alert_text(browser), alert_text(browser)
    assert re.search(r"/report/national/feedback/\d+$", browser.current_url), browser.current_url
    assert "反馈文件已导入，以下是每一行的处理结果。" in flash_text(browser), flash_text(browser)
    result = main_text(browser)
    assert "反馈处理结果：national-feedback.csv" in result, result[:300]
    assert "共 2 行：已对应 0 行，未找到 1 行，无法读取 1 行，不在管理范围 0 行。" in result, result[:600]
    rows = browser.find_elements(By.CSS_SELECTOR, "table.data-table tbody tr")
    assert len(rows) == 2, len(rows)
    first, second = rows
    assert cell(first, "行号") == "2" and cell(first, "结果") == "未找到", first.text
    assert cell(first, "姓名") == "王测试" and cell(first, "错误类型") == "登记信息错误", first.text
    assert cell(first, "考生号") == "5001********99", "the 考生号 is masked: " + cell(first, "考生号")
    assert "本校没有年度 2025、学历代码 31、该考生号的毕业生" in cell(first, "处理情况"), cell(first, "处理情况")
    assert cell(second, "行号") == "3" and cell(second, "结果") == "无法读取", second.text
    assert "第 3 行：缺少考生号，无法对应到毕业生。" in cell(second, "处理情况"), cell(second, "处理情况")
    screenshot(browser, "walk-report-feedback-result-1366")
    browser.get(server + REPORT + "/feedback")
    recent = browser.find_element(By.XPATH, "//section[contains(@class,'card')][h2[normalize-space()='最近导入的反馈']]")
    assert "national-feedback.csv" in recent.text, recent.text
    # Nothing matched: no record became 需复查.
    browser.get(server + REPORT)
    assert status_counts(browser).get("需复查", 0) == before.get("需复查", 0), status_counts(browser)
    logout(browser)
    check_phone(phone, server, "school", REPORT, "walk-report-national-390")


# ---------- 2. 去向落实统计 ----------

def test_destination_statistics(server, browser, phone):
    login_ok(browser, server, "school")
    browser.get(server + "/statistics/destination?cohort=2025")
    text = main_text(browser)
    assert "去向落实统计" in text
    labels = [e.text.strip() for e in browser.find_elements(By.CSS_SELECTOR, ".stat-summary .stat-label")]
    assert labels == ["去向落实率（已确认）", "去向落实率（含未确认）", "毕业生人数", "已落实（已确认）"], labels
    values = [e.text.strip() for e in browser.find_elements(By.CSS_SELECTOR, ".stat-summary .stat-value")]
    assert all(re.fullmatch(r"\d+(\.\d+)?%", v) for v in values[:2]), values
    assert int(values[2]) > 0, values
    assert Select(browser.find_element(By.ID, "f-cohort")).first_selected_option.get_attribute("value") == "2025"
    definitions = browser.find_element(By.XPATH, "//section[contains(@class,'card')][h2[normalize-space()='统计口径']]")
    terms = [dt.text.strip() for dt in definitions.find_elements(By.CSS_SELECTOR, "dl.definitions dt")]
    details = [dd.text.strip() for dd in definitions.find_elements(By.CSS_SELECTOR, "dl.definitions dd")]
    assert len(terms) >= 2 and all(details), (terms, details)
    assert any("去向落实率" in t for t in terms), terms
    charts = browser.find_elements(By.CSS_SELECTOR, "main svg")
    assert charts and charts[0].size["width"] > 100, "an svg bar chart"
    assert "2025届各院系去向落实率（已确认）" in text, text[:800]
    screenshot(browser, "walk-report-statistics-1366")
    logout(browser)

    login_ok(browser, server, "counselor")
    browser.get(server + "/statistics/destination?cohort=2025")
    assert Select(browser.find_element(By.ID, "f-by")).first_selected_option.text.strip() == "按班级"
    groups = [td.get_attribute("textContent").strip() for td in browser.find_elements(By.CSS_SELECTOR, "table.data-table tbody tr > td:first-child")]
    assert "计科2101" in groups, groups
    header = browser.find_element(By.CSS_SELECTOR, "table.data-table thead th").text.strip()
    assert header == "班级", header
    assert "2025届各班级去向落实率（已确认）" in main_text(browser)
    screenshot(browser, "walk-report-statistics-counselor-1366")
    logout(browser)
    check_phone(phone, server, "counselor", "/statistics/destination?cohort=2025", "walk-report-statistics-390")


# ---------- 3. 困难群体帮扶 ----------

def test_hardship_import_and_assistance_record(server, browser, phone, tmp_path):
    sheet = tmp_path / "hardship.csv"
    sheet.write_text("学号,困难类别\n20251001,低保家庭\n", encoding="utf-8")
    login_ok(browser, server, "school")
    browser.get(server + "/hardship")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "导入困难群体名单"))
    assert browser.current_url.endswith("/hardship/import"), browser.current_url
    assert "须有“学号”和“困难类别”两列" in main_text(browser)
    browser.find_element(By.ID, "hardship-file").send_keys(str(sheet))
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[@enctype='multipart/form-data']//button[normalize-space()='导入']"))
    assert "已导入 1 名困难群体毕业生。" in flash_text(browser), flash_text(browser) + alert_text(browser) + main_text(browser)[:400]
    assert browser.current_url.rstrip("/").endswith("/hardship"), browser.current_url
    row = row_of(browser, "张明")
    assert cell(row, "学号") == "20251001" and "城乡低保家庭毕业生" in cell(row, "困难类别"), row.text
    logout(browser)

    login_ok(browser, server, "counselor")
    browser.get(server + "/hardship")
    Select(browser.find_element(By.ID, "f-type")).select_by_visible_text("城乡低保家庭毕业生")
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[contains(@class,'filter-bar')]//button[normalize-space()='查询']"))
    assert "type=02" in browser.current_url, browser.current_url
    categories = [td.get_attribute("textContent").strip() for td in browser.find_elements(By.CSS_SELECTOR, "table.data-table tbody tr:not(.empty-row) td[data-label='困难类别']")]
    assert categories and all("城乡低保家庭毕业生" in c for c in categories), categories
    row = row_of(browser, "张明")
    times_before = int(cell(row, "帮扶次数"))
    screenshot(browser, "walk-report-hardship-list-1366")
    click_and_wait(browser, row.find_element(By.LINK_TEXT, "张明"))
    assert re.search(r"/hardship/\d+$", browser.current_url), browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "main .card-title").text.strip() == "张明 的帮扶记录"
    # The server's day is China's (UTC+8), whatever the machine's time zone.
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date().isoformat()
    browser.execute_script("var e = document.getElementById('date'); e.value = arguments[0];"
                           "e.dispatchEvent(new Event('change', {bubbles: true}));", today)
    Select(browser.find_element(By.ID, "kind")).select_by_value("job")
    content = "推荐重庆示范科技有限公司软件测试岗位"
    fill(browser, "content", content)
    fill(browser, "result", "已投递简历")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='保存']"))
    assert "已保存帮扶记录。" in flash_text(browser), flash_text(browser) + alert_text(browser)
    records = browser.find_elements(By.CSS_SELECTOR, "table.data-table tbody tr:not(.empty-row)")
    listed = [(cell(r, "帮扶日期"), cell(r, "帮扶方式"), cell(r, "帮扶内容"), cell(r, "帮扶结果")) for r in records]
    assert (today, "岗位推荐", content, "已投递简历") in listed, listed
    recorder = [cell(r, "记录人") for r in records if cell(r, "帮扶内容") == content]
    assert recorder and recorder[0] != "—", recorder
    screenshot(browser, "walk-report-hardship-record-1366")
    browser.get(server + "/hardship?q=20251001")
    row = row_of(browser, "张明")
    assert int(cell(row, "帮扶次数")) == times_before + 1, row.text
    assert cell(row, "最近帮扶") == today, row.text
    logout(browser)
    check_phone(phone, server, "counselor", "/hardship?type=02", "walk-report-hardship-390")
