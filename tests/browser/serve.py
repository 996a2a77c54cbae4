"""Serve the portal for browser tests: ``python serve.py PORT`` (config from env)."""
import sys

from werkzeug.serving import make_server

from portal import create_app

if __name__ == "__main__":
    app = create_app({"SESSION_COOKIE_SECURE": False})
    server = make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True)
    print("ready", flush=True)
    server.serve_forever()
