"""Opening hours as a weekly table in the edit form.

A service point's ``opening_hours`` is an OpenStreetMap expression
(``Mo-Fr 09:00-16:00; Sa 10:00-13:00; PH off``, checked by
:mod:`portal.directory.hours`). Most are a simple weekly pattern, which the
form shows as one row per weekday with up to two time ranges each, and a
choice for public holidays. :func:`parse` reads such an expression into a
table (``None`` when it is not a simple weekly pattern: ``24/7``, month or
week rules, comments…); :func:`compose` writes a table back, grouping days
with the same ranges (``Mo-Th 09:00-16:00; Fr 09:00-13:00; PH off``).

Form fields, for a field named ``opening_hours``: ``opening_hours-mo-0-from``,
``opening_hours-mo-0-to``, ``opening_hours-mo-1-from`` … ``opening_hours-su-1-to``
(``<input type=time>``), ``opening_hours-ph`` (``off``: closed on public
holidays, ``normal``: open as on that weekday, empty: not said) and
``opening_hours-advanced``, the expression as text, which wins over the
table when it is not empty.
"""
from __future__ import annotations

import re

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
SLOTS = 2
PH_CHOICES = ("", "off", "normal")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_RANGE = re.compile(r"^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$")
_DAY_RANGE = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")

Table = dict  # {"Mo": [("09:00", "13:00"), ...], ...}


def _clock(text: str) -> str | None:
    found = _TIME.match(text.strip())
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        return None
    return f"{int(found[1]):02d}:{found[2]}"


def parse(expression: str | None) -> tuple[Table, str] | None:
    """(table, public-holiday choice) of a simple weekly pattern, or ``None``."""
    table: Table = {day: [] for day in DAYS}
    holidays = ""
    if not expression or not expression.strip():
        return table, holidays
    normal_ranges = None
    for rule in expression.split(";"):
        rule = rule.strip()
        if not rule:
            return None
        parts = rule.split(None, 1)
        if len(parts) != 2:
            return None
        selector, what = parts
        what = what.strip()
        if what in ("off", "closed"):
            ranges = []
        else:
            ranges = []
            for piece in what.split(","):
                found = _RANGE.match(piece.strip())
                if not found:
                    return None
                start, end = _clock(found[1]), _clock(found[2])
                if start is None or end is None or end <= start:
                    return None
                ranges.append((start, end))
            if not ranges or len(ranges) > SLOTS:
                return None
        days, has_ph = [], False
        for token in selector.split(","):
            if token == "PH":
                has_ph = True
                continue
            found = _DAY_RANGE.match(token)
            if not found:
                return None
            first = DAYS.index(found[1])
            last = DAYS.index(found[2]) if found[2] else first
            if last < first:
                return None
            days += DAYS[first:last + 1]
        if has_ph:
            if not days and not ranges:
                holidays = "off"
            elif days and ranges and normal_ranges is None:
                holidays, normal_ranges = "normal", ranges
            else:
                return None
        for day in days:
            table[day] = ranges
    if holidays == "normal" and any(ranges and ranges != normal_ranges for ranges in table.values()):
        return None
    return table, holidays


def _selector(days: list[str]) -> str:
    """``Mo-Fr``, ``Mo,Th``, ``Mo,Tu``: runs of three or more days as a span."""
    runs: list[list[str]] = []
    for day in days:
        if runs and DAYS.index(runs[-1][-1]) + 1 == DAYS.index(day):
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(f"{run[0]}-{run[-1]}" if len(run) >= 3 else ",".join(run) for run in runs)


def compose(table: Table, holidays: str = "") -> str:
    """The expression of a table: days with the same ranges grouped, in the
    order of their first day; ``PH off`` last. Raises ``ValueError`` when
    "as a normal day" cannot be written (days with different hours)."""
    groups: dict[tuple, list[str]] = {}
    for day in DAYS:
        ranges = tuple(table.get(day) or ())
        if ranges:
            groups.setdefault(ranges, []).append(day)
    rules = []
    for ranges, days in groups.items():
        rules.append([_selector(days), ",".join(f"{start}-{end}" for start, end in ranges)])
    if holidays == "normal":
        if len(rules) != 1:
            raise ValueError("public holidays as a normal day needs every open day to have the same hours")
        rules[0][0] += ",PH"
    out = [" ".join(rule) for rule in rules]
    if holidays == "off":
        out.append("PH off")
    return "; ".join(out)


def form_values(expression: str | None, name: str) -> dict[str, str]:
    """The form fields of ``expression``: the table, or the advanced text."""
    values = {f"{name}-{day.lower()}-{slot}-{end}": "" for day in DAYS for slot in range(SLOTS)
              for end in ("from", "to")}
    values[f"{name}-ph"] = ""
    values[f"{name}-advanced"] = ""
    parsed = parse(expression)
    if parsed is None:
        values[f"{name}-advanced"] = expression or ""
        return values
    table, holidays = parsed
    for day, ranges in table.items():
        for slot, (start, end) in enumerate(ranges):
            values[f"{name}-{day.lower()}-{slot}-from"] = start
            values[f"{name}-{day.lower()}-{slot}-to"] = end
    values[f"{name}-ph"] = holidays
    return values


def expression(values: dict[str, str], name: str) -> tuple[str, str | None]:
    """(expression, problem found before the content checks) from the form."""
    advanced = (values.get(f"{name}-advanced") or "").strip()
    if advanced:
        return advanced, None
    table: Table = {}
    for day in DAYS:
        ranges = []
        for slot in range(SLOTS):
            start = (values.get(f"{name}-{day.lower()}-{slot}-from") or "").strip()
            end = (values.get(f"{name}-{day.lower()}-{slot}-to") or "").strip()
            if not start and not end:
                continue
            if not start or not end:
                return "", "give both the opening and the closing time"
            # A time the browser did not check goes on as typed: the
            # content checks name what is wrong with it.
            ranges.append((_clock(start) or start, _clock(end) or end))
        table[day] = sorted(ranges)
    holidays = values.get(f"{name}-ph") or ""
    if holidays not in PH_CHOICES:
        holidays = ""
    try:
        return compose(table, holidays), None
    except ValueError as exc:
        return "", str(exc)
