"""就业服务 of the 就业网 (issue 21, seed 003 §2.2): 咨询预约, 就业调查, 职业测评, and 501 students
pressing 一键预约 at once on a 500-seat event, in a real browser on a server of its own. On SQLite,
and on PostgreSQL in CI.
"""
import datetime
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot, walk_server
from helpers import click_and_wait, fill, flash_text, horizontal_overflow, login_ok

state = {}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def private_server(request):
    yield from walk_server(request, state)


def main_text(driver):
    return driver.find_element(By.ID, "main").text


def press(driver, label):
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//button[normalize-space()='{label}']"))


def as_user(driver, srv, username, password=None):
    driver.delete_all_cookies()
    login_ok(driver, srv, username, password)


def set_value(driver, field_id, value):
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                          driver.find_element(By.ID, field_id), value)


def test_a_student_books_a_consultation_on_a_phone(private_server, browser, phone):
    """咨询预约: the counselor publishes two half hours; 张明 books one on a phone with a topic; the
    counselor sees who comes and why; a clash is refused; he cancels and the time is free again."""
    srv = private_server.base
    as_user(browser, srv, "counselor")
    browser.get(srv + "/jobcentre/consult")
    day = datetime.date.today() + datetime.timedelta(days=2)
    set_value(browser, "cs-starts", f"{day.isoformat()}T09:00")
    fill(browser, "cs-minutes", "5")
    fill(browser, "cs-count", "2")
    fill(browser, "cs-place", "就业指导中心 203 室")
    press(browser, "发布")
    assert "每次咨询时长为 15 至 120 分钟" in main_text(browser), main_text(browser)
    fill(browser, "cs-minutes", "30")
    press(browser, "发布")
    assert "已发布 2 个咨询时段" in flash_text(browser), (flash_text(browser), main_text(browser))

    as_user(phone, srv, "20251001")
    phone.get(srv + "/consult")
    assert f"{day.isoformat()} 09:00–09:30" in main_text(phone), main_text(phone)
    click_and_wait(phone, phone.find_elements(By.XPATH, "//main//a[normalize-space()='预约']")[0])
    Select(phone.find_element(By.ID, "cs-topic")).select_by_visible_text("简历修改")
    fill(phone, "cs-note", "想请老师看看实习经历怎么写")
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "services-consult-book-390")
    press(phone, "确认预约")
    assert "已预约" in flash_text(phone) and "就业指导中心 203 室" in flash_text(phone), flash_text(phone)
    assert "已预约" in main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "services-consult-390")

    browser.get(srv + "/jobcentre/consult")
    text = main_text(browser)
    assert "张明（20251001）" in text and "简历修改" in text and "想请老师看看实习经历怎么写" in text and "其中已预约 1 个" in text, text
    screenshot(browser, "services-consult-counselor-1366")

    # His booking's page: cancel; the time is open again.
    phone.get(srv + "/consult")
    click_and_wait(phone, phone.find_element(By.XPATH, f"//main//a[contains(., '{day.isoformat()} 09:00')]"))
    press(phone, "取消预约")
    assert "已取消" in flash_text(phone), flash_text(phone)
    assert len(phone.find_elements(By.XPATH, "//main//a[normalize-space()='预约']")) == 2

    # The counselor's own page on a phone.
    as_user(phone, srv, "counselor")
    phone.get(srv + "/jobcentre/consult")
    assert "未开始 2 个，其中已预约 0 个" in main_text(phone), main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "services-consult-counselor-390")


