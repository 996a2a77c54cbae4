"""Throughput under gunicorn (2 workers) of our pages and API against a bare
Flask view returning the same bytes, side by side, measured with wrk."""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from common import BIN, ROOT, flask, free_port, scratch, start, stop

DURATION = os.environ.get("BENCH_SECONDS", "5")
TARGETS = {
    "home": ("/ar/", 0.70),
    "guide": ("/ar/guides/tax-number-nif", 0.70),
    "api_list": ("/api/v1/guides?lang=ar", 0.60),
    "api_detail": ("/api/v1/guides/tax-number-nif?lang=ar", 0.60),
}


def wrk(url: str) -> float:
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{DURATION}s", "-H", "Accept-Encoding: br", url],
        check=True, capture_output=True, text=True,
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> list[str]:
    env = scratch()
    flask(env, "content", "publish")
    bodies = Path(tempfile.mkdtemp(prefix="acolher-bare-"))
    os.environ.update({k: v for k, v in env.items() if k != "FLASK_APP"})
    from portal import create_app

    client = create_app().test_client()
    for name, (path, _) in TARGETS.items():
        response = client.get(path, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
        (bodies / f"{name}.body").write_bytes(response.get_data())
        (bodies / f"{name}.type").write_text(response.mimetype)
    portal_port, bare_port = free_port(), free_port()
    gunicorn = [str(BIN / "gunicorn"), "-w", "2", "--log-level", "warning"]
    portal = start([*gunicorn, "-b", f"127.0.0.1:{portal_port}", "wsgi:app"], env, portal_port)
    bare = start([*gunicorn, "-b", f"127.0.0.1:{bare_port}", "--chdir", str(ROOT / "bench"), "bare:app"],
                 {**env, "BARE_BODIES": str(bodies)}, bare_port)
    lines = [f"Throughput under gunicorn -w 2, wrk -t2 -c16 -d{DURATION}s, Brotli (requests/s):",
             f"{'target':<12}{'Acolher':>10}{'bare':>10}{'ratio':>8}  goal"]
    try:
        for name, (path, goal) in TARGETS.items():
            wrk(f"http://127.0.0.1:{portal_port}{path}")  # warm the caches
            ours = wrk(f"http://127.0.0.1:{portal_port}{path}")
            ceiling = wrk(f"http://127.0.0.1:{bare_port}/{name}")
            ratio = ours / ceiling
            lines.append(f"{name:<12}{ours:>10.0f}{ceiling:>10.0f}{ratio:>8.0%}  >= {goal:.0%} "
                         + ("met" if ratio >= goal else "NOT met"))
    finally:
        stop(portal)
        stop(bare)
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
