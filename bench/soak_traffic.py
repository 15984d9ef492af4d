"""The soak's virtual users: threads with ``requests`` sessions, through nginx over HTTPS
(the stack's self-signed certificate verified). Every response is recorded and scanned
for every space's secret marker: a marker reaching someone who may not see it is a
leak. Used by ``bench/soak.py``."""

import hashlib
import random
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

MARKER_RE = re.compile(r"SOAK-\d+-[0-9a-f]{10}")
TAG_RE = re.compile(r"<[^>]*>")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FRIENDLY_503 = "even niet beschikbaar"
THINK = (0.15, 0.4)
# The stream fields of kennisbank.MethodPage, left empty by the editor.
STREAM_FIELDS = ("body", "easy_read")  # seconds between two requests of one virtual user


@dataclass
class Record:
    actor: str
    action: str
    start: float
    end: float
    ok: bool
    status: int = 0
    problem: str = ""


@dataclass
class Recorder:
    records: list = field(default_factory=list)
    leaks: list = field(default_factory=list)
    uploads: list = field(default_factory=list)  # dicts: token, name, sha256, acked, status
    publishes: list = field(default_factory=list)  # dicts: token, slug, acked, seen_after
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record):
        with self.lock:
            self.records.append(record)

    def leak(self, text):
        with self.lock:
            self.leaks.append(text)


class Client:
    """One browser of one actor."""

    def __init__(self, base, cert, recorder, actor, allowed=frozenset()):
        import requests

        self.base, self.recorder, self.actor = base, recorder, actor
        self.allowed = set(allowed)  # markers this actor may receive right now
        self.http = requests.Session()
        self.http.verify = cert
        self.http.trust_env = False  # loopback only; ignore proxies and CA bundles

    def _scan(self, response, action):
        text = response.text if "text" in response.headers.get("Content-Type", "") else ""
        if not text and response.content[:4096].isascii():
            text = response.content.decode("ascii", "replace")
        found = set(MARKER_RE.findall(text)) | set(MARKER_RE.findall(TAG_RE.sub("", text)))
        for marker in found - self.allowed:
            self.recorder.leak(f"{self.actor} received {marker} ({action} {response.url})")

    def request(self, action, method, path, expect=(200,), contains=None, **kwargs):
        kwargs.setdefault("timeout", 60)
        kwargs.setdefault("allow_redirects", False)
        start = time.monotonic()
        try:
            response = self.http.request(method, self.base + path, **kwargs)
        except Exception as error:
            self.recorder.add(
                Record(self.actor, action, start, time.monotonic(), False, 0, type(error).__name__)
            )
            return None
        end = time.monotonic()
        self._scan(response, action)
        ok, problem = _judge(response, expect, contains)
        self.recorder.add(Record(self.actor, action, start, end, ok, response.status_code, problem))
        return response

    def csrf(self, action, path):
        response = self.request(action, "GET", path)
        match = CSRF_RE.search(response.text) if response is not None else None
        return match.group(1) if match else None

    def post_form(self, action, path, data, expect=(302,), **kwargs):
        token = self.csrf(action, path)
        if token is None:
            return None
        headers = {"Referer": self.base + path}
        data = {"csrfmiddlewaretoken": token, **data}
        return self.request(action, "POST", path, expect, data=data, headers=headers, **kwargs)

    def login(self, account):
        self.http.cookies.clear()
        response = self.post_form(
            "login", "/nl/accounts/login/", {k: account[k] for k in ("username", "password")}
        )
        return response is not None and response.status_code == 302


def _judge(response, expect, contains):
    status = response.status_code
    if status == 503:
        friendly = FRIENDLY_503 in response.text.lower()
        return False, "friendly 503" if friendly else "503 without the friendly page"
    if status not in expect:
        where = response.headers.get("Location", "")
        return False, f"status {status}" + (f" to {where}" if where else "")
    if contains and contains not in response.text:
        return False, "expected content missing"
    return True, ""


def _pause(rng):
    time.sleep(rng.uniform(*THINK))


# --- The actors -------------------------------------------------------------------------


def anonymous(client, plan, rng, stop):
    while not stop.is_set():
        roll = rng.random()
        if roll < 0.8:
            client.request("anonymous page", "GET", rng.choice(plan["public_urls"]))
        elif roll < 0.9:
            client.request("static file", "GET", "/static/portal/css/portal.css")
        else:
            # The private folder is never served directly, whatever the path.
            path = "/_private/" + plan["members"][0]["document_url"].rsplit("/", 1)[1]
            client.request("private folder", "GET", path, expect=(404,))
        _pause(rng)


def partner(client, plan, rng, stop):
    client.login(plan["partner"])
    while not stop.is_set():
        if rng.random() < 0.5:
            words = plan["search_words"]
            client.request("search", "GET", f"/nl/zoeken/?q={rng.choice(words)}")
        else:
            # Someone's secret by its random part: a partner must find nothing.
            secret = rng.choice(plan["members"])["marker"].rsplit("-", 1)[1]
            client.request("search", "GET", f"/nl/zoeken/?q={secret}")
        _pause(rng)


def member(number):
    def run(client, plan, rng, stop):
        account = plan["members"][number]
        others = [m for m in plan["members"] if m is not account]
        client.login(account)
        turn = 0
        while not stop.is_set():
            turn += 1
            roll = rng.random()
            if turn % 4 == 0:
                upload(client, account, rng)
            elif roll < 0.4:
                client.request("own space", "GET", account["space_url"], contains=account["marker"])
            elif roll < 0.75:
                client.request(
                    "download", "GET", account["document_url"], contains=account["marker"]
                )
            else:
                other = rng.choice(others)["document_url"]
                client.request("other's document", "GET", other, expect=(302, 403, 404))
            _pause(rng)

    return run