def test_the_office_surveys_and_a_student_answers_once(private_server, browser, phone):
    """就业调查: the office builds a questionnaire, publishes it; 张明 answers on a phone (a required
    question left out is named), once; the office reads a chart and the fill-in, and exports."""
    srv = private_server.base
    as_user(browser, srv, "school")
    browser.get(srv + "/jobcentre/surveys")
    fill(browser, "sv-title", "2027届毕业生求职意向调查")
    fill(browser, "sv-intro", "了解同学们的求职意向，约 2 分钟。")
    set_value(browser, "sv-closes", (datetime.date.today() + datetime.timedelta(days=14)).isoformat())
    press(browser, "建立草稿")
    assert "已建立问卷草稿" in flash_text(browser), (flash_text(browser), main_text(browser))
    for kind, text, options in [("单选题", "你目前的就业状态", "已签约\n求职中\n升学"), ("多选题", "你关注哪些行业", "互联网\n制造业\n教育"),
                                ("填空题", "对就业服务的建议", "")]:
        Select(browser.find_element(By.ID, "sv-kind")).select_by_visible_text(kind)
        fill(browser, "sv-text", text)
        fill(browser, "sv-options", options)
        press(browser, "添加")
        assert "已添加题目" in flash_text(browser), (flash_text(browser), main_text(browser))
    screenshot(browser, "services-survey-builder-1366")
    press(browser, "发布问卷")
    assert "已发布" in flash_text(browser), flash_text(browser)

    as_user(phone, srv, "20251001")
    phone.get(srv + "/surveys")
    click_and_wait(phone, phone.find_element(By.XPATH, "//main//a[normalize-space()='2027届毕业生求职意向调查']"))
    phone.find_element(By.XPATH, "//label[normalize-space()='互联网']").click()
    fill(phone, "sv-q3", "多办几场专场招聘会")
    # The browser itself asks for the required choice; past it, the server names the question.
    phone.execute_script("document.querySelectorAll('main [required]').forEach(e => e.required = false)")
    press(phone, "提交问卷")
    assert "请回答第 1 题" in main_text(phone), main_text(phone)
    assert phone.find_element(By.ID, "sv-q3").get_attribute("value") == "多办几场专场招聘会", "the typed answer is kept"
    phone.find_element(By.XPATH, "//label[normalize-space()='求职中']").click()
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "services-survey-390")
    press(phone, "提交问卷")
    assert "感谢参与" in flash_text(phone), (flash_text(phone), main_text(phone))
    assert "已提交" in main_text(phone)
    phone.get(srv + "/surveys")
    click_and_wait(phone, phone.find_element(By.XPATH, "//main//a[normalize-space()='2027届毕业生求职意向调查']"))
    assert "每人只能提交一次" in main_text(phone) and not phone.find_elements(By.XPATH, "//main//button[normalize-space()='提交问卷']")

    browser.get(srv + "/jobcentre/surveys")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//a[normalize-space()='2027届毕业生求职意向调查']"))
    text = main_text(browser)
    assert "已提交\n1 人" in text or "1 人" in text, text
    assert "多办几场专场招聘会" in text and "张明" not in text, text
    assert browser.find_elements(By.CSS_SELECTOR, "figure svg"), "a chart per choice question"
    screenshot(browser, "services-survey-results-1366")
    href = browser.find_element(By.XPATH, "//main//a[normalize-space()='导出 Excel']").get_attribute("href")
    assert href.endswith("/export")
    as_user(phone, srv, "school")
    phone.get(href.rsplit("/", 1)[0] + "/results")
    assert "多办几场专场招聘会" in main_text(phone)
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "services-survey-results-390")
    phone.get(srv + "/jobcentre/surveys")
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "services-survey-manage-390")


