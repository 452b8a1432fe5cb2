"""Every VBA module of the shipped add-in parses with an independent VBA grammar (antlr4-vba,
built from MS-VBAL) as Excel compiles it on 64-bit Windows, 32-bit Windows and the Mac: what a
module that does not compile would do in Excel (every OD_ function fails, an error at every
start) fails here. And no generated wrapper names a procedure or parameter with a word VBA
reserves, checked against the grammar's own list of reserved identifiers."""

from __future__ import annotations

import io
import re
import warnings
import zipfile

import olefile
import pytest
from orderdesk_addin import build, vba_words

from . import vba_grammar as G

with warnings.catch_warnings():  # oletools 0.60.2 calls pyparsing names that now warn on import
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

GENERATED = ("OrderDeskUdfs", "FunctionHelp")


@pytest.fixture(scope="module")
def shipped() -> dict[str, tuple[str, bool]]:
    return shipped_modules()


def shipped_modules() -> dict[str, tuple[str, bool]]:
    """Module name → (source as olevba extracts it, whether the project lists it as a class or
    document module), read back out of the shipped OrderDesk.xlam."""
    data = build.BUILT.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        ole = olefile.OleFileIO(io.BytesIO(zf.read("xl/vbaProject.bin")))
    project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    classes = {
        line.split("=", 1)[1].split("/")[0]
        for line in project
        if line.startswith(("Document=", "Class="))
    }
    parser = VBA_Parser("OrderDesk.xlam", data=data)
    try:
        found = {s.rpartition("/")[2]: code for _, s, _, code in parser.extract_macros()}
    finally:
        parser.close()
    return {name: (code, name in classes) for name, code in found.items()}


def test_every_module_of_the_source_is_in_the_shipped_addin(shipped):
    assert set(shipped) == {s.name for s in build.SOURCES}
    assert {n for n, (_, is_class) in shipped.items() if is_class} == {
        "ThisWorkbook",
        "Sheet1",
        "Dictionary",
    }


@pytest.mark.parametrize("platform", list(G.PLATFORMS))
@pytest.mark.parametrize("name", [s.name for s in build.SOURCES])
def test_the_shipped_module_parses_on_each_platform(shipped, name, platform):
    code, is_class = shipped[name]
    text = G.export_form(G.resolve(code, G.PLATFORMS[platform]), is_class)
    assert G.syntax_errors(text) == (), f"{name} on {platform}"


def test_the_platforms_see_different_code(shipped):
    """The branches really differ: 64-bit Windows declares xlwings' 64-bit DLL, 32-bit Windows
    the 32-bit one, the Mac the C library."""
    code, _ = shipped["xlwings"]
    live = {
        p: "\n".join(line for line in G.resolve(code, c).split("\r\n") if not line.startswith("'"))
        for p, c in G.PLATFORMS.items()
    }
    assert "xlwings64-" in live["Win64"] and "xlwings32-" not in live["Win64"]
    assert "xlwings32-" in live["Win32"] and "xlwings64-" not in live["Win32"]
    assert "libc.dylib" in live["Mac"] and "libc.dylib" not in live["Win64"]


def test_no_generated_wrapper_uses_a_reserved_word(shipped):
    reserved = G.reserved_identifiers()
    for module in GENERATED:
        names = G.declared_names(shipped[module][0])
        assert names, module
        bad = [(proc, n) for proc, n in names if n.upper() in reserved]
        assert bad == [], module
    wrappers = dict(G.declared_names(shipped["OrderDeskUdfs"][0]))
    assert "OD_WORDS" in wrappers  # the function that once took `currency`


# --- the checks fail where Excel would ------------------------------------------------------

CURRENCY_WRAPPER = (
    'Attribute VB_Name = "OrderDeskUdfs"\r\n'
    "Function OD_WORDS(amount, currency, Optional lang)\r\n"
    '    OD_WORDS = XLPy.CallUDF("orderdesk_udfs", "OD_WORDS", Array(amount, currency, lang))\r\n'
    "End Function\r\n"
)


def test_a_reserved_parameter_fails_the_grammar_and_the_word_check():
    assert G.syntax_errors(CURRENCY_WRAPPER.replace("currency", "ccy")) == ()
    errors = G.syntax_errors(CURRENCY_WRAPPER)
    assert errors and errors[0].startswith("line 2:")
    reserved = G.reserved_identifiers()
    assert [n for _, n in G.declared_names(CURRENCY_WRAPPER) if n.upper() in reserved] == [
        "currency"
    ]


def test_code_in_a_branch_only_one_platform_compiles_is_checked_on_that_platform():
    module = (
        'Attribute VB_Name = "M"\r\n#If Mac Then\r\nSub A(Date)\r\nEnd Sub\r\n#Else\r\n'
        "Sub A(x)\r\nEnd Sub\r\n#End If\r\n"
    )
    assert G.syntax_errors(G.resolve(module, G.PLATFORMS["Win64"])) == ()
    assert G.syntax_errors(G.resolve(module, G.PLATFORMS["Mac"]))


def test_each_platform_is_parsed_on_its_own():
    """The grammar's lexer hides #If lines and would read every branch at once; here each
    platform's code is parsed alone, as VBA compiles it."""
    module = (
        'Attribute VB_Name = "M"\r\n#If Mac Then\r\nSub A()\r\n#Else\r\nSub A(x)\r\n#End If\r\n'
        "End Sub\r\n"
    )
    assert G.syntax_errors(module)  # both branches at once: two Sub lines, one End Sub
    for platform in G.PLATFORMS.values():
        assert G.syntax_errors(G.resolve(module, platform)) == ()


