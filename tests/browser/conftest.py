"""Real-browser tests: Playwright drives Debian's chromium against the portal served by
gunicorn on a free loopback port, with its own database and media in a temporary
folder (migrated, filled with `load_demo` and with `prepare_portal.py`).

Never downloads a browser: `make browser-deps` installs Debian's `chromium`.

While working on the tests, `BROWSER_BASE_URL=http://127.0.0.1:8091` points the suite at
a portal you already serve (same set-up: `load_demo`, `prepare_portal.py`, DEBUG=0,
MACHINE_TRANSLATOR=dummy) instead of starting one; the journeys change its data, so run
them against a fresh portal before trusting a result.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "portaal-demo"
LOCALE = "nl-BE"  # the browser language of a Flemish partner
# axe-core rules: WCAG 2.0/2.1 A and AA, 2.2 AA (target size) and axe's best practices
# (landmarks, heading order); serious and critical ones fail the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def portal_port():
    return _free_port()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory, portal_port):
    """The real OpenID Connect provider of the sso tests (``tests/sso/provider.py``),
    registered for the portal below: its button "Aanmelden met Testorganisatie"."""
    from tests.sso.provider import running_provider

    portal = f"http://127.0.0.1:{portal_port}"
    with running_provider(tmp_path_factory.mktemp("oidc"), portal) as provider:
        yield provider


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory, portal_port, oidc_provider):
    """Base URL of a portal served by gunicorn, with the demo content loaded."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make browser-deps`")
    if os.environ.get("BROWSER_BASE_URL"):
        yield os.environ["BROWSER_BASE_URL"].rstrip("/")
        return
    work = tmp_path_factory.mktemp("portal")
    port = portal_port
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ.get("BROWSER_DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "PORTAL_SERVE_MEDIA": "1",
        "MACHINE_TRANSLATOR": "dummy",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": "consolemail://",
        "AXES_FAILURE_LIMIT": "1000",
        "OIDC_PROVIDERS": json.dumps([oidc_provider.settings("test")]),
    }
    for command in (
        ["manage.py", "migrate", "--noinput", "-v0"],
        ["manage.py", "load_demo", "-v0"],
        [str(Path(__file__).parent / "prepare_portal.py")],
    ):
        subprocess.run(
            [sys.executable, *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    log = open(work / "server.log", "w")  # noqa: SIM115 -- closed at teardown
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/nl/", timeout=2)  # noqa: S310
            break
        except Exception:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("portal did not start:\n" + (work / "server.log").read_text()[-3000:])
            time.sleep(0.3)
    yield base_url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    server_log = (work / "server.log").read_text()
    assert "Traceback" not in server_log, server_log[-4000:]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the browser tests do not
    # touch the database themselves (the server process does), so Django's guard is
    # not needed here. Set only for browser sessions, never for the other tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def signed_in(browser, live_portal, tmp_path_factory):
    """``signed_in(username)``: the path of a storage state (session cookie) of that
    demo user, logged in once per test session through the login form."""
    states = {}
    folder = tmp_path_factory.mktemp("sessions")

    def _state(username):
        if username not in states:
            context = browser.new_context(base_url=live_portal, locale=LOCALE)
            page = context.new_page()
            login(page, username)
            assert page.locator("form[action*='logout']").count() == 1, f"{username} not in"
            states[username] = str(folder / f"{username}.json")
            context.storage_state(path=states[username])
            context.close()
        return states[username]

    return _state


@pytest.fixture
def new_page(browser, live_portal, signed_in):
    """``new_page(viewport=PHONE, user="lid")`` opens a fresh browser tab with its own
    cookies; with ``user``, already logged in as that demo user."""
    contexts = []

    def _open(viewport=DESKTOP, user=None, **options):
        options.setdefault("locale", LOCALE)
        if user:
            options["storage_state"] = signed_in(user)
        # bypass_csp lets the test inject axe-core; the portal's own CSP stays in force
        # for the page's own scripts (checked by the CSP test below).
        context = browser.new_context(
            viewport=viewport, base_url=live_portal, bypass_csp=True, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        page.script_errors = []  # uncaught exceptions in the page's own scripts
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        return page

    yield _open
    for context in contexts:
        context.close()


def login(page, username, password=PASSWORD):
    page.goto("/nl/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")


def axe_violations(page):
    """Run axe-core (``AXE_TAGS``) in the page; return the violations."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }""",
        AXE_TAGS,
    )


def assert_accessible(page, label):
    violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    moderate = [v for v in violations if v["impact"] not in ("serious", "critical")]
    if moderate:
        print(f"[axe] {label}: moderate/minor: " + json.dumps(moderate, ensure_ascii=False))
    assert not serious, f"{label}: " + json.dumps(serious, indent=1, ensure_ascii=False)


def screenshot(page, name):
    """What a visitor sees first (one screen, not the whole page) in
    ``docs/screenshots/<name>.png``, for the README and for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")


FOCUS_STATE = """() => {
    // Into shadow DOM (Wagtail's userbar): the element that really has focus.
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName,
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
        ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== 'none',
        inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    };
}"""


def press_tab_until(page, is_target, limit=80):
    """Press Tab until ``is_target(state)``; every element on the way must show a
    focus ring and be scrolled into view. Returns the states seen."""
    return _tab(page, limit, is_target)


def tab_through(page, limit=150):
    """Press Tab from the top to the end of the page (or ``limit`` stops); every
    element on the way must show a focus ring and be scrolled into view."""
    return _tab(page, limit)


def _tab(page, limit, is_target=None):
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["tag"] == "BODY":
            if is_target is None:
                return seen  # focus left the page: every stop was seen
            continue
        assert state["ring"], f"no visible focus on {state} after {seen[-3:]}"
        assert state["inView"], f"focused element off screen: {state}"
        seen.append(state)
        if is_target is not None and is_target(state):
            return seen
    if is_target is not None:
        raise AssertionError(f"never reached the target; focus went through {seen}")
    return seen
