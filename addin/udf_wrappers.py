"""The Excel side of the worksheet functions, generated from `orderdesk_udfs` with xlwings itself.

On Linux and macOS `xw.func`/`xw.arg` do nothing, so the metadata Excel needs (argument names,
converters, category) exists only on Windows. `real_udf_decorators()` loads xlwings' own
decorators from `xlwings.udfs` (with stand-ins for the three pywin32 modules it imports) and
imports `orderdesk_udfs` under them: exactly what the UDF server sees on Windows. From that,

- `wrapper_module()` is the VBA module that xlwings' "Import Functions" would write (its
  `generate_vba_wrapper`, for an .xlam), so the add-in needs no import step;
- `help_module()` registers each function's description, category and argument help with
  `Application.MacroOptions` when the add-in opens (what "Import Functions" also does).

xlwings writes the Python names as they are, and would write a VBA module that does not compile
(`Function OD_WORDS(amount, currency)`: Currency is a VBA type name, and a module that does not
compile takes every function in it down). So both refuse, naming the function and argument, a
name VBA reserves (`vba_words.py`) before anything is written.

`orderdesk addin generate` writes both into addin/vba/; the build packs what is committed there,
and the tests check that it still equals a fresh generation. This relies on xlwings internals,
which is one reason xlwings is pinned to one exact version.
"""

from __future__ import annotations

import importlib
import io
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import xlwings as xw

from . import vba_words
from .build import BuildError

UDF_PACKAGE = "orderdesk_udfs"
WRAPPER_MODULE = "OrderDeskUdfs"
HELP_MODULE = "FunctionHelp"
ADDIN_FILE = "OrderDesk.xlam"
_PYWIN32 = ("pythoncom", "pywintypes", "win32com", "win32com.client")
_DECORATORS = {"func": "xlfunc", "arg": "xlarg", "ret": "xlret", "sub": "xlsub"}


def _stand_in(name: str) -> types.ModuleType:
    mod = types.ModuleType(name)

    def missing(attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)

        def unavailable(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError(f"{name}.{attr} is Windows-only (pywin32)")

        return unavailable

    mod.__getattr__ = missing  # type: ignore[method-assign]
    return mod


@contextmanager
def real_udf_decorators() -> Iterator[types.ModuleType]:
    """`orderdesk_udfs` as imported under xlwings' real decorators; everything is put back after."""
    saved = {n: sys.modules.get(n) for n in (*_PYWIN32, "xlwings.udfs", UDF_PACKAGE)}
    saved_attrs = {k: getattr(xw, k) for k in _DECORATORS}
    submodules = {n: m for n, m in sys.modules.items() if n.startswith(UDF_PACKAGE + ".")}
    try:
        for name in _PYWIN32:
            sys.modules.setdefault(name, _stand_in(name))
        udfs = importlib.import_module("xlwings.udfs")
        for public, real in _DECORATORS.items():
            setattr(xw, public, getattr(udfs, real))
        for name in (UDF_PACKAGE, *submodules):
            sys.modules.pop(name, None)
        yield importlib.import_module(UDF_PACKAGE)
    finally:
        for k, v in saved_attrs.items():
            setattr(xw, k, v)
        for name in [n for n in sys.modules if n.startswith(UDF_PACKAGE + ".")]:
            sys.modules.pop(name)
        for name, mod in {**saved, **submodules}.items():
            if mod is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = mod


def functions(module: types.ModuleType) -> list[Any]:
    """The module's worksheet functions, in xlwings' order (sorted by name, as `dir`)."""
    return [getattr(module, n) for n in dir(module) if hasattr(getattr(module, n), "__xlfunc__")]


def name_problems(module: types.ModuleType) -> list[str]:
    """Function and argument names VBA would not compile in the wrapper module."""
    out = []
    for fn in functions(module):
        info = fn.__xlfunc__
        if why := vba_words.problem(info["name"]):
            out.append(f"worksheet function {info['name']}: {why}; rename the function")
        for arg in info["args"]:
            if why := vba_words.problem(arg["name"]):
                out.append(
                    f"worksheet function {info['name']}, argument {arg['name']}: {why}; rename "
                    f"the argument in {module.__name__} (its @xw.arg too)"
                )
    return out


def _checked(module: types.ModuleType) -> types.ModuleType:
    if problems := name_problems(module):
        raise BuildError("the VBA wrappers would not compile:\n  " + "\n  ".join(problems))
    return module


class _AddinBook:
    """What `generate_vba_wrapper` asks of the workbook: its name (an .xlam → ActiveWorkbook)."""

    Name = ADDIN_FILE


def wrapper_module() -> str:
    """The UDF wrapper module, as xlwings' "Import Functions" writes it (LF line ends)."""
    with real_udf_decorators() as module:
        import xlwings.udfs

        _checked(module)
        out = io.StringIO()
        out.write(f'Attribute VB_Name = "{WRAPPER_MODULE}"\n')
        out.write(
            f"'Generated from {UDF_PACKAGE} with xlwings.udfs.generate_vba_wrapper by "
            "`orderdesk addin generate` - do not edit\n"
        )
        out.write("""#Const App = "Microsoft Excel" 'Adjust when using outside of Excel\n""")
        xlwings.udfs.generate_vba_wrapper(UDF_PACKAGE, module, out, _AddinBook())
        return out.getvalue()


def description(doc: str) -> str:
    """The first paragraph of a docstring, on one line (what Insert Function shows)."""
    first = doc.strip().split("\n\n")[0]
    return " ".join(first.split())


def _vba_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def help_module() -> str:
    """A module whose `RegisterFunctionHelp` gives Excel each function's description, category
    and argument help (called from ThisWorkbook's Workbook_Open)."""
    with real_udf_decorators() as module:
        _checked(module)
        lines = [
            f'Attribute VB_Name = "{HELP_MODULE}"',
            f"'Generated from {UDF_PACKAGE} by `orderdesk addin generate` - do not edit",
            "Option Explicit",
            "",
            "Public Sub RegisterFunctionHelp()",
            "    ' Insert Function shows these; an older Excel without argument help still opens.",
            "    Dim Book As String",
            '    Book = "\'" & ThisWorkbook.Name & "\'!"',
            "    On Error Resume Next",
        ]
        for fn in functions(module):
            info = fn.__xlfunc__
            text = description(info["ret"]["doc"])
            if len(text) > 255:
                raise BuildError(f"{info['name']}: description longer than 255 characters")
            docs = [a["doc"] for a in info["args"] if not a["vba"]]
            for d in docs:
                if len(d) > 255:
                    raise BuildError(f"{info['name']}: argument help longer than 255: {d}")
            lines += [
                f'    Application.MacroOptions Macro:=Book & "{info["name"]}", '
                f"Category:={_vba_string(info['category'])}, _",
                f"        Description:={_vba_string(text)}, _",
                f"        ArgumentDescriptions:=Array({', '.join(map(_vba_string, docs))})",
            ]
        lines += ["End Sub", ""]
        return "\n".join(lines)
