"""nhrp site build"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nhrp.cli import common

site_app = common.command_group(
    "site",
    "The plan as a static public website.",
)


@site_app.command("build")
def build(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", "-o", metavar="DIR", help="Folder for the site: new, empty, or an earlier site build (it is updated in place)."),
    template: Optional[Path] = common.template_option("A folder of templates that override the bundled ones and the plan's own templates/."),
) -> None:
    """Build a static site in every language of the plan: an overview, a page per
    recommendation, actor and theme, data.json, an Atom feed of monitoring entries and an
    iCalendar file of due dates. Links are relative and no script is needed; the same data
    gives the same bytes.

    Examples:

    \b
      nhrp site build --out public
    """
    from nhrp.core import site as core_site
    from nhrp.report import site as render_site
    from nhrp.report.render import template_folders

    root = common.plan_root(ctx)
    analysis, rev, progress = core_site.read(root, common.today())
    files = render_site.build(analysis, rev, template_folders(root, template), timeline=progress)
    written = core_site.write_tree(out, files)
    common.say(f"wrote {len(written)} files to {out}", err=True)
    common.left_out(analysis.plan)


def register(app: typer.Typer) -> None:
    app.add_typer(site_app, name="site")
