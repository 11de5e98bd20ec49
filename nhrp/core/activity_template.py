"""``nhrp new activity``: a commented activity file for the secretariat to fill in.

Like ``nhrp new assessment``, the placeholders (``CHOOSE-ONE``, empty texts) fail ``nhrp
validate`` on purpose, so an unfinished activity cannot be merged by accident."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from nhrp.core import layout, yamlio
from nhrp.core.entry_template import PLACEHOLDER, _names, _plain
from nhrp.core.fsutil import create_new, plan_file as path_in_plan
from nhrp.core.names import NotFound
from nhrp.core.plan import build, read_one
from nhrp.errors import InvalidData, UsageError

SCHEMA_FILE = "schemas/activity.schema.json"


def render(activity_id: str, meta: dict, lead: str | None, today: dt.date,
           schema_ref: str) -> str:
    axes = [a for a in meta.get("axes") or [] if isinstance(a, dict)]
    languages = [lang for lang in meta.get("languages") or ["en"] if isinstance(lang, str)]
    period = meta.get("period") or {}
    start = today.isoformat()
    if not str(period.get("start", "")) <= start <= str(period.get("end", "9999")):
        start = str(period.get("start") or start)
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "#",
        "# New activity of the plan. Replace every CHOOSE-ONE and fill in the texts, then",
        "# check the file with: nhrp validate",
        "# نشاط جديد في الخطة: ضع قيمةً مكان كل CHOOSE-ONE واملأ النصوص، ثم افحص الملف بالأمر",
        "# nhrp validate",
        "",
        "# The activity's id: keep it, it is also the file name.",
        "# معرّف النشاط: أبقِه كما هو، فهو اسم الملف أيضاً.",
        f"id: {activity_id}",
        "",
        "# The axis of the plan it belongs to. Choose one:",
        "# محور الخطة الذي ينتمي إليه. اختر واحداً:",
    ]
    lines += [f"#   {_plain(a.get('id'), 64)}: {_names(a)}" for a in axes] or \
        ["#   (the plan has no axes yet: add them under axes: in nhrp.yaml)"]
    lines += [f"axis: {PLACEHOLDER}", "",
              "# Its title, in at least one language (delete the lines you leave empty).",
              "# عنوانه، بلغة واحدة على الأقل (احذف الأسطر التي تبقى فارغة).", "title:"]
    lines += [f"  {lang}: ''" for lang in languages]
    lines += [
        "",
        "# The recommendations it implements (ids such as upr3-123.45). For one the State did",
        "# not support, say why under unsupported_reasons.",
        "# التوصيات التي ينفّذها. للتوصية التي لم تؤيدها الدولة، اذكر السبب تحت unsupported_reasons.",
        "recommendations: []",
        "# unsupported_reasons:",
        "#   upr3-123.45: why the plan acts on it",
        "",
        "# The responsible body (an actor id) and its partners.",
        "# الجهة المسؤولة (معرّف جهة) وشركاؤها.",
        f"lead: {lead or PLACEHOLDER}",
        "partners: []",
        "",
        f"# Planned dates, inside the plan period ({period.get('start')} – {period.get('end')}).",
        "# التواريخ المخطط لها، ضمن مدة الخطة.",
        f"start: '{start}'",
        f"end: '{period.get('end') or today.isoformat()}'",
        "",
        "# planned, in-progress, completed, suspended or cancelled.",
        "status: planned",
        "",
        "# Optional: the budget (ISO 4217 currency code). Remove the # to use it.",
        "# budget:",
        "#   amount: 100000",
        "#   currency: IQD",
        "#   source: Federal budget",
        "",
        "# How it is measured: type structural, process or outcome (OHCHR indicator guide).",
        "# Values are then added with: nhrp measure ACTIVITY INDICATOR --value ...",
        "# مؤشرات القياس: من النوع الهيكلي أو العملية أو النتيجة.",
        "indicators:",
        f"- id: {PLACEHOLDER}",
        "  type: process",
        "  description:",
        f"    {languages[0]}: ''",
        "  unit: persons",
        "  # baseline: {value: 0, date: '2021-12-31'}",
        "  # target: {value: 100, date: '2025-12-31'}",
        "  # data_source: where the values come from",
        "",
    ]
    return "\n".join(lines)


def new_activity(root: Path, activity_id: str, *, lead: str | None, today: dt.date) -> str:
    """Write the template; never overwrites an existing file. Returns its repository path."""
    path = layout.activity_path(activity_id)
    if (root / path).exists():
        raise UsageError(f"{path} exists already")
    plan_file = read_one(layout.WorkTree(root), layout.PLAN_FILE)
    if plan_file.problem is not None:
        raise InvalidData(f"{plan_file.problem.message}; run 'nhrp validate' first",
                          [plan_file.problem], path=layout.PLAN_FILE)
    if lead is not None and not (root / layout.actor_path(lead)).is_file():
        raise NotFound("actor", lead, [])
    meta = build([plan_file], root).meta
    ref = os.path.relpath(root / SCHEMA_FILE, (root / path).parent).replace(os.sep, "/")
    text = render(activity_id, meta, lead, today, ref)
    yamlio.loads(text)  # a guard: the template is always readable YAML
    create_new(path_in_plan(root, path), text)  # never through a linked folder
    return path
