"""A bare Flask app that answers with fixed bytes: the ceiling our pages are
compared with. ``BARE_BODIES`` names a folder of <name>.body/<name>.type files."""
import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
folder = Path(os.environ["BARE_BODIES"])
bodies = {
    path.stem: (path.read_bytes(), path.with_suffix(".type").read_text())
    for path in folder.glob("*.body")
}


@app.get("/<name>")
def fixed(name):
    body, mimetype = bodies[name]
    return Response(body, mimetype=mimetype, headers={"Content-Encoding": "br"})
