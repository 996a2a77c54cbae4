"""Shared helpers for the benchmarks: a scratch database with the starter
content published, and servers started and stopped as real processes."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def scratch(content: Path | None = None) -> dict:
    """An environment with its own SQLite database and published content."""
    base = Path(tempfile.mkdtemp(prefix="acolher-bench-"))
    target = base / "content"
    shutil.copytree(content or ROOT / "content", target)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{base / 'bench.sqlite3'}",
        "FLASK_CONTENT_DIR": str(target),
        "FLASK_ASSET_BUILD_DIR": str(base / "static"),
        "ACOLHER_INSTANCE_PATH": str(base / "instance"),
        "SECRET_KEY": "bench",
        "SESSION_COOKIE_SECURE": "0",
        "FLASK_APP": "wsgi",
    }
    flask(env, "db", "upgrade")
    return env


def flask(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "flask"), *args], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def start(cmd: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"
