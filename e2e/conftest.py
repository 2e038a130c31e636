"""Starts a Jiuye server on a fresh SQLite database with the demo data, and a headless Chromium.

Fixtures: `server` (base URL, one per session), `browser` (1366 px desktop) and `phone`
(390 px, mobile emulation: overlay scrollbars, `<meta viewport>` honoured). The two
browsers are started once per session and handed to each test without cookies.
Helpers used by the walk-throughs live in `helpers.py`.

`@pytest.mark.needs_page("/admin/users")` skips a test while that page answers 404
(it is announced but not merged yet); the probe is a plain GET of the page.
"""
import base64
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "e2e" / "screenshots"
PHONE_MAX_WIDTH = 600


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary():
    if os.environ.get("JIUYE_BINARY"):      # e.g. bench/import/browser.py runs a release build
        return os.environ["JIUYE_BINARY"]
    for build in ("debug", "release"):
        path = ROOT / ".build" / build / "jiuye"
        if path.exists():
            return str(path)
    # Builds are serialised with the other users of this checkout (2 cores).
    subprocess.run(["flock", "/tmp/jiuye-build.lock", "swift", "build", "--product", "jiuye"], cwd=ROOT, check=True)
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
        "JIUYE_SECURITY_PASSWORD": "Jiuye@2026",
        "JIUYE_AUDITOR_PASSWORD": "Jiuye@2026",
        "JIUYE_BCRYPT_COST": "6",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        # Every walk-through logs in from 127.0.0.1, ~50 times within a minute; the
        # per-address limit (30/min) would turn later logins into 429s. The limiter
        # itself is not what these tests look at.
        "JIUYE_LOGIN_RATE_PER_MINUTE": "1000",
        "LOG_LEVEL": "warning",
    })
    exe = binary()
    seeded = subprocess.run([exe, "seed-demo"], cwd=ROOT, env=env, capture_output=True, text=True)
    if seeded.returncode != 0:
        raise RuntimeError("seed-demo failed:\n" + seeded.stdout + seeded.stderr)
    log = open(work / "server.log", "wb")
    process = subprocess.Popen([exe, "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except Exception:
            time.sleep(0.5)
    else:
        process.kill()
    if process.poll() is not None:
        log.close()
        raise RuntimeError("server did not start:\n" + (work / "server.log").read_text(errors="replace"))
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(work, ignore_errors=True)


def make_driver(width):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={max(width, 500)},900", "--lang=zh-CN"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # Headless Chromium will not open a window narrower than 500 px, and its desktop
    # scrollbars take 15 px: the viewport is set with device-metrics emulation instead.
    driver.jiuye_viewport = (width, 844 if width <= PHONE_MAX_WIDTH else 900)
    set_viewport(driver, *driver.jiuye_viewport)
    return driver


def set_viewport(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width <= PHONE_MAX_WIDTH})


class DriverPool:
    """One Chromium per width for the whole session (starting one costs about a second)."""

    def __init__(self):
        self.drivers = {}

    def get(self, width):
        driver = self.drivers.get(width)
        if driver is not None:
            try:
                driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
                driver.get("about:blank")
                set_viewport(driver, *driver.jiuye_viewport)
                return driver
            except Exception:
                try:
                    driver.quit()
                except Exception:
                    pass
        driver = self.drivers[width] = make_driver(width)
        return driver

    def quit(self):
        for driver in self.drivers.values():
            try:
                driver.quit()
            except Exception:
                pass


@pytest.fixture(scope="session")
def driver_pool():
    pool = DriverPool()
    yield pool
    pool.quit()


@pytest.fixture
def browser(driver_pool):
    """The 1366 px desktop browser, without cookies."""
    return driver_pool.get(1366)


@pytest.fixture
def phone(driver_pool):
    """The 390 px phone browser, without cookies."""
    return driver_pool.get(390)


def screenshot(driver, name):
    """The whole page at the driver's width into e2e/screenshots/<name>.png.

    Captured beyond the viewport instead of resizing it: a taller viewport would also
    grow everything sized in vh and push the footer out of the picture again.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width, _ = driver.jiuye_viewport
    content = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    height = min(int(content["height"] + 0.5), 12000)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


# ---------- pages that are announced but may not exist yet ----------

def pytest_configure(config):
    config.addinivalue_line("markers", "needs_page(path): skip while GET path answers 404 (page not merged yet)")


_probed = {}


def page_exists(base, path):
    if path not in _probed:
        try:
            with urllib.request.urlopen(base + path, timeout=5) as response:
                _probed[path] = response.status != 404
        except urllib.error.HTTPError as error:
            _probed[path] = error.code != 404
    return _probed[path]


@pytest.fixture(autouse=True)
def _skip_missing_pages(request):
    marker = request.node.get_closest_marker("needs_page")
    if marker is None:
        return
    base = request.getfixturevalue("server")
    for path in marker.args:
        if not page_exists(base, path):
            pytest.skip(f"{path} answers 404: not merged yet")


# ---------- a private server for walk-throughs that change shared state ----------

class PrivateServer:
    """A Jiuye server on its own temporary database with the demo data.

    `base` is the URL; `env` the environment it was started with (for running CLI commands
    such as `jiuye audit verify` against the same database and keys); `work` its directory
    (jiuye.sqlite, master.key, audit-heads.log, server.log).
    """

    def __init__(self, postgres=False):
        """`postgres`: run on a fresh PostgreSQL database made for this server (and dropped at
        stop) through the admin URL in `JIUYE_E2E_POSTGRES` (a role that may CREATE DATABASE);
        otherwise on SQLite."""
        self.work = Path(tempfile.mkdtemp(prefix="jiuye-e2e-private-"))
        self.port = free_port()
        self.postgres_admin = os.environ.get("JIUYE_E2E_POSTGRES") if postgres else None
        if postgres and not self.postgres_admin:
            raise RuntimeError("JIUYE_E2E_POSTGRES is not set")
        self.database_url = None
        self.base = f"http://127.0.0.1:{self.port}"
        self.db_path = self.work / "jiuye.sqlite"
        self.exe = binary()
        self.env = dict(os.environ)
        self.env.update({
            "SQLITE_PATH": str(self.db_path),
            "JIUYE_KEY_FILE": str(self.work / "master.key"),
            "JIUYE_AUDIT_EXPORT_FILE": str(self.work / "audit-heads.log"),
            "JIUYE_ADMIN_PASSWORD": "Admin-Pass-2026",
            "JIUYE_SECURITY_PASSWORD": "Jiuye@2026",
            "JIUYE_AUDITOR_PASSWORD": "Jiuye@2026",
            "JIUYE_BCRYPT_COST": "6",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "PUBLIC_URL": self.base,
            "JIUYE_LOGIN_RATE_PER_MINUTE": "1000",
            # The 签约考虑期 is 24 hours; a walk-through sees an agreement bind after a minute.
            "JIUYE_SIGNING_CONSIDERATION_SECONDS": "60",
            "LOG_LEVEL": "warning",
        })
        if self.postgres_admin:
            name = f"jiuye_e2e_{self.port}"
            self._psql(f'DROP DATABASE IF EXISTS "{name}"')
            self._psql(f'CREATE DATABASE "{name}"')
            base, _, query = self.postgres_admin.partition("?")
            self.database_url = base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")
            self.env["DATABASE_URL"] = self.database_url
        self.process = None
        self.log = None

    def _psql(self, statement):
        base, _, _ = self.postgres_admin.partition("?")
        subprocess.run(["psql", base, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement], check=True, capture_output=True, timeout=60)

    def run(self, *arguments, env=None):
        """Runs the jiuye binary with these arguments (same environment unless `env`); returns the CompletedProcess."""
        return subprocess.run([self.exe, *arguments], cwd=ROOT, env=env or self.env, capture_output=True, text=True, timeout=120)

    def start(self):
        seeded = self.run("seed-demo")
        if seeded.returncode != 0:
            raise RuntimeError("seed-demo failed:\n" + seeded.stdout + seeded.stderr)
        self.log = open(self.work / "server.log", "wb")
        self.process = subprocess.Popen([self.exe, "serve"], cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(120):
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except Exception:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("server did not start:\n" + (self.work / "server.log").read_text(errors="replace"))

    def restart(self, extra_env):
        """Stops the serve process only (the work directory, database and keys stay), adds
        `extra_env` to the environment (e.g. {"JIUYE_CLOCK_OFFSET_DAYS": "365"}) and starts
        serve again on the same port; returns once /healthz answers. Sessions stay in the
        database, but a clock moved on expires them: log in again after a restart."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log is not None:
            self.log.close()
        self.env.update({key: str(value) for key, value in extra_env.items()})
        self.log = open(self.work / "server.log", "ab")
        self.process = subprocess.Popen([self.exe, "serve"], cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        # The port may linger for a moment after the old process exits: a new process that
        # could not bind it exits, and is started again.
        retries = 0
        for _ in range(240):
            if self.process.poll() is not None:
                if retries < 10:
                    retries += 1
                    time.sleep(0.5)
                    self.process = subprocess.Popen([self.exe, "serve"], cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
                    continue
                break
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except Exception:
                time.sleep(0.5)
        raise RuntimeError("server did not restart:\n" + (self.work / "server.log").read_text(errors="replace"))

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.log is not None:
            self.log.close()
        if self.database_url:
            try:
                self._psql(f'DROP DATABASE IF EXISTS "jiuye_e2e_{self.port}"')
            except Exception:
                pass
        shutil.rmtree(self.work, ignore_errors=True)


@pytest.fixture(scope="module")
def private_server():
    """A server of the module's own (see PrivateServer): state changed there never reaches other modules."""
    server = PrivateServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def second_browser():
    """Another 1280 px Chromium with its own cookies, for the module: e.g. the system admin
    reading /admin/outbox while the walk-through goes on in the first browser."""
    driver = make_driver(1280)
    yield driver
    try:
        driver.quit()
    except Exception:
        pass


def walk_server(request, state):
    """For a walk on both databases: a module fixture parametrised ["sqlite", "postgres"] yields
    from this. PostgreSQL runs when CI gives `JIUYE_E2E_POSTGRES`; `state` (what later steps
    need of earlier ones) starts empty on each server."""
    if request.param == "postgres" and not os.environ.get("JIUYE_E2E_POSTGRES"):
        pytest.skip("JIUYE_E2E_POSTGRES is not set: the PostgreSQL walk runs in CI")
    state.clear()
    server = PrivateServer(postgres=request.param == "postgres").start()
    yield server
    server.stop()
