"""VBA source as Excel's compiler sees it, checked with a grammar OrderDesk did not write.

The grammar is `antlr4-vba` (PyPI): the parser ANTLR generates from the VBA grammar of
antlr/grammars-v4 (vba7_1), which its authors derived from [MS-VBAL], the VBA language
specification. It parses a *preprocessed* module body, as VBA compiles one: conditional
compilation (`#If Win64 Then …`, MS-VBAL §3.4) is resolved first, for one platform at a time,
which `resolve` does here (the grammar package's own precompiler, vba-precompiler 0.0.1, was
tried: it took 40 s for xlwings' module per platform and, after a line of blanks, commented out
the blank line instead of the `#If` that follows it).

Modules come out of a built add-in in their stored form (what olevba extracts); the grammar
reads the form the VBA editor exports, so `export_form` puts a class or document module's
`VERSION 1.0 CLASS` block first and comments out the header attributes that the editor keeps but
MS-VBAL's class-attr does not define (VB_Base, VB_TemplateDerived, VB_Description); the build
tests check those lines byte for byte.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

# The compilation constants Office defines (MS-VBAL §3.4.1 lists Win16, Win32, Win64, Vba6,
# Vba7, Mac; Office for Mac 2016 and later adds Mac_Office_Version).
PLATFORMS: dict[str, dict[str, Any]] = {
    "Win64": {"Win16": False, "Win32": True, "Win64": True, "Vba6": True, "Vba7": True, "Mac": False},
    "Win32": {"Win16": False, "Win32": True, "Win64": False, "Vba6": True, "Vba7": True, "Mac": False},
    "Mac": {
        "Win16": False, "Win32": False, "Win64": False, "Vba6": True, "Vba7": True, "Mac": True,
        "Mac_Office_Version": 16,
    },
}  # fmt: skip

CLASS_HEADER = ["VERSION 1.0 CLASS", "BEGIN", "  MultiUse = -1  'True", "END"]
NOT_IN_MS_VBAL = ("VB_Base", "VB_TemplateDerived", "VB_Description")


class CcError(Exception):
    """A conditional-compilation directive this reader does not understand."""


# --- conditional compilation --------------------------------------------------------------------

_DIRECTIVE = re.compile(r"^\s*#\s*(const|if|elseif|else|end\s*if)\b(.*)$", re.I)
_TOKEN = re.compile(r'\s*(?:("(?:[^"]|"")*")|(\d+(?:\.\d+)?)|([A-Za-z]\w*)|(<>|<=|>=|[=<>()]))')
EMPTY = None  # an undefined constant is Empty: "" to a string, 0 to a number, False


def _strip_comment(text: str) -> str:
    in_string = False
    for i, c in enumerate(text):
        if c == '"':
            in_string = not in_string
        elif c == "'" and not in_string:
            return text[:i]
    return text


def _tokens(text: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise CcError(f"cannot read {text[pos:]!r}")
        string, number, word, op = m.groups()
        if string is not None:
            out.append(("value", string[1:-1].replace('""', '"')))
        elif number is not None:
            out.append(("value", float(number) if "." in number else int(number)))
        elif word is not None:
            out.append(("word", word.upper()))
        else:
            out.append(("op", op))
        pos = m.end()
    return out


def _compare(a: Any, b: Any, op: str) -> bool:
    if a is EMPTY:
        a = "" if isinstance(b, str) else 0
    if b is EMPTY:
        b = "" if isinstance(a, str) else 0
    if isinstance(a, str) != isinstance(b, str):
        raise CcError(f"compares text with a number: {a!r} {op} {b!r}")
    return {
        "=": a == b,
        "<>": a != b,
        "<": a < b,
        ">": a > b,
        "<=": a <= b,
        ">=": a >= b,
    }[op]


def evaluate(text: str, constants: Mapping[str, Any]) -> Any:
    """A conditional-compilation expression (MS-VBAL §5.6.16.2): literals, constants, the
    comparisons, Not, And, Or, Xor, Eqv, Imp and parentheses."""
    return _Expression(text, constants).value()


# The binary operators from the loosest to the tightest (Imp binds least, And most).
_BINARY: list[dict[str, Any]] = [
    {"IMP": lambda a, b: (not a) or b},
    {"EQV": lambda a, b: a == b},
    {"XOR": lambda a, b: a != b},
    {"OR": lambda a, b: a or b},
    {"AND": lambda a, b: a and b},
]


class _Expression:
    """A recursive-descent parser of one expression, evaluating as it parses."""

    def __init__(self, text: str, constants: Mapping[str, Any]) -> None:
        self.text = text
        self.constants = constants
        self.tokens = _tokens(text)
        self.pos = 0

    def value(self) -> Any:
        result = self.binary(0)
        if self.pos != len(self.tokens):
            raise CcError(f"{self.text!r}: unexpected {self.tokens[self.pos][1]!r}")
        return result

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, Any]:
        if self.pos >= len(self.tokens):
            raise CcError(f"{self.text!r} ends too early")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def binary(self, level: int) -> Any:
        if level == len(_BINARY):
            return self.negation()
        operators = _BINARY[level]
        left = self.binary(level + 1)
        while (t := self.peek()) is not None and t[0] == "word" and t[1] in operators:
            self.take()
            left = operators[t[1]](bool(left), bool(self.binary(level + 1)))
        return left

    def negation(self) -> Any:
        if self.peek() == ("word", "NOT"):
            self.take()
            return not bool(self.negation())
        return self.comparison()

    def comparison(self) -> Any:
        left = self.primary()
        t = self.peek()
        if t is not None and t[0] == "op" and t[1] in ("=", "<>", "<", ">", "<=", ">="):
            self.take()
            return _compare(left, self.primary(), t[1])
        return left

    def primary(self) -> Any:
        kind, value = self.take()
        if kind == "value":
            return value
        if kind == "op" and value == "(":
            inner = self.binary(0)
            if self.take() != ("op", ")"):
                raise CcError(f"{self.text!r}: ')' missing")
            return inner
        if kind == "word" and value in ("TRUE", "FALSE"):
            return value == "TRUE"
        if kind == "word" and value not in ("NOT", "AND", "OR", "XOR", "EQV", "IMP"):
            return self.constants.get(value, EMPTY)
        raise CcError(f"{self.text!r}: unexpected {value!r}")


def resolve(source: str, platform: Mapping[str, Any]) -> str:
    """The module as VBA compiles it on `platform`: directive lines and the lines of branches
    not taken become comments, so every other line keeps its number."""
    constants = {k.upper(): v for k, v in platform.items()}
    stack: list[tuple[bool, bool]] = []  # per open #If: (this branch is live, one was taken)
    out: list[str] = []
    lines = source.split("\r\n") if "\r\n" in source else source.split("\n")
    for number, line in enumerate(lines, start=1):

        def live(depth: int | None = None) -> bool:
            return all(branch for branch, _ in stack[:depth])

        m = _DIRECTIVE.match(line)
        if m is None:
            out.append(line if live() else "'" + line)
            continue
        kind = re.sub(r"\s", "", m[1].lower())
        rest = _strip_comment(m[2]).strip()
        where = f"line {number}: {line.strip()!r}"
        if kind in ("if", "elseif"):
            if not re.search(r"\bthen$", rest, re.I):
                raise CcError(f"{where}: Then missing")
            condition = rest[: -len("then")]
        if kind == "const":
            if live():
                name, eq, expr = rest.partition("=")
                if not eq:
                    raise CcError(f"{where}: '=' missing")
                constants[name.strip().upper()] = evaluate(expr, constants)
        elif kind == "if":
            taken = live() and bool(evaluate(condition, constants))
            stack.append((taken, taken or not live()))
        elif kind in ("elseif", "else", "endif") and not stack:
            raise CcError(f"{where}: no #If is open")
        elif kind == "elseif":
            _, done = stack[-1]
            taken = not done and live(-1) and bool(evaluate(condition, constants))
            stack[-1] = (taken, done or taken)
        elif kind == "else":
            _, done = stack[-1]
            stack[-1] = (not done, True)
        else:
            stack.pop()
        out.append("'" + line)
    if stack:
        raise CcError(f"{len(stack)} #If without #End If")
    return "\r\n".join(out)


# --- the grammar --------------------------------------------------------------------------------


def export_form(text: str, is_class: bool) -> str:
    """A stored-form module as the VBA editor would export it (see the module's docstring)."""
    if not is_class:
        return text
    lines = [
        "'" + line if re.match(rf"Attribute ({'|'.join(NOT_IN_MS_VBAL)}) = ", line) else line
        for line in text.split("\r\n")
    ]
    return "\r\n".join([*CLASS_HEADER, *lines])


# A line that begins a procedure (MS-VBAL §5.3.1): where a module's code is cut into pieces.
# `Declare ... Function` lines do not match (they are declarations).
_PROCEDURE = re.compile(
    r"\s*(?:(?:Public|Private|Friend|Global)\s+)?(?:Static\s+)?"
    r"(?:Sub|Function|Property\s+(?:Get|Let|Set))\s+(?!As\b)\w",
    re.I,
)
# The lines of a module's header: an exported class's VERSION/BEGIN block and the attributes
# (those export_form commented out, by then empty lines, included).
_HEADER = re.compile(r"(?:VERSION \d|BEGIN\b|END\s*$|\s+\w+\s*=|'?Attribute VB_|\s*$)", re.I)
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")  # ANTLR counts lines by "\n"


def pieces(text: str) -> list[tuple[str, int, int]]:
    """The module cut where each procedure begins, as (text to parse, header lines, the module's
    line where the piece starts). The first piece is the module up to its first procedure
    (header, options, declarations, comments): a module on its own. Every later piece is one
    procedure with what follows it up to the next one, after a copy of the module's header, so
    it too is a whole module the grammar's start rule takes.

    The grammar is context free and a module is `header declarations? (procedure | comment)*`,
    so the module parses exactly when every piece does; what the pieces share (most procedures
    are the same text on every platform) is then parsed once (`_parse` is cached). A
    declaration after a procedure lands in that procedure's piece and fails there, as it
    would in the whole module."""
    lines = _LINE.findall(text)
    header = 0
    for i, line in enumerate(lines):
        if not _HEADER.match(line):
            break
        if line.lstrip("'").startswith("Attribute"):
            header = i + 1
    starts = [
        i
        for i, line in enumerate(lines)
        if i >= header
        and _PROCEDURE.match(line)
        and not _CONTINUED.search(lines[i - 1])  # not the middle of a continued line
    ]
    if header == 0 or not starts:
        return [(text, 0, 1)]
    head = "".join(lines[:header])
    bounds = [*starts, len(lines)]
    out = [("".join(lines[: starts[0]]), 0, 1)]
    for start, stop in itertools.pairwise(bounds):
        out.append((head + "".join(lines[start:stop]), header, start + 1))
    return out


# A line that is blank or only a comment: to the grammar, wherever it may stand, one or two
# `endOfLine`s (`endOfLine: WS? (NEWLINE | commentBody | remStatement) WS?`) after the one
# ending the line before. Those come in runs (`endOfLine*`, `endOfLine+`, `endOfStatement+`);
# where a rule takes exactly one (before a class header's BEGIN and END) such a line fails,
# and an empty line (one more `endOfLine`) fails there too: it is accepted exactly where the
# line was. Such lines become empty before parsing: a run
# of comment lines costs ANTLR's full-context prediction time quadratic in its length (the 43
# lines of xlwings' licence took 18 s, as empty lines 1.6 s; 200 commented-out lines after a
# procedure of Dictionary two minutes), empty lines almost nothing. Line numbers are kept. A
# line ending in ` _`, or after one, is kept: a comment continues onto the next line.
_ASIDE = re.compile(r"[ \t]*(?:'[^\n]*)?\r?\n?")
_CONTINUED = re.compile(r"[ \t]_[ \t]*\r?\n?$")  # the lexer's line continuation


def _aside(lines: list[str], i: int) -> bool:
    return (
        _ASIDE.fullmatch(lines[i]) is not None
        and not _CONTINUED.search(lines[i])
        and not (i > 0 and _CONTINUED.search(lines[i - 1]))
    )


def without_asides(text: str) -> str:
    """`text` with its blank and comment-only lines empty (see `_ASIDE`)."""
    lines = _LINE.findall(text)
    return "".join(
        ("\r\n" if line.endswith("\r\n") else "\n" if line.endswith("\n") else "")
        if _aside(lines, i)
        else line
        for i, line in enumerate(lines)
    )


def syntax_errors(text: str) -> tuple[str, ...]:
    """What the grammar cannot parse in a module (empty when it all parses), as 'line L:C msg'
    with the module's line numbers.

    Parsed piece by piece (see `pieces`): xlwings' module is 46 kB, and the three platforms'
    versions of it differ only in a few procedures."""
    errors = []
    for piece, header, start in pieces(without_asides(text)):
        for line, column, msg in _parse(piece):
            at = line if line <= header else start + line - header - 1
            errors.append(f"line {at}:{column} {msg}")
    return tuple(errors)


@cache
def _parse(text: str) -> tuple[tuple[int, int, str], ...]:
    """The grammar's errors in a whole module, as (line, column, message).

    Full LL prediction: the cheaper SLL mode reports errors in valid VBA with this grammar."""
    from antlr4 import CommonTokenStream, InputStream
    from antlr4.error.ErrorListener import ErrorListener
    from antlr4_vba.vbaLexer import vbaLexer
    from antlr4_vba.vbaParser import vbaParser

    class Collect(ErrorListener):  # type: ignore[misc]
        def __init__(self) -> None:
            self.errors: list[tuple[int, int, str]] = []

        def syntaxError(self, recognizer, symbol, line, column, msg, e):
            self.errors.append((line, column, msg))

    collect = Collect()
    lexer = vbaLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(collect)
    parser = vbaParser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(collect)
    parser.startRule()
    return tuple(collect.errors)


@cache
def reserved_identifiers() -> frozenset[str]:
    """The words the grammar's `reservedIdentifier` rule takes (MS-VBAL §3.3.5.2), upper-case:
    the tokens that can begin it, read from the parser's own ATN."""
    from antlr4 import CommonTokenStream, InputStream
    from antlr4_vba.vbaLexer import vbaLexer
    from antlr4_vba.vbaParser import vbaParser

    parser = vbaParser(CommonTokenStream(vbaLexer(InputStream(""))))
    atn = parser.atn
    start = atn.ruleToStartState[parser.ruleNames.index("reservedIdentifier")]
    return frozenset(
        parser.literalNames[t].strip("'").strip().upper()
        for interval in atn.nextTokens(start).intervals
        for t in interval
    )


_DECLARATION = re.compile(
    r"^\s*(?:(?:Public|Private|Friend|Static)\s+)*(?:Function|Sub|Property\s+(?:Get|Let|Set))\s+"
    r"(\w+)\s*\(([^)]*)\)",
    re.I | re.M,
)


def declared_names(text: str) -> list[tuple[str, str]]:
    """(procedure, name) for every procedure and parameter name a module declares."""
    out = []
    for m in _DECLARATION.finditer(text):
        out.append((m[1], m[1]))
        for param in filter(None, (p.strip() for p in m[2].split(","))):
            words = [w for w in re.split(r"\s+", param.split("=")[0].split(" As ")[0]) if w]
            name = [w for w in words if w.lower() not in ("optional", "byval", "byref")][-1]
            out.append((m[1], name.rstrip("()")))
    return out
