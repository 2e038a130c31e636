"""Starts a Jiuye server on a fresh SQLite database with the demo data, and a headless Chromium."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "e2e" / "screenshots"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary():
    for build in ("debug", "release"):
        path = ROOT / ".build" / build / "jiuye"
        if path.exists():
            return str(path)
    subprocess.run(["swift", "build", "--product", "jiuye"], cwd=ROOT, check=True)
    return str(ROOT / ".build" / "debug" / "jiuye")


@pytest.fixture(scope="session")
def server():
    work = Path(tempfile.mkdtemp(prefix="jiuye-e2e-"))
    port = free_port()
    env = dict(os.environ)
    env.update({
        "SQLITE_PATH": str(work / "jiuye.sqlite"),
        "JIUYE_KEY_FILE": str(work / "master.key"),
        "JIUYE_ADMIN_PASSWORD": "Admin-Pass-2026",
        "JIUYE_BCRYPT_COST": "6",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "warning",
    })
    exe = binary()
    seeded = subprocess.run([exe, "seed-demo"], cwd=ROOT, env=env, capture_output=True, text=True)
    if seeded.returncode != 0:
        raise RuntimeError("seed-demo failed:\n" + seeded.stdout + seeded.stderr)
    process = subprocess.Popen([exe, "serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except Exception:
            time.sleep(0.5)
    else:
        process.kill()
        raise RuntimeError("server did not start: " + process.stderr.read().decode())
    yield base
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(work, ignore_errors=True)


def make_driver(width):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},900", "--lang=zh-CN"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture
def browser():
    driver = make_driver(1366)
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    driver = make_driver(390)
    yield driver
    driver.quit()


def screenshot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return Math.max(document.body.scrollHeight, 600)")
    width = driver.execute_script("return window.innerWidth")
    driver.set_window_size(max(width, 390), min(height + 120, 4000))
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
