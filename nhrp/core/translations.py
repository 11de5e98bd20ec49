"""Missing translations (W701): every name and summary that a reader sees, in each of the plan's
languages — the plan's name, State, notes, duty bearers and status scale, actors' names,
recommendation summaries, theme and SDG labels. Not the official text of a recommendation: it
is quoted in the UN languages it was published in, never translated by a plan.

A warning, not an error: a plan may publish before its translations are done, and a report
then shows the text in the language it has, marked as such. ``nhrp validate --strict`` makes
warnings errors, for a plan that promises every language. Monitoring entries are not checked:
an assessment is written in its author's language and shown as written."""

from __future__ import annotations

from nhrp.core.rules import Problem


def _missing(path: str, at: tuple, value, languages: list[str]) -> list[Problem]:
    if not isinstance(value, dict) or not value:
        return []  # absent or malformed: the schema says so
    lacking = [lang for lang in languages
               if not (isinstance(value.get(lang), str) and value[lang].strip())]
    if not lacking:
        return []
    where = ".".join(str(step) if not isinstance(step, int) else f"[{step}]" for step in at)
    where = where.replace(".[", "[")
    return [Problem(path, "W701", f"{where}: no {', '.join(lacking)} text (the plan's languages "
                    f"are {', '.join(languages)}); add {where}.{lacking[0]}", at, at_key=True)]


def _listed(path: str, items, key: str, languages: list[str], field: str = "names") -> list:
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            out += _missing(path, (key, i, field), item.get(field), languages)
    return out


def missing_translations(items, languages: list[str]) -> list[Problem]:
    """W701 for every text map of ``items`` (Loaded records) that lacks one of ``languages``."""
    if len(languages) < 2:
        return []
    out: list[Problem] = []
    for item in items:
        data, path = item.data, item.path
        if not isinstance(data, dict):
            continue
        if item.kind == "plan":
            out += _missing(path, ("name",), data.get("name"), languages)
            out += _missing(path, ("state", "name"), (data.get("state") or {}).get("name")
                            if isinstance(data.get("state"), dict) else None, languages)
            notes = data.get("notes")
            if isinstance(notes, str) and notes.strip():
                out.append(Problem(path, "W701", "notes: one text for every language; write "
                                   f"them per language ({', '.join(languages)}) as "
                                   "notes: {en: ..., ar: ...}", ("notes",), at_key=True))
            out += _missing(path, ("notes",), notes, languages)
            out += _listed(path, data.get("duty_bearers"), "duty_bearers", languages)
            out += _listed(path, data.get("status_scale"), "status_scale", languages)
        elif item.kind == "actor":
            out += _missing(path, ("names",), data.get("names"), languages)
        elif item.kind == "recommendation":
            out += _missing(path, ("summary",), data.get("summary"), languages)
        elif item.kind == "themes":
            out += _listed(path, data.get("themes"), "themes", languages)
        elif item.kind == "sdgs":
            out += _listed(path, data.get("goals"), "goals", languages)
    return out
