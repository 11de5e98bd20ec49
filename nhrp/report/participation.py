"""Participation at a glance (nhrp.core.participation.overview) as Markdown and as the rows the
terminal shows (:mod:`nhrp.cli.screens.status`): every organisation — invited when, its files, declined (why), or no answer yet — and
every thematic file with its monitors, or none."""

from __future__ import annotations

from nhrp.report.markdown import cell
from nhrp.report.status import catalogue, label


def rows(data: dict, plan, lang: str) -> tuple[list[list[str]], list[list[str]]]:
    """The two tables as words in ``lang``: organisations, then thematic files."""
    t = catalogue(lang)
    theme = lambda th: label((plan.themes.get(th) or {}).get("names"), lang, th)  # noqa: E731
    actor = lambda a: label((plan.actors.get(a) or {}).get("names"), lang, a)  # noqa: E731
    people = []
    for o in data["organisations"]:
        if o["answer"] == "monitors":
            answer = t.t("participation.chose", files=t.join(theme(th) for th in o["themes"]))
        elif o["answer"] == "declined":
            answer = t.t("participation.declined")
            if o["reason"]:
                answer += " — " + t.t("participation.reason", reason=label(o["reason"], lang))
        else:
            answer = t.t("participation.no_answer")
        if o["by_form"]:
            answer += f" ({t.t('entry.received_by_form')})"
        invited = t.join(t.date(d) for d in o["invited"]) or t.t("participation.not_invited")
        people.append([f"{actor(o['actor'])} ({o['actor']})", invited, answer])
    files = [[theme(f["theme"]), t.join(actor(m) for m in f["monitors"])
              or t.t("participation.no_monitor")] for f in data["files"]]
    return people, files


def headings(lang: str) -> tuple[list[str], list[str]]:
    t = catalogue(lang)
    return ([t.t("participation.organisation"), t.t("participation.invited"),
             t.t("participation.answer")],
            [t.t("participation.file"), t.t("participation.monitors")])


def as_markdown(data: dict, plan, lang: str) -> str:
    t = catalogue(lang)
    people, files = rows(data, plan, lang)
    heads = headings(lang)
    out = []
    for title, head, body in ((t.t("participation.title"), heads[0], people),
                              (t.t("participation.files"), heads[1], files)):
        out += [f"## {cell(title)}", "", "| " + " | ".join(cell(h) for h in head) + " |",
                "|" + "---|" * len(head)]
        out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]
        out.append("")
    return "\n".join(out)
