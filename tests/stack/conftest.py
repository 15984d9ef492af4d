"""Fixtures of the stack tests: real redis-server and nginx binaries (Debian's; the
Makefile's stack-deps installs them), on free loopback ports in folders of their own."""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.werkgroepen.conftest import index_page, member, other_member, other_space, space  # noqa: F401


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def need(binary):
    found = shutil.which(binary) or shutil.which(binary, path="/usr/sbin:/usr/bin")
    if not found:
        pytest.skip(f"{binary} is not installed (make stack-deps installs Debian's)")
    return found


@pytest.fixture
def open_folder():
    """A folder nginx's unprivileged workers can read (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="portal-stack-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def redis_port(open_folder):
    port = free_port()
    process = subprocess.Popen(
        [need("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(open_folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
