"""The generator refuses a worksheet function whose VBA wrapper would not compile: a function
or argument named with a word VBA reserves (`currency` is a type name)."""

from __future__ import annotations

import textwrap

import pytest
from orderdesk_addin import build, udf_wrappers, vba_words

from orderdesk.cli import main


@pytest.fixture
def udf_package(tmp_path, monkeypatch):
    """A worksheet-function package of the test's own, in place of orderdesk_udfs."""

    def make(source: str) -> str:
        name = f"od_test_udfs_{abs(hash(source))}"
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.setattr(udf_wrappers, "UDF_PACKAGE", name)
        return name

    return make


CURRENCY_PARAMETER = """
    import xlwings as xw

    @xw.func(category="OrderDesk")
    @xw.arg("amount", ndim=2, doc="The amount")
    @xw.arg("currency", ndim=2, doc="ISO code")
    def OD_WORDS(amount, currency):
        return amount
"""


def test_a_reserved_parameter_name_is_refused_with_its_function_and_argument(udf_package):
    udf_package(CURRENCY_PARAMETER)
    for generate in (udf_wrappers.wrapper_module, udf_wrappers.help_module):
        with pytest.raises(build.BuildError) as exc:
            generate()
        assert (
            "worksheet function OD_WORDS, argument currency: 'currency' is a VBA type name"
            in str(exc.value)
        )


def test_a_reserved_function_name_is_refused(udf_package):
    udf_package(
        """
        import xlwings as xw

        @xw.func
        @xw.arg("x", ndim=2)
        def Len(x):
            return x
        """
    )
    with pytest.raises(build.BuildError, match="worksheet function Len: 'Len' is a reserved"):
        udf_wrappers.wrapper_module()


def test_generate_exits_2_and_writes_nothing(udf_package, capsys):
    udf_package(CURRENCY_PARAMETER)
    before = {p.name: p.read_bytes() for p in build.VBA_DIR.iterdir()}
    assert main(["addin", "generate"]) == 2
    assert "'currency' is a VBA type name" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in build.VBA_DIR.iterdir()} == before


def test_orderdesks_own_functions_have_vba_names():
    with udf_wrappers.real_udf_decorators() as module:
        assert udf_wrappers.name_problems(module) == []


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("currency", "'currency' is a VBA type name"),
        ("Date", "'Date' is a VBA type name"),
        ("optional", "'optional' is a reserved word in VBA"),
        ("step", None),  # a word VBA reads in context, not a reserved one
        ("ccy", None),
        ("_x", "is not a VBA name"),
        ("montant_é", "is not a VBA name"),
        ("a-b", "is not a VBA name"),
    ],
)
def test_what_names_vba_takes(name, why):
    found = vba_words.problem(name)
    assert (found is None) if why is None else (found is not None and why in found)
