"""The dashboard: every item of every kind, the state of each language,
filters, counts and "my work".

A language of an item is in one freshness state — ``up-to-date``,
``outdated`` (the Portuguese changed since it was translated) or ``missing``
— and, when published, one provenance — ``machine-drafted`` or
``human-reviewed`` (by a person: written or checked). The Portuguese source
is ``up-to-date`` or ``missing``. Work in progress adds a workflow state —
``draft``, ``in-review`` or ``changes-requested`` — from the functions
registered with :func:`register_workflow` (the drafts module does).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..read.workspace import ItemState, item_states
from .access import can

FRESHNESS = ("up-to-date", "outdated", "missing")
PROVENANCE = ("machine-drafted", "human-reviewed")
WORKFLOW = ("draft", "in-review", "changes-requested")
STATES = FRESHNESS + PROVENANCE + WORKFLOW
STATE_NAMES = {
    "up-to-date": _l("up to date"),
    "outdated": _l("outdated"),
    "missing": _l("missing"),
    "machine-drafted": _l("machine-drafted"),
    "human-reviewed": _l("human-reviewed"),
    "draft": _l("draft"),
    "in-review": _l("in review"),
    "changes-requested": _l("changes requested"),
}
KIND_NAMES = {
    "guide": _l("Guide"),
    "glossary": _l("Glossary term"),
    "service": _l("Service point"),
    "programme": _l("Course programme"),
    "session": _l("Course session"),
}
# States that ask for someone's work.
TO_DO = frozenset({"outdated", "missing", "machine-drafted", "draft", "changes-requested"})
PAGE_SIZE = 50

# (kind, slug, lang) -> (state in WORKFLOW, author's account name or None)
WorkflowSource = Callable[[], dict[tuple[str, str, str], tuple[str, str | None]]]
_workflow_sources: list[WorkflowSource] = []
# (kind, slug, lang) -> URL of the page where that language is edited, or None
_edit_url: list[Callable[[str, str, str], str | None]] = []


def register_workflow(source: WorkflowSource) -> None:
    """Add the work-in-progress states of items (drafts, reviews)."""
    if source not in _workflow_sources:
        _workflow_sources.append(source)


def register_edit_url(builder: Callable[[str, str, str], str | None]) -> None:
    """Let the dashboard link each cell to the page that edits it."""
    _edit_url[:] = [builder]


def edit_url(kind: str, slug: str, lang: str) -> str | None:
    return _edit_url[0](kind, slug, lang) if _edit_url else None


@dataclass(slots=True)
class Cell:
    lang: str
    freshness: str
    provenance: str | None
    workflow: str | None
    author: str | None
    editable: bool

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(s for s in (self.freshness, self.provenance, self.workflow) if s)


@dataclass(slots=True)
class Row:
    item: ItemState
    cells: dict[str, Cell]  # by language; with "my work", only the cells that are


@dataclass
class Dashboard:
    rows: list[Row]  # this page's
    total: int  # rows matching the filters
    counts: dict[str, Counter]  # lang -> Counter(state)
    page: int
    pages: int
    langs: list[str]


def _workflow() -> dict:
    found: dict = {}
    for source in _workflow_sources:
        found.update(source())
    return found


def _editable(user) -> Callable[[ItemState, str], bool]:
    """``can(user, "edit", ...)`` for every cell, remembered per kind and
    language where the role's answer depends on nothing else."""
    known: dict = {}
    scoped_items = user.role in ("coordinator", "provider")

    def editable(item: ItemState, lang: str) -> bool:
        if scoped_items:
            if item.kind == "session":  # its scope is in its facts: no query per row
                return can(user, "edit", "session", None, lang, fields=item.facts or {})
            return can(user, "edit", item.kind, item.slug, lang)
        key = (item.kind, lang)
        if key not in known:
            known[key] = can(user, "edit", item.kind, item.slug, lang)
        return known[key]

    return editable


