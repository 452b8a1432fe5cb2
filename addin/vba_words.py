"""The names VBA reserves, which no procedure or parameter of the add-in may use.

From [MS-VBAL] (the VBA language specification) §3.3.5.2, "Reserved Identifiers and
IDENTIFIER": a reserved identifier (statement keyword, marker keyword, operator, special form,
reserved type or name, literal, `Rem`, implementation-reserved or future-reserved word) is never
an IDENTIFIER, so `Function OD_WORDS(amount, currency)` does not compile (Currency is a type
name) and with it no function of the module works. Names compare case-insensitively.

tests/addin/test_vba_grammar.py checks this list against the reserved identifiers of an
independent grammar built from the same specification.
"""

from __future__ import annotations

STATEMENT_KEYWORDS = """
    Call Case Close Const Declare DefBool DefByte DefCur DefDate DefDbl DefInt DefLng DefLngLng
    DefLngPtr DefObj DefSng DefStr DefVar Dim Do Else ElseIf End EndIf Enum Erase Event Exit For
    Friend Function Get Global GoSub GoTo If Implements Input Let Lock Loop LSet Next On Open
    Option Print Private Public Put RaiseEvent ReDim Resume Return RSet Seek Select Set Static
    Stop Sub Type Unlock Wend While With Write
"""
MARKER_KEYWORDS = """
    Any As ByRef ByVal Case Each Else In New Shared Until WithEvents Write Optional ParamArray
    Preserve Spc Tab Then To
"""
OPERATOR_IDENTIFIERS = "AddressOf And Eqv Imp Is Like New Mod Not Or TypeOf Xor"
SPECIAL_FORMS = "Array Circle Input InputB LBound Scale UBound"
RESERVED_TYPE_IDENTIFIERS = """
    Boolean Byte Currency Date Double Integer Long LongLong LongPtr Single String Variant
"""
RESERVED_NAMES = """
    Abs CBool CByte CCur CDate CDbl CDec CInt CLng CLngLng CLngPtr CSng CStr CVar CVErr Date
    Debug DoEvents Fix Int Len LenB Me PSet Scale Sgn String
"""
LITERAL_IDENTIFIERS = "True False Nothing Empty Null"
REM_KEYWORD = "Rem"
RESERVED_FOR_IMPLEMENTATION_USE = """
    Attribute LINEINPUT VB_Base VB_Control VB_Creatable VB_Customizable VB_Description
    VB_Exposed VB_Ext_KEY VB_GlobalNameSpace VB_HelpID VB_Invoke_Func VB_Invoke_Property
    VB_Invoke_PropertyPut VB_Invoke_PropertyPutRef VB_MemberFlags VB_Name VB_PredeclaredId
    VB_ProcData VB_TemplateDerived VB_UserMemId VB_VarDescription VB_VarHelpID
    VB_VarMemberFlags VB_VarProcData VB_VarUserMemId
"""
FUTURE_RESERVED = "CDecl Decimal DefDec"

RESERVED: frozenset[str] = frozenset(
    word.upper()
    for group in (
        STATEMENT_KEYWORDS,
        MARKER_KEYWORDS,
        OPERATOR_IDENTIFIERS,
        SPECIAL_FORMS,
        RESERVED_TYPE_IDENTIFIERS,
        RESERVED_NAMES,
        LITERAL_IDENTIFIERS,
        REM_KEYWORD,
        RESERVED_FOR_IMPLEMENTATION_USE,
        FUTURE_RESERVED,
    )
    for word in group.split()
)
TYPE_NAMES = frozenset(w.upper() for w in RESERVED_TYPE_IDENTIFIERS.split())


def is_reserved(name: str) -> bool:
    return name.upper() in RESERVED


def problem(name: str) -> str | None:
    """Why `name` cannot name a VBA procedure or parameter (None when it can): a reserved word,
    or not of VBA's identifier form (a letter, then letters, digits and _; at most 255)."""
    if name.upper() in TYPE_NAMES:
        return f"'{name}' is a VBA type name"
    if is_reserved(name):
        return f"'{name}' is a reserved word in VBA"
    if not name or not name.isascii() or not name[0].isalpha() or len(name) > 255:
        return f"'{name}' is not a VBA name (a letter, then letters, digits and _)"
    if not all(c.isalnum() or c == "_" for c in name):
        return f"'{name}' is not a VBA name (a letter, then letters, digits and _)"
    return None
