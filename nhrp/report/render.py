"""Render report data (nhrp.core.report_data) with Jinja2 templates as HTML or Markdown.

Safety, because plans are contributed by pull request and reports are published:

* Templates are loaded only from known folders (``--template DIR``, ``<plan>/templates/``, the
  bundled ``templates/``), never from data, and never through a symbolic link that leaves its
  folder. Data is never rendered as a template.
* The environment is Jinja2's sandbox, so a plan's own template cannot reach Python internals.
* HTML: autoescape is on (set explicitly: ``select_autoescape`` would miss ``*.html.j2``).
  Links from data are kept only for http, https and mailto (:func:`safe_url`).
* Markdown: every ``{{ value }}`` is escaped by ``finalize`` unless a filter already produced safe
  Markdown, so forgetting a filter shows text, never markup.
* StrictUndefined: a misspelt variable is an error, not an empty cell.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from markupsafe import Markup, escape

from nhrp.core import layout
from nhrp.core.status import NOT_ASSESSED
from nhrp.errors import EnvironmentProblem, UsageError
from nhrp import escape as escape_out
from nhrp.report import markdown, svg
from nhrp.report.i18n import Catalogue, load as load_catalogue

RTL_LANGS = frozenset({"ar", "ckb", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "syr"})
SAFE_SCHEMES = ("http://", "https://", "mailto:")
FORMATS = {"html": "report/report.html.j2", "md": "report/report.md.j2"}
THEMES_PER_CHART = 24
# a number range ("2021-2025", "٢٠٢١-٢٠٢٥") in a heading: kept on one line
_RANGE = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+[-\u2010-\u2015][0-9\u0660-\u0669\u06f0-\u06f9]+")


def bundled_templates() -> Path:
    return layout.bundled_root() / "templates"


def template_folders(plan_root: Path | None, extra: str | os.PathLike | None = None) -> list[Path]:
    """Folders searched for templates and catalogues, highest priority first."""
    folders: list[Path] = []
    if extra:
        given = Path(extra).expanduser()
        if not given.is_dir():
            raise UsageError(f"--template {extra}: no such folder")
        folders.append(given.resolve())
    if plan_root is not None and (Path(plan_root) / "templates").is_dir():
        folders.append((Path(plan_root) / "templates").resolve())
    bundled = bundled_templates().resolve()
    if not bundled.is_dir():
        raise EnvironmentProblem(f"the bundled templates folder {bundled} is missing")
    folders.append(bundled)
    return list(dict.fromkeys(folders))


def safe_url(url) -> str | None:
    """The URL when it is http(s) or mailto and holds no spaces or controls; else None."""
    if not isinstance(url, str):
        return None
    value = url.strip()
    if not value.lower().startswith(SAFE_SCHEMES) or re.search(r"[\s\x00-\x1f\x7f]", value):
        return None
    return value


def text_dir(lang: str | None) -> str:
    return "rtl" if lang in RTL_LANGS else "ltr"


class MdSafe(str):
    """Markdown that is already safe (escaped data, or our own catalogue text)."""


# --- environments ----------------------------------------------------------------------------

def _loader(folders: list[Path]):
    from jinja2 import FileSystemLoader, TemplateNotFound

    class KnownFolders(FileSystemLoader):
        """FileSystemLoader that refuses a file whose real path leaves its template folder."""

        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            real = os.path.realpath(filename)
            if not any(real.startswith(os.path.realpath(root) + os.sep) for root in self.searchpath):
                raise TemplateNotFound(template)
            return source, filename, uptodate

    return KnownFolders([str(f) for f in folders], followlinks=False)


def _md_finalize(value):
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return ""
    return markdown.text(value)


def environment(folders: list[Path], fmt: str):
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    options = dict(loader=_loader(folders), undefined=StrictUndefined, trim_blocks=True,
                   lstrip_blocks=True, keep_trailing_newline=True, autoescape=fmt == "html")
    if fmt != "html":
        options["finalize"] = _md_finalize
    env = ImmutableSandboxedEnvironment(**options)
    if fmt != "html":
        env.filters["safe"] = MdSafe  # for a macro's output, already escaped inside
    return env


# --- helpers given to templates --------------------------------------------------------------

class Helpers:
    """Functions and filters for one language and one output format."""

    def __init__(self, cat: Catalogue, fmt: str, status_scale: list[dict]) -> None:
        self.cat, self.fmt = cat, fmt
        self.lang = cat.lang
        self.colours = {**svg.palette([s["id"] for s in status_scale if s["id"] != NOT_ASSESSED]),
                        NOT_ASSESSED: svg.NOT_ASSESSED_COLOUR}
        self.status_names = {}
        for s in status_scale:
            name = s.get("name") or {"text": cat.t("status.not-assessed"), "lang": self.lang}
            self.status_names[s["id"]] = name

    # output wrappers
    def _safe(self, text: str):
        return Markup(text) if self.fmt == "html" else MdSafe(text)

    def _esc(self, value) -> str:
        if self.fmt == "html":
            return str(escape(value))
        return value if isinstance(value, MdSafe) else markdown.text(value)

    def t(self, key: str, **values):
        """An interface string; values are escaped unless already safe."""
        safe_values = {k: (v if isinstance(v, int) and not isinstance(v, bool) else
                           self._esc_value(v)) for k, v in values.items()}
        template = self.cat.raw(key)
        text = self._esc(template) if self.fmt == "html" else template
        out = re.sub(r"\{([a-z_][a-z0-9_]*)\}",
                     lambda m: (self.cat.value(safe_values[m.group(1)])
                                if m.group(1) in safe_values else m.group(0)), text)
        return self._safe(out)

    def _esc_value(self, v) -> str:
        if self.fmt == "html" and isinstance(v, Markup):
            return str(v)
        if self.fmt != "html" and isinstance(v, MdSafe):
            return v
        return self._esc(v)

    def label(self, prefix: str, value) -> object:
        """A catalogue label for an enumerated value (response, role, kind), else the value."""
        key = f"{prefix}.{value}"
        return self.t(key) if self.cat.has(key) else self.ltr(value)

    def num(self, n):
        return self._safe(self.cat.num(n or 0))

    def percent(self, part: int, whole: int):
        return self._safe(self.cat.percent(part, whole))

    def date(self, iso):
        return self._safe(self._esc(self.cat.date(iso)))

    def month_year(self, iso):
        return self._safe(self._esc(self.cat.month_year(iso)))

    def period_label(self, label: str) -> str:
        """"2024-Q3" or "2024-07" from timeline.timeline, as readers of the language write it."""
        quarter = re.fullmatch(r"([0-9]{4})-Q([1-4])", str(label))
        if quarter:
            return (self.cat.raw("meta.quarter").replace("{q}", self.cat.digits(quarter.group(2)))
                    .replace("{y}", self.cat.digits(quarter.group(1))))
        return self.cat.month_year(label)

    def period(self, label: str):
        return self._safe(self._esc(self.period_label(label)))

    def ltr(self, value):
        """Codes (ids, document symbols, e-mail addresses) isolated left-to-right."""
        if value is None:
            return self._safe("")
        if self.fmt == "html":
            return Markup('<bdi dir="ltr">%s</bdi>') % value
        return MdSafe(markdown.text(value))

    def loc(self, text):
        """A data text ({"text", "lang"}); marked with its language when it is not the page's."""
        if not text:
            return self._safe("")
        value, lang = text.get("text", ""), text.get("lang")
        if self.fmt != "html":
            return MdSafe(markdown.text(value))
        if lang == self.lang:
            return Markup("<bdi>%s</bdi>") % value
        if lang == "zxx" or not lang:
            return Markup('<bdi dir="ltr">%s</bdi>') % value
        return Markup('<bdi lang="%s" dir="%s">%s</bdi>') % (lang, text_dir(lang), value)

    def title(self, text):
        """A heading's data text whose number ranges ("2021-2025") never break across lines."""
        out = self.loc(text)
        if self.fmt != "html":
            return out
        return Markup(_RANGE.sub(lambda m: '<span class="nobreak">%s</span>' % m.group(0),
                                 str(out)))

    def plain(self, text) -> str:
        return (text or {}).get("text", "")

    def status(self, status_id: str):
        name = self.status_names.get(status_id) or {"text": status_id, "lang": "zxx"}
        if self.fmt != "html":
            return MdSafe(markdown.text(name["text"]))
        colour = self.colours.get(status_id, svg.NOT_ASSESSED_COLOUR)
        return (Markup('<span class="chip"><span class="swatch" style="background:%s"></span>')
                % colour) + self.loc(name) + Markup("</span>")

    def status_text(self, status_id: str) -> str:
        return (self.status_names.get(status_id) or {"text": status_id})["text"]

    def link(self, title: str, url):
        """A link for a safe URL; plain text otherwise."""
        href = safe_url(url)
        if self.fmt == "html":
            if href is None:
                return Markup("<bdi>%s</bdi>") % title
            return Markup('<a href="%s" rel="noopener noreferrer nofollow">%s</a>') % (href, title)
        if href is None:
            return MdSafe(markdown.text(title))
        return MdSafe(f"[{markdown.text(title)}]({markdown.url(href)})")

    def filters(self) -> dict:
        return {"num": self.num, "date": self.date, "period": self.period, "month_year": self.month_year,
                "ltr": self.ltr, "loc": self.loc, "title": self.title, "plain": self.plain, "status": self.status}

    def globals(self) -> dict:
        return {"t": self.t, "label": self.label, "percent": self.percent, "link": self.link,
                "colours": self.colours, "status_text": self.status_text,
                "lang": self.lang, "dir": self.cat.dir, "rtl": self.cat.rtl,
                "text_dir": text_dir}


