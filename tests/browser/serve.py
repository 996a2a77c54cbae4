"""Serve the portal for browser tests: ``python -m tests.browser.serve PORT``.

Configuration comes from the environment, like production. For fault tests,
a wrapper can log every request, slow some paths down or make them fail:
ACOLHER_TEST_LOG=file, ACOLHER_TEST_DELAY="regex=seconds", ACOLHER_TEST_FAIL=regex.
"""
import os
import re
import sys
import time

from werkzeug.serving import WSGIRequestHandler, make_server

from portal import create_app


class FaultInjection:
    def __init__(self, app, log, delay, fail):
        self.app, self.log = app, log
        self.delay = None
        if delay:
            pattern, seconds = delay.rsplit("=", 1)
            self.delay = (re.compile(pattern), float(seconds))
        self.fail = re.compile(fail) if fail else None

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if self.log:
            with open(self.log, "a", encoding="utf-8") as handle:
                handle.write(f"{environ['REQUEST_METHOD']} {path}\n")
        if self.delay and self.delay[0].search(path):
            time.sleep(self.delay[1])
        if self.fail and self.fail.search(path):
            start_response("404 NOT FOUND", [("Content-Type", "text/plain")])
            return [b"gone"]
        return self.app(environ, start_response)


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


if __name__ == "__main__":
    app = create_app({"SESSION_COOKIE_SECURE": False})
    wsgi = FaultInjection(app, os.environ.get("ACOLHER_TEST_LOG"),
                          os.environ.get("ACOLHER_TEST_DELAY"), os.environ.get("ACOLHER_TEST_FAIL"))
    server = make_server("127.0.0.1", int(sys.argv[1]), wsgi, threaded=True, request_handler=QuietHandler)
    print("ready", flush=True)
    server.serve_forever()
