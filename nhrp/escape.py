"""The output boundary: one escaping function per channel, for the reporters, the command line
and the library's own file writers (sheets). Every path and every value from data that nhrp
prints goes through the function of the channel it is printed on:

==========================  ===================================================================
terminal text               :func:`terminal` (one value) and :func:`terminal_text` (whole lines)
GitHub workflow commands    :func:`workflow_data`, :func:`workflow_property`
Markdown                    :func:`nhrp.report.markdown.text` / ``cell`` / ``url``
HTML                        Jinja2 autoescape, then :func:`html_text` on the page
XML (the Atom feed)         :func:`xml_text`
iCalendar                   :func:`ical_text`
CSV / XLSX                  :func:`spreadsheet`
JSON                        :func:`json_text`
==========================  ===================================================================

File names and data are hostile (docs/security.md): a name holding a newline and ``::notice::``
must not forge a GitHub workflow command, an ESC or OSC sequence must not reach a terminal, a
code point that XML 1.0 forbids must not break the feed.
"""

from __future__ import annotations

import json
import re

# Controls besides C0: DEL, C1, line/paragraph separators, lone surrogates (file names that are
# not UTF-8). Invisible: bidi embeddings and isolates (Trojan Source), zero-width characters,
# invisible operators, Unicode tag characters. LRM/RLM/ALM, ZWNJ and ZWJ are legitimate in
# Arabic and Kurdish text. A value loses both; whole lines (which may hold nhrp's own bidi
# isolates around ids in right-to-left text) lose the controls.
_CONTROLS = "\x7f-\x9f\u2028\u2029\ud800-\udfff"
_INVISIBLE = "\u200b\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f"


class _Chars:
    """A character class, compiled on first use: every command imports this module, and
    compiling the nine classes (wide Unicode ranges) took ~4 ms of each run's start-up."""

    __slots__ = ("_source", "_compiled")

    def __init__(self, chars: str) -> None:
        self._source = f"[{chars}]"
        self._compiled: re.Pattern | None = None

    def sub(self, repl, text: str) -> str:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled.sub(repl, text)


_TERMINAL = _Chars(f"\x00-\x1f{_CONTROLS}{_INVISIBLE}")
_TERMINAL_LINES = _Chars(f"\x00-\x08\x0b-\x1f{_CONTROLS}")  # keeps tab and newline
_WORKFLOW = _Chars(f"\x00-\x09\x0b\x0c\x0e-\x1f{_CONTROLS}{_INVISIBLE}")  # CR, LF: %-encoded
# XML 1.0: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_FORBIDDEN = _Chars("\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff")
_HTML_DROP = _Chars("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff")
_ICAL_DROP = _Chars("\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff")
_CELL = _Chars("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029")
_JSON_RAW = _Chars("\x7f-\x9f\u2028\u2029")  # json.dumps leaves these unescaped
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def code(char: str) -> str:
    """A backslash escape naming one character: ``\\u001b``, ``\\u202e``, ``\\U000e0041``."""
    n = ord(char)
    return f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def _coded(match: re.Match) -> str:
    return code(match.group())


def _defuse(line: str) -> str:
    """A line that would start a GitHub workflow command (``::`` after blanks) no longer does."""
    body = line.lstrip()
    if body.startswith("::"):
        cut = len(line) - len(body)
        return line[:cut] + code(":") + line[cut + 1:]
    return line


def terminal(value) -> str:
    """One value on one line of terminal text (also what CI logs show): controls — newline and
    tab too — and invisible or direction-changing characters become backslash escapes, and a
    value that starts with ``::`` cannot start a workflow command."""
    return _defuse(_TERMINAL.sub(_coded, str(value)))


def terminal_text(text: str) -> str:
    """Whole lines of terminal text (the last guard before a message reaches the terminal):
    control characters escaped, newlines and tabs kept, and no line starts a workflow
    command. Values inside should have passed :func:`terminal` already."""
    return "\n".join(_defuse(_TERMINAL_LINES.sub(_coded, line)) for line in text.split("\n"))


