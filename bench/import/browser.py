"""bench/import/browser.py: the 100,000-row import as a school admin does it, in headless
Chromium against a release server of its own (the job runner on, polling every 5 s).

1. An .xlsx of N graduates with three bad rows (a city as 生源所在地, a wrong ID check digit, an
   unknown 专业代码): time from the upload's click to the 未导入 page with its report, and the
   three rows it names.
2. The same rows saved as GB18030 CSV (as Chinese Excel writes it): the same report.
3. The corrected .xlsx: time to 导入成功, and the count in 毕业生名单.

    python3 bench/import/browser.py [rows (100000)]

Builds the release binary if needed (serialised by /tmp/jiuye-build.lock). Not run by CI.
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "e2e"))
subprocess.run(["flock", "/tmp/jiuye-build.lock", "swift", "build", "-c", "release", "--product", "jiuye"], cwd=ROOT, check=True,
               stdout=subprocess.DEVNULL)
os.environ["JIUYE_BINARY"] = str(ROOT / ".build" / "release" / "jiuye")

from selenium.webdriver.common.by import By  # noqa: E402

from conftest import PrivateServer  # noqa: E402
from helpers import login_ok, table_column  # noqa: E402
from test_data_io import graduate_rows, make_io_driver, upload_and_wait, with_three_bad_rows, write_csv, write_xlsx  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def main():
    work = Path(tempfile.mkdtemp(prefix="jiuye-bench-browser-"))
    good = graduate_rows(ROWS, 0)
    for n, row in enumerate(good):
        row[12] = f"1996{n:07d}"       # the e2e rows' phones run out at 10,000; no demo phone starts 1996
    bad = with_three_bad_rows(good)
    started = time.monotonic()
    bad_xlsx = write_xlsx(work / "毕业生-有错误.xlsx", bad)
    bad_csv = write_csv(work / "毕业生-有错误.csv", bad, "gb18030")
    good_xlsx = write_xlsx(work / "毕业生.xlsx", good)
    print(f"files for {ROWS} rows written by openpyxl in {time.monotonic() - started:.1f} s "
          f"(.xlsx {bad_xlsx.stat().st_size // 1024} KB, GB18030 CSV {bad_csv.stat().st_size // 1024} KB)")
    server = PrivateServer().start()
    driver = make_io_driver()
    try:
        login_ok(driver, server.base, "school")
        reports = []
        for label, path in (("xlsx with 3 bad rows", bad_xlsx), ("GB18030 CSV, same rows", bad_csv)):
            started = time.monotonic()
            _, status = upload_and_wait(driver, server.base, path, timeout=600)
            seconds = time.monotonic() - started
            rows = sorted(table_column(driver, "行号"), key=int)
            columns = table_column(driver, "列")
            message = driver.find_element(By.CSS_SELECTOR, "main .alert-error").text
            print(f"{label}: {status} after {seconds:.1f} s; rows {rows[:10]} ({', '.join(columns[:10])}); {message}")
            reports.append((rows, sorted(columns)))
        print("the CSV's report is the workbook's:", reports[0] == reports[1])
        started = time.monotonic()
        _, status = upload_and_wait(driver, server.base, good_xlsx, timeout=900)
        seconds = time.monotonic() - started
        message = driver.find_element(By.CSS_SELECTOR, "main .alert-success, main .alert-error").text
        print(f"corrected xlsx: {status} after {seconds:.1f} s; {message}")
        driver.get(server.base + "/students?q=" + good[-1][6])
        print("the last row in 毕业生名单:", table_column(driver, "学号"), table_column(driver, "姓名"))
        status = Path(f"/proc/{server.process.pid}/status").read_text()
        peak = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        print(f"server peak RSS over the three imports: {int(peak) // 1024} MB")
    finally:
        driver.quit()
        server.stop()


if __name__ == "__main__":
    main()
