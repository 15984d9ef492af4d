#!/usr/bin/env python
"""The production set-up on one machine, on loopback ports, in one folder.

    python deploy/stack.py start [--dir DIR] [--port 8443]   # make stack
    python deploy/stack.py stop [--dir DIR]                  # make stack-stop
    python deploy/stack.py status [--dir DIR]

``start`` makes DIR and starts, each as its own process group with a pid file in
``DIR/pids/``: PostgreSQL, Redis, two gunicorn app servers with the production
settings (``deploy/gunicorn.conf.py``), ``manage.py db_worker`` and nginx terminating
HTTPS with a self-signed certificate (``deploy/nginx.conf``, the file the docs show).
It migrates, loads the demo, collects the static files and prints the address.
Elasticsearch joins when ``ELASTICSEARCH_URL`` is set (an index of the stack's own).
``stop`` stops every process by its pid file and removes DIR. ``bench/soak.py`` drives
the same class, and stops and starts single parts to inject faults.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
PYTHON = sys.executable
DEFAULT_DIR = Path(os.environ.get("TMPDIR", "/tmp")) / "netwerkportaal-stack"
# Stop order: the front first, the database last.
PARTS = ("nginx", "app1", "app2", "worker", "redis", "postgres")
APPS = ("app1", "app2")


def log(message):
    print(f"[stack] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def alive(pid):
    """Whether ``pid`` runs (a zombie waiting for its parent does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {seconds:g} s")
        time.sleep(0.2)


def pg_bin():
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists():
            return folder
    raise SystemExit("no PostgreSQL found: run `make stack-deps` (Debian's postgresql)")


def binary(name):
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not found:
        raise SystemExit(f"no {name} found: run `make stack-deps`")
    return found


class Stack:
    """One stack in ``folder``: its ports and secrets in ``stack.json``."""

    def __init__(self, folder):
        self.dir = Path(folder).resolve()
        self.state_path = self.dir / "stack.json"
        self.state = json.loads(self.state_path.read_text()) if self.state_path.exists() else {}
        self.processes = {}  # Popen objects of the parts this process started

    # --- paths and state -------------------------------------------------------------

    def path(self, *parts):
        return self.dir.joinpath(*parts)

    @property
    def url(self):
        return f"https://localhost:{self.state['ports']['https']}"

    @property
    def cert(self):
        return str(self.path("tls", "cert.pem"))

    def app_url(self, name):
        return f"http://127.0.0.1:{self.state['ports'][name]}"

    def save(self):
        self.state_path.write_text(json.dumps(self.state, indent=2))
        self.state_path.chmod(0o600)

    def pid(self, name):
        try:
            return int(self.path("pids", f"{name}.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def running(self, name):
        pid = self.pid(name)
        return pid is not None and alive(pid)

    # --- environment ----------------------------------------------------------------

    def prepare(self, https_port=0):
        """Make the folder, choose the ports, make the secrets and the certificate."""
        if self.state_path.exists():
            raise SystemExit(f"{self.dir} holds a stack already: `make stack-stop` first")
        for sub in ("pids", "logs", "tls", "media", "private", "static", "mail", "redis"):
            self.path(sub).mkdir(parents=True, exist_ok=True)
        self.dir.chmod(0o755)  # nginx's workers read static, media and private files
        ports = {name: free_port() for name in ("postgres", "redis", "app1", "app2")}
        ports["https"] = https_port or free_port()
        self.state = {"ports": ports, "env": self._environment(ports)}
        self.save()
        self._certificate()

    def _environment(self, ports):
        host = f"127.0.0.1:{ports['https']}"
        env = {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "BACKUP_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"https://{host},https://localhost:{ports['https']}",
            "WAGTAILADMIN_BASE_URL": f"https://{host}",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{ports['postgres']}/portal",
            "CACHE_URL": f"redis://127.0.0.1:{ports['redis']}/1",
            "MEDIA_ROOT": str(self.path("media")),
            "PRIVATE_MEDIA_ROOT": str(self.path("private")),
            "STATIC_ROOT": str(self.path("static")),
            "PORTAL_CACHE_DIR": str(self.path("cache")),
            "EMAIL_URL": f"filemail:///{self.path('mail')}",
            # nginx sends documents after the app's check (deploy/nginx.conf).
            "PORTAL_X_ACCEL_REDIRECT_PREFIX": "/_private/",
            "PROXY_COUNT": "1",
            # HSTS would stick to "localhost" in the browser that tries the stack.
            "SECURE_HSTS_SECONDS": "0",
            # The soak's virtual users log in with a password only: they have no
            # second factor. A real production set-up leaves this on.
            "PORTAL_REQUIRE_2FA": "false",
            # The soak logs in thousands of times from one address.
            "AXES_FAILURE_LIMIT": "100000",
            # Spoken recordings cost seconds of CPU per publish; the stack proves the
            # set-up, not espeak-ng. Set STACK_READ_ALOUD=1 to have them.
            "PORTAL_READ_ALOUD_RECORDINGS": os.environ.get("STACK_READ_ALOUD", "0"),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        if os.environ.get("ELASTICSEARCH_URL"):
            env.update(
                {
                    "SEARCH_BACKEND": "elasticsearch",
                    "ELASTICSEARCH_URL": os.environ["ELASTICSEARCH_URL"],
                    "ELASTICSEARCH_INDEX": f"netwerkportaal-stack-{secrets.token_hex(4)}",
                }
            )
        return env

    def env(self, **extra):
        base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
        return {**base, **self.state["env"], **extra}

    def _certificate(self):
        subprocess.run(
            [
                binary("openssl"),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                str(self.path("tls", "key.pem")),
                "-out",
                self.cert,
            ],
            check=True,
            capture_output=True,
        )

    # --- processes ------------------------------------------------------------------

    def spawn(self, name, argv, env=None):
        """Start ``argv`` as a process group of its own, logging to logs/<name>.log."""
        with open(self.path("logs", f"{name}.log"), "ab") as out:
            process = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env or self.env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        self.path("pids", f"{name}.pid").write_text(f"{process.pid}\n")
        return process

    def signal(self, name, sig):
        pid = self.pid(name)
        if pid is not None and alive(pid):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                return
            except PermissionError:
                os.kill(pid, sig)

    def _reap(self, name):
        process = self.processes.pop(name, None)
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)

    def kill(self, name):
        """kill -9 of the part's whole process group (a crash)."""
        self.signal(name, signal.SIGKILL)
        pid = self.pid(name)
        self._reap(name)
        if pid:
            wait_until(lambda: not alive(pid), 10, f"{name} to die")

    def stop(self, name, seconds=30):
        if name == "postgres":
            return self.stop_postgres()
        pid = self.pid(name)
        if pid is None:
            return None
        self.signal(name, signal.SIGTERM)
        try:
            wait_until(lambda: not alive(pid), seconds, f"{name} to stop")
        except RuntimeError:
            self.signal(name, signal.SIGKILL)
        self._reap(name)
        self.path("pids", f"{name}.pid").unlink(missing_ok=True)
        return None

    def start(self, name):
        getattr(self, f"start_{name[:3] if name in APPS else name}")(name)

    # PostgreSQL ---------------------------------------------------------------------

    def _as_postgres(self):
        """PostgreSQL refuses to run as root: then as the "postgres" user."""
        if os.getuid() != 0:
            return []
        if subprocess.run(["id", "postgres"], capture_output=True).returncode:
            subprocess.run(
                ["useradd", "--system", "--home-dir", "/nonexistent", "--shell",
                 "/usr/sbin/nologin", "postgres"],
                check=True,
            )  # fmt: skip
        return ["runuser", "-u", "postgres", "--"]

    def _pg_ctl(self, *args, check=True):
        data = self.path("postgres", "data")
        return subprocess.run(
            [*self._as_postgres(), str(pg_bin() / "pg_ctl"), "-D", str(data), *args],
            check=check,
            capture_output=True,
            text=True,
        )

    def init_postgres(self):
        folder = self.path("postgres")
        folder.mkdir(exist_ok=True)
        if os.getuid() == 0:
            self._as_postgres()
            shutil.chown(folder, "postgres")
        subprocess.run(
            [*self._as_postgres(), str(pg_bin() / "initdb"), "-D", str(folder / "data"),
             "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def start_postgres(self, name="postgres"):
        port = self.state["ports"]["postgres"]
        options = f"-p {port} -k {self.path('postgres')} -c listen_addresses=127.0.0.1"
        logfile = self.path("postgres", "server.log")
        self._pg_ctl("-l", str(logfile), "-w", "-t", "60", "-o", options, "start")
        pid = self.path("postgres", "data", "postmaster.pid").read_text().split()[0]
        self.path("pids", "postgres.pid").write_text(f"{pid}\n")

    def stop_postgres(self):
        if self.running("postgres"):
            done = self._pg_ctl("-m", "fast", "-w", "-t", "60", "stop", check=False)
            if done.returncode and self.running("postgres"):
                self.signal("postgres", signal.SIGKILL)
        self.path("pids", "postgres.pid").unlink(missing_ok=True)

    def create_database(self):
        import psycopg

        port = self.state["ports"]["postgres"]
        url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE portal")

    # Redis, the app servers, the worker ----------------------------------------------

    def start_redis(self, name="redis"):
        port = self.state["ports"]["redis"]
        argv = [binary("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.path("redis")),
                "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]  # fmt: skip
        self.spawn("redis", argv)
        wait_until(lambda: port_open(port), 20, "Redis to listen")

    def start_app(self, name):
        port = self.state["ports"][name]
        env = self.env(GUNICORN_BIND=f"127.0.0.1:{port}")
        argv = [str(BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "portal.wsgi"]
        process = self.spawn(name, argv, env)
        self.wait_for_app(name, process)

    def wait_for_app(self, name, process=None, seconds=90):
        def answers():
            if process is not None and process.poll() is not None:
                tail = self.path("logs", f"{name}.log").read_text()[-3000:]
                raise RuntimeError(f"{name} stopped at start:\n{tail}")
            return app_answers(self.app_url(name))

        wait_until(answers, seconds, f"{name} to answer")

    def start_worker(self, name="worker"):
        self.spawn("worker", [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "-v", "1"])

    # nginx --------------------------------------------------------------------------

    def nginx_site(self):
        """deploy/nginx.conf with the stack's values for its ${PORTAL_...} names."""
        ports = self.state["ports"]
        values = {
            "PORTAL_APP1_PORT": ports["app1"],
            "PORTAL_APP2_PORT": ports["app2"],
            "PORTAL_LISTEN": f"127.0.0.1:{ports['https']}",
            "PORTAL_SERVER_NAME": "localhost 127.0.0.1",
            "PORTAL_TLS_CERT": self.cert,
            "PORTAL_TLS_KEY": self.path("tls", "key.pem"),
            "PORTAL_STATIC_ROOT": self.path("static"),
            "PORTAL_MEDIA_ROOT": self.path("media"),
            "PORTAL_PRIVATE_MEDIA_ROOT": self.path("private"),
            "PORTAL_PROXY_PARAMS": DEPLOY / "proxy_params.conf",
        }
        return render_nginx_template((DEPLOY / "nginx.conf").read_text(), values)

    def write_nginx_config(self):
        folder = self.path("nginx")
        (folder / "tmp").mkdir(parents=True, exist_ok=True)
        (folder / "portal.conf").write_text(self.nginx_site())
        user = ""
        if os.getuid() == 0:
            # Workers as nobody, as Debian's www-data would be: they only read.
            user = "user nobody nogroup;"
            shutil.chown(folder / "tmp", "nobody")
        (folder / "nginx.conf").write_text(
            NGINX_MAIN.format(
                user=user,
                dir=folder,
                logs=self.path("logs"),
                mime=Path("/etc/nginx/mime.types") if Path("/etc/nginx/mime.types").exists()
                else DEPLOY / "mime.types",
            )
        )  # fmt: skip

    def start_nginx(self, name="nginx"):
        conf = self.path("nginx", "nginx.conf")
        argv = [binary("nginx"), "-c", str(conf), "-p", str(self.path("nginx"))]
        test = subprocess.run([*argv, "-t"], capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx refuses its configuration:\n{test.stderr}")
        self.spawn("nginx", argv)
        wait_until(lambda: port_open(self.state["ports"]["https"]), 20, "nginx to listen")

    # --- the whole stack ---------------------------------------------------------------

    def manage(self, *args, env=None):
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env or self.env(),
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def up(self, https_port=0, demo=True):
        self.prepare(https_port)
        log(f"folder {self.dir}")
        log("PostgreSQL")
        self.init_postgres()
        self.start_postgres()
        self.create_database()
        log("Redis")
        self.start_redis()
        log("migrate")
        self.manage("migrate", "--noinput", "-v0")
        if demo:
            log("load_demo (the demo accounts are refused under production settings:")
            log("  loaded once with the development settings, DEBUG off)")
            self.manage("load_demo", env=self.env(DJANGO_SETTINGS_MODULE="portal.settings.dev",
                                                  DEBUG="0"))  # fmt: skip
        if self.state["env"].get("SEARCH_BACKEND") == "elasticsearch":
            log("rebuild_search (Elasticsearch)")
            self.manage("rebuild_search")
        log("collectstatic")
        self.manage("collectstatic", "--noinput", "-v0")
        for name in APPS:
            log(f"gunicorn {name}")
            self.start_app(name)
        log("db_worker")
        self.start_worker()
        log("nginx")
        self.write_nginx_config()
        self.start_nginx()

    def down(self, keep=False):
        for name in PARTS:
            self.stop(name)
        if self.state.get("env", {}).get("SEARCH_BACKEND") == "elasticsearch":
            drop_elasticsearch_index(self.state["env"])
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def status(self):
        return {name: (self.pid(name), self.running(name)) for name in PARTS}


NGINX_MAIN = """daemon off;
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {logs}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include {mime};
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    access_log {logs}/nginx-access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    include {dir}/portal.conf;
}}
"""


PLACEHOLDER = re.compile(r"\$\{(PORTAL_[A-Z0-9_]+)\}")


def render_nginx_template(text, values):
    """``text`` with each ${PORTAL_NAME} replaced; nginx's own $variables stay."""

    def value(match):
        if match.group(1) not in values:
            raise KeyError(f"deploy/nginx.conf: no value for {match.group(1)}")
        return str(values[match.group(1)])

    return PLACEHOLDER.sub(value, text)


def app_answers(base):
    """An app server answers (any status but a gateway error) over plain HTTP."""
    request = urllib.request.Request(
        base + "/nl/", headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    )
    try:
        urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def drop_elasticsearch_index(env):
    url = env["ELASTICSEARCH_URL"].rstrip("/") + "/" + env["ELASTICSEARCH_INDEX"] + "*"
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=10)
    except OSError as error:
        log(f"could not remove the Elasticsearch index: {error}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--dir", default=os.environ.get("STACK_DIR") or DEFAULT_DIR)
    parser.add_argument("--port", type=int, default=0, help="HTTPS port (default: a free one)")
    parser.add_argument("--keep", action="store_true", help="stop: keep the folder")
    args = parser.parse_args(argv)
    stack = Stack(args.dir)
    if args.command == "stop":
        if not stack.state:
            log(f"no stack in {stack.dir}")
            return 0
        stack.down(keep=args.keep)
        log("stopped")
        return 0
    if args.command == "status":
        for name, (pid, running) in stack.status().items():
            print(f"{name:9} {pid or '-':>8} {'running' if running else 'stopped'}")
        return 0
    try:
        stack.up(args.port)
    except BaseException:
        log("start failed: stopping what was started")
        stack.down(keep=True)
        raise
    print(
        f"\n  Netwerkportaal (production set-up): {stack.url}/\n"
        f"  Certificate (self-signed): {stack.cert}\n"
        f"  Demo accounts, password 'portaal-demo': coordinator, redacteur, vertaler,\n"
        f"  partner, trekker, lid, buitenstaander\n"
        f"  Logs: {stack.path('logs')}/   Stop: make stack-stop\n"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
