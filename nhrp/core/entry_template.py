"""``nhrp new assessment``: a commented monitoring entry for a person to fill in.

The template is valid YAML, but its placeholders (``CHOOSE-ONE``, empty summaries) fail
``nhrp validate`` on purpose, so an unfilled template can never be merged by accident. The
comments explain each field in English and Arabic; the first line tells editors that speak the
YAML language server (VS Code, the GitHub web editor's Codespaces, …) which JSON Schema to check
the file against while the person types.

Where the schema is: ``<plan>/schemas/monitoring-entry.schema.json``, referred to by a path
relative to the entry. The bundled Iraq plan has it (the nhrp checkout); a plan repository made
by ``nhrp init`` gets it when the secretariat adds it once (``nhrp schema monitoring-entry >
schemas/monitoring-entry.schema.json``). ``nhrp new`` never writes it itself: a contributor's
change must stay inside ``data/`` (see ``nhrp check-scope``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from nhrp.core import layout, yamlio
from nhrp.core.edit import entry_path
from nhrp.core.fsutil import create_new, plan_file
from nhrp.core.names import NotFound, match, natural_key, resolve
from nhrp.core.plan import Loaded, build, read_one
from nhrp.errors import InvalidData

PLACEHOLDER = "CHOOSE-ONE"
SCHEMA_FILE = "schemas/monitoring-entry.schema.json"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


@dataclass
class NewEntry:
    path: str  # repository path of the file written
    schema_found: bool  # whether the schema line points at an existing file


def _plain(text, limit: int = 90) -> str:
    """Data shown inside a comment: one line, no control characters, not too long."""
    s = _UNSAFE.sub(" ", str(text)).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _names(item: dict, languages: tuple[str, ...] = ("en", "ar")) -> str:
    names = item.get("names") if isinstance(item.get("names"), dict) else {}
    shown = [_plain(names[lang], 40) for lang in languages if isinstance(names.get(lang), str)]
    return " / ".join(dict.fromkeys(shown))


def render(*, rec_id: str, rec: dict, by: str, duty_bearer: str | None, as_of: str,
           meta: dict, schema_ref: str) -> str:
    """The template text (no I/O)."""
    bearers = [d for d in meta.get("duty_bearers") or [] if isinstance(d, dict)]
    scale = [s for s in meta.get("status_scale") or [] if isinstance(s, dict)]
    languages = [lang for lang in meta.get("languages") or ["en"] if isinstance(lang, str)]
    summary = rec.get("summary") if isinstance(rec.get("summary"), dict) else {}
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "#",
        "# New monitoring entry. Replace every CHOOSE-ONE, write the summary, then check the",
        "# file with: nhrp validate (or let the pull request checks do it).",
        "# تقييم جديد: ضع قيمةً مكان كل CHOOSE-ONE واكتب الملخص، ثم افحص الملف بالأمر",
        "# nhrp validate (أو دع فحوص طلب الدمج تتولّى ذلك).",
        "#",
    ]
    lines += [f"# {rec_id}: {_plain(summary[lang])}" for lang in ("en", "ar")
              if isinstance(summary.get(lang), str)]
    lines += [
        "",
        "# The recommendation you assess. Keep it: it is also the folder's name.",
        "# التوصية التي تقيّمها. أبقِها كما هي، فهي اسم المجلد أيضاً.",
        f"recommendation: {rec_id}",
        "",
        "# Who makes this assessment: your organisation's id, as in the file name.",
        "# الجهة التي تُجري التقييم: معرّف منظمتك كما يرد في اسم الملف.",
        f"by: {by}",
        "",
        "# Which authority's implementation you assess. Choose one:",
        "# الجهة المسؤولة التي تقيّم تنفيذها. اختر واحدة مما يلي:",
    ]
    lines += [f"#   {_plain(d.get('id'), 64)}: {_names(d)}" for d in bearers]
    lines += [
        f"duty_bearer: {duty_bearer or PLACEHOLDER}",
        "",
        "# The date your assessment describes, YYYY-MM-DD in quotes, not in the future. It is",
        "# also the start of the file name: if you change it, rename the file to match.",
        "# تاريخ الوضع الذي يصفه تقييمك بصيغة YYYY-MM-DD بين علامتَي اقتباس، ولا يكون في",
        "# المستقبل. وهو أيضاً بداية اسم الملف: إن غيّرته فغيّر اسم الملف بما يطابقه.",
        f"as_of: '{as_of}'",
        "",
        "# How far implementation has got. Choose one (from the lowest step to the highest):",
        "# إلى أي حدّ بلغ التنفيذ؟ اختر واحدة (من الدرجة الأدنى إلى الأعلى):",
    ]
    lines += [f"#   {_plain(s.get('id'), 64)}: {_names(s)}" for s in scale]
    lines += [
        f"status: {PLACEHOLDER}",
        "",
        "# What you found, in your own words: facts, dates, what is still missing. Write in",
        "# at least one language and delete the lines you leave empty.",
        "# ما الذي توصّلت إليه، بكلماتك: الوقائع والتواريخ وما لم يُنجَز بعد. اكتب بلغة",
        "# واحدة على الأقل، واحذف الأسطر التي تبقى فارغة.",
        "summary:",
    ]
    lines += [f"  {lang}: ''" for lang in languages]
    lines += [
        "",
        "# Sources (strongly recommended): a web link (url) or a document reference",
        "# (document), each with a title. Remove the # at the start of the lines you use.",
        "# المصادر (يُستحسن جداً ذكرها): رابط على الإنترنت (url) أو إشارة إلى وثيقة",
        "# (document)، ولكلٍّ منها عنوان. احذف علامة # من أول كل سطر تستعمله.",
        "# evidence:",
        "# - url: https://example.org/report",
        "#   title: Annual report",
        "# - document: A/HRC/43/14",
        "#   title: UPR Working Group report",
        "",
        "# Only to correct an earlier entry of yours: its file name without .yaml.",
        "# لتصحيح تقييم سابق لكم فقط: اسم ملفه من دون .yaml.",
        f"# supersedes: 2024-06-30-{by}",
        "",
    ]
    return "\n".join(lines)


def new_assessment(root: Path, rec_id: str, *, by: str, duty_bearer: str | None,
                   today: dt.date) -> NewEntry:
    """Write the template for ``rec_id`` by ``by``; never overwrites an existing file."""
    source = layout.WorkTree(root)
    paths = list(source.paths())
    rec_paths = {layout.stem(p): p for p in paths if layout.kind_of(p) == "recommendation"}
    actor_ids = sorted(layout.stem(p) for p in paths if layout.kind_of(p) == "actor")
    rec_id = match(rec_id, dict.fromkeys(rec_paths)) or rec_id  # any letter case
    by = match(by, dict.fromkeys(actor_ids)) or by
    layout.check_recommendation_id(rec_id)
    layout.check_slug(by, "actor id")
    if rec_id not in rec_paths:
        raise NotFound("recommendation", rec_id, sorted(rec_paths, key=natural_key))
    if by not in actor_ids:
        raise NotFound("actor", by, actor_ids)
    loaded: list[Loaded] = [read_one(source, p) for p in
                            (layout.PLAN_FILE, rec_paths[rec_id], layout.actor_path(by))]
    broken = [item.problem for item in loaded if item.problem is not None]
    if broken:
        raise InvalidData(f"{broken[0].message}; run 'nhrp validate' first", broken,
                          path=broken[0].path)
    plan = build(loaded, root)
    bearer_ids = plan.duty_bearer_ids
    if duty_bearer is not None:
        duty_bearer = resolve(plan, "duty bearer", duty_bearer)
    if duty_bearer is None and len(bearer_ids) == 1:
        duty_bearer = bearer_ids[0]
    as_of = today.isoformat()
    path = entry_path(plan, root, rec_id, as_of, by)
    schema = root / SCHEMA_FILE
    ref = os.path.relpath(schema, (root / path).parent).replace(os.sep, "/")
    text = render(rec_id=rec_id, rec=plan.recommendations.get(rec_id, {}), by=by,
                  duty_bearer=duty_bearer, as_of=as_of, meta=plan.meta, schema_ref=ref)
    yamlio.loads(text)  # a guard: the template must always be readable YAML
    create_new(plan_file(root, path), text)
    return NewEntry(path, schema.is_file())