def charts(data: dict, h: Helpers) -> dict:
    """The report's SVG charts (HTML only)."""
    scale = [s["id"] for s in data["scale"]]
    segments = [svg.Segment(s, h.status_text(s), h.colours[s]) for s in scale]
    rtl = h.cat.rtl
    num, pct = h.cat.num, h.cat.percent
    c = data["charts"]
    out = {}

    def counts(items):
        by = {i["status"]: i["count"] for i in items}
        return [by.get(s, 0) for s in scale]

    out["overall"] = svg.stacked_bars(
        "chart-overall", h.cat.t("chart.overall"),
        [svg.Bar(h.cat.t("chart.all_recommendations"), counts(c["overall"]), h.lang)],
        segments, rtl=rtl, num=num, percent=pct)
    bars = []
    for db in c["by_duty_bearer"]:
        for i, side in enumerate(db["sides"]):
            bars.append(svg.Bar(h.cat.t("side." + side["side"]), counts(side["counts"]), h.lang,
                                heading=db["name"]["text"] if i == 0 else None,
                                heading_lang=db["name"]["lang"]))
    out["by_duty_bearer"] = svg.stacked_bars("chart-duty-bearers", h.cat.t("chart.by_duty_bearer"),
                                             bars, segments, rtl=rtl, num=num, percent=pct)
    # many themes: several charts of at most THEMES_PER_CHART bars, each fits an A4 page
    themes = [svg.Bar(t["name"]["text"], counts(t["counts"]), t["name"]["lang"])
              for t in c["by_theme"]]
    out["by_theme"] = [
        svg.stacked_bars("chart-themes" + (f"-{i // THEMES_PER_CHART + 1}" if i else ""),
                         h.cat.t("chart.by_theme"), themes[i:i + THEMES_PER_CHART], segments,
                         rtl=rtl, num=num, percent=pct)
        for i in range(0, max(len(themes), 1), THEMES_PER_CHART)]
    out["timeline"] = []
    tl = c.get("timeline")
    if tl:
        periods = [h.period_label(p["label"]) for p in tl["periods"]]
        years = [h.cat.digits(p["label"][:4]) for p in tl["periods"]]
        pair_labels = (h.cat.t("side.self"), h.cat.t("side.independent"))
        for db in tl["bearers"]:
            own, independent = db["sides"]
            pairs = [(counts(a), counts(b)) for a, b in zip(own["series"], independent["series"])]
            out["timeline"].append({
                "name": db["name"],
                "svg": svg.paired_columns(f"chart-timeline-{db['duty_bearer']}",
                                          f"{h.cat.t('chart.timeline')}: {db['name']['text']}",
                                          periods, years, pairs, segments, pair_labels,
                                          rtl=rtl, num=num)})
    return out


def environment_for(lang: str, scale: list[dict], *, fmt: str, folders: list[Path]):
    """A template environment with the helpers of one language: (environment, helpers)."""
    cat = load_catalogue(lang, folders)
    h = Helpers(cat, fmt, scale)
    env = environment(folders, fmt)
    env.filters.update(h.filters())
    env.globals.update(h.globals())
    return env, h


def render_template(env, name: str, context: dict) -> str:
    from jinja2 import TemplateError

    try:
        text = env.get_template(name).render(**context)
    except TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "lineno", None) else ""
        raise EnvironmentProblem(f"template {name}: {where}{exc.message or type(exc).__name__}") from None
    text = text.replace("\r\n", "\n")
    if env.autoescape:  # HTML: values are escaped by autoescape; characters HTML cannot hold go
        text = escape_out.html_text(text)
    return text if text.endswith("\n") else text + "\n"


def render(data: dict, *, fmt: str, folders: list[Path]) -> str:
    """The report as HTML or Markdown text."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    env, h = environment_for(data["lang"], data["scale"], fmt=fmt, folders=folders)
    context = {"r": data}
    if fmt == "html":
        context["charts"] = charts(data, h)
    return render_template(env, FORMATS[fmt], context)
