"""Publishes on one SQLite database run one after the other."""
import sqlite3
import threading

import pytest

from portal.content.publish import PublishBusy, publish
from portal.extensions import db
from portal.models import Revision


@pytest.fixture
def database(tmp_path):
    return tmp_path / "lock.sqlite3"


def test_a_publish_waits_for_the_lock_then_refuses_clearly(make_app, database, tree):
    app = make_app(f"sqlite:///{database}", PUBLISH_LOCK_TIMEOUT=0.3)
    tree.guide("tax-number")
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another publisher is writing
    try:
        with app.app_context(), pytest.raises(PublishBusy, match="another publish"):
            publish(tree.root)
        result = app.test_cli_runner().invoke(args=["content", "publish", "--root", str(tree.root)])
        assert result.exit_code == 1 and "another publish has been writing" in result.output
    finally:
        other.execute("ROLLBACK")
        other.close()
    with app.app_context():
        assert publish(tree.root).published


def test_two_publishes_at_once_both_succeed_one_after_the_other(make_app, database, tree):
    app = make_app(f"sqlite:///{database}")
    for number in range(30):
        tree.guide(f"guide-{number}")
    start, outcomes = threading.Barrier(2), []

    def publisher():
        with app.app_context():
            start.wait()
            try:
                result = publish(tree.root)
                outcomes.append(result.counts["pt"]["added"])
            except Exception as exc:  # the failure before serialising: UNIQUE constraint
                outcomes.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=publisher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes, key=str) == [0, 30]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Revision.id))).scalar() == 30