def _states(lang: str, state) -> tuple[str, str | None]:
    """(freshness, provenance) of one language of an item."""
    if state is None or not state.published:
        return "missing", None
    if lang == SOURCE_LANGUAGE:
        return "up-to-date", None
    return ("outdated" if state.outdated else "up-to-date",
            "machine-drafted" if state.method == "machine" else "human-reviewed")


def _cell(item: ItemState, lang: str, workflow: dict, editable) -> Cell:
    freshness, provenance = _states(lang, item.langs.get(lang))
    flow, author = workflow.get((item.kind, item.slug, lang), (None, None)) if workflow else (None, None)
    return Cell(lang, freshness, provenance, flow, author, editable(item, lang))


def _mine(cell: Cell, user) -> bool:
    """Is this cell the user's next work?

    Everyone: their own drafts and what was sent back to them. Reviewers and
    admins: what waits in review. Translators: their languages that are
    outdated, missing or machine-drafted. Coordinators and course
    providers: their entries' Portuguese (the facts) when not up to date.
    """
    if cell.workflow in ("draft", "changes-requested") and cell.author == user.username:
        return True
    if cell.workflow == "in-review":
        return can(user, "review", "", None)
    if not cell.editable or cell.workflow:
        return False
    if user.role == "translator":
        return bool(TO_DO.intersection(cell.states))
    if user.role in ("coordinator", "provider"):
        return cell.lang == SOURCE_LANGUAGE and cell.freshness != "up-to-date"
    return False


def build(user, kind: str = "", lang: str = "", state: str = "", query: str = "", mine: bool = False,
          page: int = 1) -> Dashboard:
    user = user._get_current_object() if hasattr(user, "_get_current_object") else user
    editable = _editable(user)
    langs = [lang] if lang in LANGUAGES else list(LANGUAGES)
    if user.role == "translator" and mine and not lang:
        langs = [code for code in LANGUAGES if code in user.scoped("languages")]
    workflow = _workflow()
    query = query.strip().lower()
    counts = {code: Counter() for code in langs}
    matching: list[Row] = []
    if not mine:
        # The common case, kept quick for thousands of items: the states of
        # each language come from a small table; cells are built only for
        # the page shown.
        table: dict = {}
        for item in item_states(langs):
            if kind and item.kind != kind:
                continue
            if query and query not in item.slug and query not in item.title.lower():
                continue
            found = []
            for code in langs:
                key = (code, item.langs.get(code))
                states = table.get(key)
                if states is None:
                    states = table[key] = tuple(s for s in _states(*key) if s)
                if workflow and (flow := workflow.get((item.kind, item.slug, code))):
                    states = (*states, flow[0])
                found.append(states)
            if state and not any(state in states for states in found):
                continue
            for code, states in zip(langs, found, strict=True):
                counter = counts[code]
                for name in states:
                    counter[name] += 1
            matching.append(item)
        pages = max(1, math.ceil(len(matching) / PAGE_SIZE))
        page = min(max(1, page), pages)
        shown = [Row(item, {code: _cell(item, code, workflow, editable) for code in langs})
                 for item in matching[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
        return Dashboard(shown, len(matching), counts, page, pages, langs)
    for item in item_states(langs):
        if kind and item.kind != kind:
            continue
        if query and query not in item.slug and query not in item.title.lower():
            continue
        cells = [_cell(item, code, workflow, editable) for code in langs]
        if mine:
            cells = [cell for cell in cells if _mine(cell, user)]
            if not cells:
                continue
        if state and not any(state in cell.states for cell in cells):
            continue
        for cell in cells:
            counts[cell.lang].update(cell.states)
        matching.append(Row(item, {cell.lang: cell for cell in cells}))
    pages = max(1, math.ceil(len(matching) / PAGE_SIZE))
    page = min(max(1, page), pages)
    shown = matching[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return Dashboard(shown, len(matching), counts, page, pages, langs)
