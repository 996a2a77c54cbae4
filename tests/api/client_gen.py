"""Generate a Python client from the live OpenAPI document with
openapi-python-client, as a partner developer would."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PACKAGE = "acolher_client"
CONFIG = f"package_name_override: {PACKAGE}\nproject_name_override: acolher-client\npost_hooks: []\n"


def generate(spec: dict, where: Path) -> Path:
    """Write the client package into ``where`` and return the directory to
    put on ``sys.path``."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "openapi.json").write_text(json.dumps(spec), encoding="utf-8")
    (where / "config.yaml").write_text(CONFIG, encoding="utf-8")
    tool = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [str(tool), "generate", "--path", str(where / "openapi.json"), "--meta", "none",
         "--config", str(where / "config.yaml"), "--output-path", str(where / "src" / PACKAGE)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    return where / "src"