def test_our_reserved_word_list_is_the_grammars():
    assert G.reserved_identifiers() == vba_words.RESERVED
    assert "CURRENCY" in vba_words.RESERVED and "STEP" not in vba_words.RESERVED


# --- conditional compilation, against hand-worked answers -----------------------------------


@pytest.mark.parametrize(
    ("expression", "platform", "expected"),
    [
        ("Win64", "Win64", True),
        ("Win64", "Win32", False),
        ("Mac Or Not UseDict", "Win64", True),  # an undefined constant is Empty: False
        ("Mac And VBA7", "Mac", True),
        ("MAC_OFFICE_VERSION >= 15", "Mac", True),
        ("MAC_OFFICE_VERSION >= 15", "Win64", False),  # Empty compares as 0
        ('App = "Microsoft Excel"', "Win64", False),
        ("Not (Win32 Xor Win64)", "Win64", True),
        ("Win16 Imp Mac", "Win32", True),
    ],
)
def test_expressions(expression, platform, expected):
    assert (
        bool(G.evaluate(expression, {k.upper(): v for k, v in G.PLATFORMS[platform].items()}))
        is expected
    )


def test_branches_consts_and_nesting():
    module = "\r\n".join(
        [
            'Attribute VB_Name = "M"',
            '#Const App = "Microsoft Excel" \' a comment',
            "#If Mac Then",
            "  mac",
            '#ElseIf App = "Microsoft Excel" Then',
            "  #If Win64 Then",
            "    win64",
            "  #Else",
            "    win32",
            "  #End If",
            "#Else",
            "  other",
            "#EndIf",
            "after",
        ]
    )
    live = {
        p: [line.strip() for line in G.resolve(module, c).split("\r\n") if not line.startswith("'")]
        for p, c in G.PLATFORMS.items()
    }
    assert live["Win64"] == ['Attribute VB_Name = "M"', "win64", "after"]
    assert live["Win32"] == ['Attribute VB_Name = "M"', "win32", "after"]
    assert live["Mac"] == ['Attribute VB_Name = "M"', "mac", "after"]
    assert len(G.resolve(module, G.PLATFORMS["Mac"]).split("\r\n")) == 14  # line numbers kept


@pytest.mark.parametrize(
    ("module", "problem"),
    [
        ("#If Mac\r\n#End If", "Then missing"),
        ("#If Mac Then\r\nx", "without #End If"),
        ("#Else", "no #If is open"),
        ("#If Mac + 1 Then\r\n#End If", "cannot read"),
    ],
)
def test_directives_it_cannot_read_are_refused(module, problem):
    with pytest.raises(G.CcError, match=problem):
        G.resolve(module, G.PLATFORMS["Win64"])


# --- parsed piece by piece, comments aside: still every line, at its own number --------------


def _broken(text: str) -> tuple[str, int]:
    """`text` with its last procedure given a first parameter named `Date`, and the number of
    the line declaring it."""
    lines = text.split("\r\n")
    heading = re.compile(r"(?:(?:Public|Private) )?(?:Sub|Function) \w+\(", re.I)
    at = max(i for i, line in enumerate(lines) if heading.match(line))
    empty = "()" in lines[at]
    lines[at] = lines[at].replace("()", "(Date)") if empty else lines[at].replace("(", "(Date, ", 1)
    return "\r\n".join(lines), at + 1


@pytest.mark.slow  # parses the changed piece of a shipped module (seconds)
@pytest.mark.parametrize(
    ("name", "platform"), [("xlwings", "Mac"), ("Dictionary", "Win64"), ("OrderDeskUdfs", "Win32")]
)
def test_a_broken_line_deep_in_a_shipped_module_fails_at_its_own_line(shipped, name, platform):
    """The last procedure of a shipped module given a parameter named with a reserved word (as
    OD_WORDS once had): the module fails, named at the module's line, not the piece's."""
    code, is_class = shipped[name]
    text = G.export_form(G.resolve(code, G.PLATFORMS[platform]), is_class)
    broken, line = _broken(text)
    assert line > len(text.split("\r\n")) // 2
    errors = G.syntax_errors(broken)
    assert errors and errors[0].startswith(f"line {line}:"), errors


MODULE = 'Attribute VB_Name = "M"\r\nOption Explicit\r\n'
SUB = "Sub A()\r\n    x = 1\r\nEnd Sub\r\n"


def test_a_declaration_after_a_procedure_fails():
    assert G.syntax_errors(MODULE + "Public y As Long\r\n" + SUB) == ()
    errors = G.syntax_errors(MODULE + SUB + "Public y As Long\r\n")
    assert errors and errors[0].startswith("line 6:"), errors


def test_a_comment_continued_onto_end_sub_hides_it():
    """A comment line ending in ` _` takes the next line into the comment (VBA does so): the
    End Sub below it is gone, and the module fails, though the comment line looks aside."""
    ok = MODULE + "Sub A()\r\n' a note\r\nEnd Sub\r\n"
    assert G.syntax_errors(ok) == ()
    assert G.syntax_errors(ok.replace("a note", "a note _"))
    assert G.syntax_errors(ok.replace("a note", "a note_")) == ()  # no space: not a continuation


def test_comments_and_blank_lines_keep_the_line_numbers():
    block = "' a comment\r\n\r\n    ' an indented one\r\n   \r\n"
    module = MODULE + block * 20 + SUB + block * 20 + "Sub B(Date)\r\nEnd Sub\r\n"
    errors = G.syntax_errors(module)
    assert errors and errors[0].startswith(f"line {2 + 80 + 3 + 80 + 1}:"), errors
    assert G.syntax_errors(module.replace("B(Date)", "B(d)")) == ()