def test_a_student_takes_the_interest_inventory(private_server, browser, phone):
    """职业测评: 60 items on a phone; left half-done, the missing items are named; answered, the code
    (here ASE: every 艺术型, 社会型 and 企业型 item liked) and the types are shown and kept."""
    srv = private_server.base
    as_user(phone, srv, "20251001")
    phone.get(srv + "/assessment")
    click_and_wait(phone, phone.find_element(By.XPATH, "//main//a[normalize-space()='开始测评']"))
    radios = phone.find_elements(By.CSS_SELECTOR, "main input[type=radio]")
    assert len(radios) == 120, len(radios)
    # Answer the first 30 only; the browser's own required check is bypassed to see the server's.
    phone.execute_script("""
        document.querySelectorAll('main input[type=radio]').forEach(r => r.required = false);
        for (let n = 1; n <= 30; n++) document.querySelector(`input[name=q${n}][value="${[3,4,5].includes((n - 1) % 6 + 1) ? 1 : 0}"]`).checked = true;
    """)
    press(phone, "提交并查看结果")
    assert "还有 30 题未作答" in main_text(phone), main_text(phone)[:500]
    phone.execute_script("""
        for (let n = 1; n <= 60; n++) document.querySelector(`input[name=q${n}][value="${[3,4,5].includes((n - 1) % 6 + 1) ? 1 : 0}"]`).checked = true;
    """)
    screenshot(phone, "services-assessment-form-390")
    press(phone, "提交并查看结果")
    assert "你的兴趣代码是 ASE" in flash_text(phone), (flash_text(phone), main_text(phone)[:500])
    text = main_text(phone)
    assert "艺术型" in text and "社会型" in text and "企业型" in text and "典型职业" in text, text
    assert phone.find_elements(By.CSS_SELECTOR, "figure svg")
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    screenshot(phone, "services-assessment-result-390")
    browser.get(srv + "/assessment")
    screenshot(browser, "services-assessment-intro-visitor-1366")
    phone.get(srv + "/assessment")
    assert "ASE" in main_text(phone)


def test_five_hundred_and_one_press_at_once_for_five_hundred_seats(private_server, browser, phone):
    """501 students (sessions made by the benchmark seeder) press 一键预约 at the same moment on a
    500-seat event: 500 get tickets; the office's attendance lists 500; the 501st reads 名额已满."""
    server = private_server
    srv = server.base
    seeded = server.run("seed-bench", "--students", "501")
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    sessions = server.work / "sessions.txt"
    seeded = server.run("seed-bench-jobcentre", "--students", "501", "--seats", "500", "--postings", "1", "--notices", "1", "--output", str(sessions))
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    lines = sessions.read_text().split()
    event, cookies = lines[1], lines[2:]
    assert len(cookies) == 501

    def page(cookie):
        request = urllib.request.Request(f"{srv}/events/{event}", headers={"Cookie": f"jiuye_session={cookie}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return re.search(r'name="_csrf" value="([^"]+)"', response.read().decode()).group(1)
    tokens = [page(cookie) for cookie in cookies]

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    start = threading.Barrier(len(cookies))
    answers = [None] * len(cookies)

    def press_book(index):
        body = urllib.parse.urlencode({"_csrf": tokens[index]}).encode()
        request = urllib.request.Request(f"{srv}/events/{event}/book", data=body, method="POST", headers={
            "Cookie": f"jiuye_session={cookies[index]}", "Origin": srv, "Content-Type": "application/x-www-form-urlencoded"})
        start.wait()
        try:
            with opener.open(request, timeout=120) as response:
                answers[index] = (response.status, response.headers.get("Location"))
        except urllib.error.HTTPError as error:
            answers[index] = (error.code, error.headers.get("Location"))
    threads = [threading.Thread(target=press_book, args=(i,)) for i in range(len(cookies))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    tickets = [a for a in answers if a and a[0] == 303 and "/jobcentre/tickets/" in (a[1] or "")]
    full = [i for i, a in enumerate(answers) if a and a[0] == 303 and a[1] == f"/events/{event}"]
    assert len(tickets) == 500 and len(full) == 1, answers

    as_user(browser, srv, "bench_school", "Bench@2026")
    browser.get(f"{srv}/jobcentre/events/{event}")
    text = main_text(browser)
    assert "已预约\n500 人" in text or "500 人" in text, text[:400]
    assert len(browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")) == 500
    screenshot(browser, "services-501-attendance-1366")
    phone.delete_all_cookies()
    phone.get(srv + "/healthz")
    phone.add_cookie({"name": "jiuye_session", "value": cookies[full[0]], "path": "/"})
    phone.get(f"{srv}/events/{event}")
    assert "名额已满" in main_text(phone), main_text(phone)
    screenshot(phone, "services-501-full-390")