def upload(client, account, rng):
    token = secrets.token_hex(8)
    name = f"nota-{token}.txt"
    body = (f"Nota {token} van de werkgroep. {account['marker']}\n" * rng.randint(1, 400)).encode()
    entry = {
        "token": token,
        "name": name,
        "sha256": hashlib.sha256(body).hexdigest(),
        "acked": False,
        "status": 0,
    }
    response = client.post_form(
        "upload",
        account["upload_url"],
        {"title": "", "description": "", "tags": ""},
        files={"files": (name, body, "text/plain")},
    )
    if response is not None:
        entry["status"] = response.status_code
        entry["acked"] = response.status_code == 302
    entry["at"] = time.monotonic()
    with client.recorder.lock:
        client.recorder.uploads.append(entry)


def lead_and_guest(lead, guest, plan, rng, stop):
    """A lead adds the guest to the space and removes them again; in between the
    guest must see the space, before and after never."""
    space = plan["members"][0]
    lead.login(space)
    guest.login(plan["guest"])
    guest.user_id = plan["guest"]["id"]
    while not stop.is_set():
        added = lead.post_form(
            "membership", space["members_url"], {"identifier": plan["guest"]["username"]}
        )
        if added is not None and added.status_code == 302:
            guest.allowed = {space["marker"]}
            guest.request("guest in space", "GET", space["space_url"], contains=space["marker"])
            while not _remove_guest(lead, guest, space) and not stop.is_set():
                _pause(rng)
            _pause(rng)
            guest.request("guest outside", "GET", space["space_url"], expect=(302, 403, 404))
        _pause(rng)


def _remove_guest(lead, guest, space):
    user_id = guest.user_id
    response = lead.post_form(
        "membership", space["members_url"], {"action": "remove", "user": user_id or ""}
    )
    if response is not None and response.status_code == 302:
        guest.allowed = set()
        return True
    return False


def outsider(client, plan, rng, stop):
    client.login(plan["outsider"])
    while not stop.is_set():
        space = rng.choice(plan["members"])
        if rng.random() < 0.5:
            client.request("outsider space", "GET", space["space_url"], expect=(302, 403, 404))
        else:
            client.request("outsider document", "GET", space["document_url"], (302, 403, 404))
        _pause(rng)


# --- The editor -------------------------------------------------------------------------


class FormParser(HTMLParser):
    """The fields of a Wagtail edit form as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("radio", "range", "submit"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append(tuple(self._textarea))
            self._textarea = None


def publish_through_admin(client, plan):
    """Create and publish a method page through Wagtail's admin form; returns its entry."""
    token = secrets.token_hex(6)
    path = f"/admin/pages/add/kennisbank/methodpage/{plan['kennisbank_id']}/"
    entry = {"token": token, "slug": f"soak-{token}", "acked": False, "at": time.monotonic()}
    form = client.request("publish", "GET", path)
    if form is None or form.status_code != 200:
        return entry
    parser = FormParser()
    parser.feed(form.text)
    replace = {"title", "slug", "lead", "action-publish"}
    data = [(k, v) for k, v in parser.data if k not in replace]
    # Stream fields are built by the admin's JavaScript: an empty one is a count of 0.
    data += [(f"{name}-count", "0") for name in STREAM_FIELDS]
    data += [
        ("title", f"Soakmethode {token}"),
        ("slug", entry["slug"]),
        ("lead", f"Gepubliceerd tijdens de soaktest ({token})."),
        ("action-publish", "action-publish"),
    ]
    headers = {"Referer": client.base + path}
    response = client.request("publish", "POST", path, (302,), data=data, headers=headers)
    entry["acked"] = response is not None and response.status_code == 302
    entry["at"] = time.monotonic()
    return entry


def editor(client, plan, rng, stop, seen_through_apps, every=8.0):
    client.login(plan["editor"])
    while not stop.wait(every):
        entry = publish_through_admin(client, plan)
        if entry["acked"]:
            entry["seen_after"] = seen_through_apps(entry)
        with client.recorder.lock:
            client.recorder.publishes.append(entry)


def start_actors(base, cert, plan, recorder, stop, seen_through_apps, seed=7):
    """All virtual users as daemon threads; returns the threads."""

    def client(actor, allowed=()):
        return Client(base, cert, recorder, actor, allowed)

    jobs = [
        (anonymous, client("anonymous")),
        (anonymous, client("anonymous")),
        (partner, client("partner")),
        (outsider, client("outsider")),
    ]
    for number, account in enumerate(plan["members"]):
        jobs.append((member(number), client(account["username"], {account["marker"]})))
    space0 = plan["members"][0]
    lead = client("lead", {space0["marker"]})
    guest = client("guest")
    threads = [
        threading.Thread(
            target=job, args=(c, plan, random.Random(seed + n), stop), daemon=True, name=c.actor
        )
        for n, (job, c) in enumerate(jobs)
    ]
    threads.append(
        threading.Thread(
            target=lead_and_guest,
            args=(lead, guest, plan, random.Random(seed - 1), stop),
            daemon=True,
        )
    )
    threads.append(
        threading.Thread(
            target=editor,
            args=(client("editor"), plan, random.Random(seed - 2), stop, seen_through_apps),
            daemon=True,
        )
    )
    for thread in threads:
        thread.start()
    return threads