def workflow_data(value) -> str:
    """The message of a workflow command (``::error …::MESSAGE``), as the runner decodes it."""
    text = _WORKFLOW.sub(_coded, str(value))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(value) -> str:
    """A property value of a workflow command (``file=``, ``title=``): the file name round-trips
    through GitHub's decoding, so an annotation still points at the file."""
    return workflow_data(value).replace(":", "%3A").replace(",", "%2C")


def xml_text(value) -> str:
    """Text for an XML 1.0 document: code points XML forbids (U+FFFE, U+FFFF, C0 controls other
    than tab/newline/CR, lone surrogates) are dropped; the serializer escapes markup."""
    return _XML_FORBIDDEN.sub("", str(value))


def html_text(document: str) -> str:
    """An HTML page (after autoescape, which escapes markup in every value) without the
    characters HTML must not hold: C0 controls other than tab/newline/CR, DEL, C1 controls,
    noncharacters, lone surrogates. The templates hold none, so only data loses them."""
    return _HTML_DROP.sub("", document)


def ical_text(value) -> str:
    """An iCalendar TEXT value (RFC 5545 3.3.11): backslash, ``;`` and ``,`` escaped, line ends
    as ``\\n``, other controls dropped."""
    text = (str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))
    return _ICAL_DROP.sub("", text)


def spreadsheet(value) -> str:
    """A spreadsheet cell (CSV or XLSX) that cannot run as a formula (a cell starting with
    ``=``, ``+``, ``-``, ``@``, TAB or CR gets a leading ``'``), without controls other than
    tab, newline and CR, or non-characters (which validate reports; Excel cannot hold them)."""
    text = _CELL.sub("", flat(value, "; ", "no"))
    return "'" + text if text.startswith(FORMULA_START) else text


def flat(value, separator: str, false: str) -> str:
    """A value of a row as one text: lists and mappings joined, yes/``false`` for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else false
    if isinstance(value, (list, tuple)):
        return separator.join(str(v) for v in value)
    if isinstance(value, dict):
        return separator.join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def json_text(value) -> str:
    """Machine output: one line of UTF-8 JSON. Not indented, because indenting switches Python
    to its pure-Python encoder, several times slower on a large plan (pipe into ``jq`` to read).
    DEL, C1 controls and U+2028/U+2029, which ``json.dumps`` leaves as they are, are escaped."""
    return json_safe(json.dumps(value, ensure_ascii=False)) + "\n"


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 controls and U+2028/U+2029 escaped (valid JSON either way: they
    can only stand inside strings). A byte search decides first, so large clean output costs
    little: those characters all need one of these bytes in UTF-8."""
    raw = text.encode("utf-8", "surrogatepass")
    if b"\x7f" in raw or b"\xc2" in raw or b"\xe2\x80\xa8" in raw or b"\xe2\x80\xa9" in raw:
        return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def console(**options):
    """A rich Console for human output whose every segment of text passes the terminal
    channel: no control sequence from data reaches the terminal (rich itself strips only a
    few controls, not ESC), and no line of it starts a workflow command. Styling is rich's
    own and stays."""
    from rich.console import Console, RenderHook
    from rich.segment import Segment

    class Guarded:
        def __init__(self, renderable) -> None:
            self.renderable = renderable

        def __rich_console__(self, console, render_options):
            line_start = True  # nothing but blanks so far on this line
            for segment in console.render(self.renderable, render_options):
                if segment.control or not segment.text:
                    yield segment
                    continue
                parts = _TERMINAL_LINES.sub(_coded, segment.text).split("\n")
                for i, part in enumerate(parts):
                    line_start = line_start or i > 0
                    if line_start:
                        parts[i] = _defuse(part)
                        line_start = not part.strip()
                yield Segment("\n".join(parts), segment.style)

    class Hook(RenderHook):
        def process_renderables(self, renderables):
            return [Guarded(r) for r in renderables]

    guarded = Console(**options)
    guarded.push_render_hook(Hook())
    return guarded
