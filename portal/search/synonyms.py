"""Synonyms and acronyms kept by editors, one file per language:
``content/synonyms/<lang>.yaml``, a list of groups of words and phrases
that a reader may type for the same thing::

    - [NIF, número de identificação fiscal, número de contribuinte]

They are checked by ``flask content check`` and written by ``publish`` in
its transaction, with the rest of the content. Glossary terms are synonyms
without being listed: a term's Portuguese name, its other forms and its name
in the reader's language form a group (:func:`glossary_groups`).

Synonyms are applied when documents are indexed, not when queries are read:
a document whose title or terms name one member of a group is also found
by the others. The offline index is built from the same documents, so the
device needs no synonym list of its own.
"""
from __future__ import annotations

import hashlib
import json

from ..i18n import LANGUAGES
from .normalise import index_text

FOLDER = "synonyms"
MAX_GROUPS = 2000
MAX_MEMBER = 100


def load(content) -> None:
    """Read and check every synonyms file into ``content.synonyms``
    (lang -> (hash, groups)); problems go to ``content.problems``."""
    from ..content.loader import Problem, _field_lines, _usable_folder, load_yaml, read_text

    folder = content.root / FOLDER
    if not _usable_folder(content, folder):
        return
    for path in sorted(folder.iterdir()):
        shown = path.relative_to(content.root).as_posix()
        lang = path.name.removesuffix(".yaml")
        if not path.name.endswith(".yaml") or lang not in LANGUAGES:
            content.problems.append(Problem(
                shown, 1, "file", f"unexpected file: synonyms files are named <language>.yaml, "
                f"one of {', '.join(LANGUAGES)}"))
            continue
        text = read_text(path, content.root, shown, content.problems)
        if text is None:
            continue
        ok, data = load_yaml(text, shown, "synonyms", 1, content.problems)
        if not ok:
            continue
        groups = _check(data, text, shown, content.problems, Problem, _field_lines)
        if groups is not None:
            digest = hashlib.sha256(json.dumps(groups, ensure_ascii=False).encode()).hexdigest()[:16]
            content.synonyms[lang] = (digest, groups)


def _check(data, text, shown, problems, Problem, field_lines) -> list[list[str]] | None:
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(shown, 1, "synonyms", "must be a list of groups, each a list like [NIF, tax number]"))
        return None
    if len(data) > MAX_GROUPS:
        problems.append(Problem(shown, 1, "synonyms", f"too many groups ({len(data)}); the limit is {MAX_GROUPS}"))
        return None
    lines = field_lines(text, 1)
    groups, before = [], len(problems)
    for index, group in enumerate(data):
        line = lines.get(f"[{index}]", 1)
        if not isinstance(group, list) or len(group) < 2:
            problems.append(Problem(shown, line, f"synonyms[{index}]",
                                    "a group is a list of at least two words or phrases"))
            continue
        members = []
        for position, member in enumerate(group):
            where = f"synonyms[{index}][{position}]"
            if not isinstance(member, str | int) or isinstance(member, bool):
                problems.append(Problem(shown, line, where, "must be a word or phrase"))
                continue
            member = str(member).strip()
            if not member or len(member) > MAX_MEMBER:
                problems.append(Problem(shown, line, where, f"must be 1 to {MAX_MEMBER} characters"))
            elif not index_text(member):
                problems.append(Problem(shown, line, where, "has no letters or digits to search for"))
            else:
                members.append(member)
        groups.append(members)
    return groups if len(problems) == before else None


def glossary_groups(entries: list[tuple[dict, str]]) -> list[list[str]]:
    """A group per glossary term: its Portuguese name and other forms (from
    ``facts``) and its name in the language (the revision's title)."""
    groups = []
    for facts, title in entries:
        members = [facts.get("term", ""), *facts.get("also", []), title]
        members = list(dict.fromkeys(m for m in members if m))
        if len(members) > 1:
            groups.append(members)
    return groups


class Expander:
    """Finds the groups a text names (whole words, in normalised form)."""

    def __init__(self, groups: list[list[str]]):
        self.groups = [[index_text(m) for m in group] for group in groups]
        self.groups = [[m for m in group if m] for group in self.groups]

    def terms(self, text_n: str) -> list[str]:
        """Members of every group that ``text_n`` (index text) names."""
        padded = f" {text_n} "
        found: list[str] = []
        for group in self.groups:
            if any(f" {member} " in padded for member in group):
                found += group
        return list(dict.fromkeys(found))
