"""Three-level approval of a quote version: sales manager → cost accountant → commercial.

The ApprovalLog is the only record of decisions; the state of every quote version is derived
from it (`approval_state`). The rules for a new decision (`decide`):

- levels go in order: level n needs levels 1 … n−1 approved;
- the user must hold that level in Settings → Approval matrix;
- one person cannot approve the same quote version at two levels;
- a rejected version takes no more decisions: it is revised (version n + 1) or dropped;
- a revision makes a new version, and approvals belong to the version they were given to, so a
  revision needs all three levels again; an older version is superseded and not approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.quotes.chain import intact_rows, stored
from orderdesk.domain.quotes.models import FINAL_LEVEL, LEVELS
from orderdesk.errors import OrderDeskError
from orderdesk.schema import ApprovalLog, Decision, Orders, Role, Stage

# Columns of the approval state frame.
QUOTE_ID = "quote_id"
VERSION = "version"
LEVEL_USER = {n: f"level_{n}" for n in LEVELS}  # who approved level n (None: not yet)
LEVELS_APPROVED = "levels_approved"
REJECTED = "rejected"
REJECTED_LEVEL = "rejected_level"
REJECTED_BY = "rejected_by"
SUPERSEDED = "superseded"
CHANGED = "changed_since_approval"
FULLY_APPROVED = "fully_approved"
NEXT_LEVEL = "next_level"
UNTRUSTED = "untrusted_rows"
STATE_COLUMNS = (
    QUOTE_ID,
    VERSION,
    *LEVEL_USER.values(),
    LEVELS_APPROVED,
    REJECTED,
    REJECTED_LEVEL,
    REJECTED_BY,
    SUPERSEDED,
    CHANGED,
    FULLY_APPROVED,
    NEXT_LEVEL,
    UNTRUSTED,
)


class ApprovalRefused(OrderDeskError, ValueError):
    """A decision the rules do not allow; the message says why and what to do instead."""


def approval_state(log: pd.DataFrame, digests: pd.Series | None = None) -> pd.DataFrame:
    """The approval state of every quote version in the log: one row per (quote id, version).

    `log` is the ApprovalLog as read (columns = headers). Rows whose Hash does not match their
    own fields (edited or typed in by hand) do not count; their number is in `untrusted_rows`.

    `digests` (optional, from `versions.quote_digests(quotes, lines)`, indexed by quote id and
    version) are the versions' current fingerprints. With them, an approval given to different
    terms or prices than the version now shows does not count (`changed_since_approval`), and a
    version below the newest version in Quotes is superseded even if no revision was logged.

    A version with no row has had no decision: not approved.
    """
    if log.empty:
        return _empty_state()
    # The log's rows in Seq order (blank Seq last, sheet order kept), those naming a version,
    # as plain arrays; each version is a group code in order of first appearance. Every step
    # below is a whole-column operation on those codes (no frame indexed by quote id).
    quote = stored(log, ApprovalLog.quote_id)
    version = log[str(ApprovalLog.version)].astype("Int64")
    keyed = np.flatnonzero((quote != "").to_numpy(dtype=bool) & version.notna().to_numpy(bool))
    seq = log[str(ApprovalLog.seq)].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    rows = keyed[np.argsort(seq[keyed], kind="stable")]
    if not len(rows):
        return _state_frame(quote.iloc[:0], np.zeros(0, dtype=np.int64), {})
    q = quote.to_numpy(dtype=object)[rows]
    v = version.to_numpy(dtype=np.int64, na_value=0)[rows]
    level = log[str(ApprovalLog.level)].astype("Int64").to_numpy(dtype=float, na_value=np.nan)
    level = level[rows]
    user = stored(log, ApprovalLog.user).to_numpy(dtype=object)[rows]
    decision = stored(log, ApprovalLog.decision).str.lower().to_numpy(dtype=object)[rows]
    digest = stored(log, ApprovalLog.quote_digest).to_numpy(dtype=object)[rows]
    trusted = intact_rows(log).to_numpy(dtype=bool)[rows]
    q_code, quotes = pd.factorize(q)
    v_code, v_uniques = pd.factorize(v)
    group, _ = pd.factorize(q_code.astype(np.int64) * len(v_uniques) + v_code)
    _, first = np.unique(group, return_index=True)
    n = len(first)

    def per_version(mask: np.ndarray) -> np.ndarray:
        return np.bincount(group[mask], minlength=n)

    state: dict[str, Any] = {UNTRUSTED: per_version(~trusted).astype("int64")}
    decided = trusted & np.isin(decision, [Decision.APPROVE.value, Decision.REJECT.value])
    changed = np.zeros(len(rows), dtype=bool)
    current = None
    if digests is not None and len(digests):
        # one digest per version (the last, should Quotes repeat one), as a lookup needs
        current = digests[~digests.index.duplicated(keep="last")]
        # each decision's version looked up in the digests as whole columns (one join)
        at = current.index.get_indexer(pd.MultiIndex.from_arrays([q[decided], v[decided]]))
        given = digest[decided]
        now = np.where(at >= 0, current.to_numpy(dtype=object)[at], given)
        changed[decided] = (given == "") | (given != now)
    state[CHANGED] = per_version(changed) > 0
    counted = decided & ~changed

    approvals = np.flatnonzero(counted & (decision == Decision.APPROVE.value))
    # one approval per level (the first), and one level per person (the first)
    approvals = _first_of(approvals, group, pd.factorize(level, use_na_sentinel=False)[0])
    approvals = _first_of(approvals, group, pd.factorize(user)[0])
    for n_level, col in LEVEL_USER.items():
        by = approvals[level[approvals] == n_level]
        users = np.full(n, None, dtype=object)
        users[group[by]] = user[by]
        state[col] = users

    rejections = _first_of(np.flatnonzero(counted & (decision == Decision.REJECT.value)), group)
    state[REJECTED] = np.zeros(n, dtype=bool)
    state[REJECTED][group[rejections]] = True
    rejected_level = np.full(n, np.nan)
    rejected_level[group[rejections]] = level[rejections]
    state[REJECTED_LEVEL] = pd.array(rejected_level, dtype="Float64").astype("Int64")
    rejected_by = np.full(n, np.nan, dtype=object)
    rejected_by[group[rejections]] = user[rejections]
    state[REJECTED_BY] = rejected_by

    # Superseded: a later version was made (a logged revision, or a newer version in Quotes).
    newest = np.full(len(quotes), -np.inf)
    revised = trusted & (decision == Decision.REVISE.value)
    np.maximum.at(newest, q_code[revised], v[revised].astype(float))
    if current is not None:
        of = pd.Index(quotes).get_indexer(current.index.get_level_values(0))
        made = current.index.get_level_values(1).to_numpy(dtype=float)
        np.maximum.at(newest, of[of >= 0], made[of >= 0])
    state[SUPERSEDED] = newest[q_code[first]] > v[first].astype(float)
    return _state_frame(quote.iloc[rows[first]], v[first], state)


def _first_of(rows: np.ndarray, group: np.ndarray, *codes: np.ndarray) -> np.ndarray:
    """The first of `rows` (in their order) of each version and value of `codes` (codes >= 0)."""
    key = group[rows].astype(np.int64)
    for c in codes:
        key = key * (int(c.max(initial=0)) + 1) + c[rows]
    _, first = np.unique(key, return_index=True)
    return rows[np.sort(first)]


def _state_frame(quote: pd.Series, version: np.ndarray, state: Mapping[str, Any]) -> pd.DataFrame:
    """The state frame (STATE_COLUMNS) of these versions from what `approval_state` found."""
    n = len(quote)
    users = [state.get(c, np.full(n, None, dtype=object)) for c in LEVEL_USER.values()]
    has = np.array([pd.notna(u) for u in users], dtype=bool).reshape(len(users), n)
    approved = has.sum(axis=0).astype("int64")
    rejected = state.get(REJECTED, np.zeros(n, dtype=bool))
    superseded = state.get(SUPERSEDED, np.zeros(n, dtype=bool))
    all_levels = approved == len(LEVELS)
    open_ = ~rejected & ~superseded & ~all_levels
    first_missing = (~has).argmax(axis=0) + 1 if n else np.zeros(0, dtype="int64")
    frame = {
        QUOTE_ID: quote.reset_index(drop=True),
        VERSION: pd.array(version, dtype="Int64"),
        **{c: pd.Series(u, dtype=object) for c, u in zip(LEVEL_USER.values(), users, strict=True)},
        LEVELS_APPROVED: approved,
        REJECTED: rejected,
        REJECTED_LEVEL: state.get(REJECTED_LEVEL, pd.array([None] * n, dtype="Int64")),
        REJECTED_BY: pd.Series(
            state.get(REJECTED_BY, np.full(n, np.nan, dtype=object)), dtype=object
        ),
        SUPERSEDED: superseded,
        CHANGED: state.get(CHANGED, np.zeros(n, dtype=bool)),
        FULLY_APPROVED: all_levels & ~rejected & ~superseded,
        NEXT_LEVEL: pd.arrays.IntegerArray(first_missing.astype("int64"), ~open_),
        UNTRUSTED: state.get(UNTRUSTED, np.zeros(n, dtype="int64")),
    }
    return pd.DataFrame(frame)[list(STATE_COLUMNS)]


def _empty_state() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="object") for c in STATE_COLUMNS})


def state_of(state: pd.DataFrame, quote_id: str, version: int) -> dict[str, Any] | None:
    hit = state[(state[QUOTE_ID] == quote_id) & (state[VERSION] == version)]
    return None if hit.empty else {str(k): v for k, v in hit.iloc[0].items()}


@dataclass(frozen=True)
class Approver:
    user: str
    name: str
    role: Role | None
    level: int


def approvers(matrix: pd.DataFrame) -> list[Approver]:
    """The approval matrix (Settings → Approval matrix) as read."""
    from orderdesk.schema import Approvers

    out = []
    for user, name, role, level in zip(
        matrix[Approvers.user],
        matrix[Approvers.name],
        matrix[Approvers.role],
        matrix[Approvers.level],
        strict=True,
    ):
        if not isinstance(user, str) or pd.isna(level):
            continue
        try:
            r: Role | None = Role(str(role).strip().lower())
        except ValueError:
            r = None
        out.append(Approver(user, name if isinstance(name, str) else user, r, int(level)))
    return out


def same_user(a: str, b: str) -> bool:
    """OS user names compare without regard to case or a DOMAIN\\ prefix."""
    return _norm_user(a) == _norm_user(b)


def _norm_user(user: str) -> str:
    return user.strip().rsplit("\\", 1)[-1].lower()


def decide(
    state: Mapping[str, Any] | None,
    *,
    quote: str,
    user: str,
    matrix: list[Approver],
    decision: Decision,
    level: int | None = None,
) -> Approver:
    """Who decides at which level, or ApprovalRefused saying why not.

    `state` is the version's row of `approval_state` (None: no decisions yet).
    """
    held = [a for a in matrix if same_user(a.user, user)]
    if not held:
        raise ApprovalRefused(
            f"'{user}' is not in the approval matrix (Settings → Approval matrix): only the users "
            f"listed there can approve or reject quotes ({', '.join(sorted({a.user for a in matrix})) or 'nobody yet'})"
        )
    st = state or {}
    if st.get(SUPERSEDED):
        raise ApprovalRefused(
            f"{quote} has been superseded by a newer version: decide on the newest version"
        )
    if st.get(REJECTED):
        raise ApprovalRefused(
            f"{quote} was rejected at level {st.get(REJECTED_LEVEL)} by {st.get(REJECTED_BY)}: "
            "revise it (a new version) and have the new version approved"
        )
    if st.get(FULLY_APPROVED):
        raise ApprovalRefused(f"{quote} is already approved at all {FINAL_LEVEL} levels")
    nxt = st.get(NEXT_LEVEL)
    nxt = 1 if nxt is None or pd.isna(nxt) else int(nxt)
    want = nxt if level is None else level
    if want not in LEVELS:
        raise ApprovalRefused(f"there is no approval level {want} (levels are 1, 2 and 3)")
    if want != nxt:
        raise ApprovalRefused(
            f"{quote} is at level {nxt} ({LEVELS[nxt].value}): level {want} decides after "
            f"level{'s' if nxt < want - 1 else ''} {', '.join(str(n) for n in range(nxt, want))}"
        )
    mine = [a for a in held if a.level == want]
    if not mine:
        holders = ", ".join(a.user for a in matrix if a.level == want) or "nobody"
        levels = ", ".join(str(a.level) for a in held)
        raise ApprovalRefused(
            f"{quote} waits for level {want} ({LEVELS[want].value}: {holders}); "
            f"'{user}' holds level {levels} in the approval matrix"
        )
    if decision is Decision.APPROVE:
        for n, col in LEVEL_USER.items():
            by = st.get(col)
            if n != want and isinstance(by, str) and same_user(by, user):
                others = [a.user for a in matrix if a.level == want and not same_user(a.user, user)]
                who = f" ({', '.join(others)})" if others else ""
                raise ApprovalRefused(
                    f"'{user}' already approved {quote} at level {n} ({LEVELS[n].value}): one "
                    f"person cannot approve a quote version at two levels; level {want} needs "
                    f"another {LEVELS[want].value}{who}"
                )
    return mine[0]


def has_decisions(state: Mapping[str, Any] | None) -> bool:
    """Whether anyone approved or rejected the version (a logged revision alone is no decision)."""
    st = state or {}
    return bool(st.get(LEVELS_APPROVED) or st.get(REJECTED) or st.get(CHANGED))


def approval_summary(state: Mapping[str, Any] | None) -> str:
    """What the Quotes sheet's Approval column says about a version."""
    st = state or {}
    if st.get(SUPERSEDED):
        return "superseded"
    if st.get(REJECTED):
        return f"rejected at level {st.get(REJECTED_LEVEL)}"
    done = int(st.get(LEVELS_APPROVED) or 0)
    if st.get(FULLY_APPROVED):
        return f"approved {done}/{FINAL_LEVEL}"
    nxt = st.get(NEXT_LEVEL)
    nxt = 1 if nxt is None or pd.isna(nxt) else int(nxt)
    return f"{done}/{FINAL_LEVEL}, next: {LEVELS[nxt].value}"


# --- the rule Validate uses (QUOTE-NOT-APPROVED) -----------------------------------------------

ORDER_ROW = "row"
REASON = "reason"


def unapproved_orders(orders: pd.DataFrame, state: pd.DataFrame) -> pd.DataFrame:
    """Orders at confirmed or later (not cancelled) that name a quote whose version is not
    fully approved. Columns: row (the Orders sheet row), order id, quote id, version, reason.
    """
    stage = orders[Orders.stage].map(Stage.read)
    due = stage.map(lambda s: s is not None and s.at_least(Stage.CONFIRMED))
    quoted = orders[Orders.quote_id].notna() & (orders[Orders.quote_id].astype("string") != "")
    o = orders[due.astype("bool") & quoted.fillna(False).astype("bool")]
    # Each version's state as a plain tuple of what the reason needs, from whole columns: one
    # lookup per order, not a frame .loc (or a dict of every column) per version.
    st = (
        dict(
            zip(
                zip(state[QUOTE_ID].tolist(), state[VERSION].tolist(), strict=True),
                zip(*(state[c].tolist() for c in _REASON_COLUMNS), strict=True),
                strict=True,
            )
        )
        if len(state)
        else {}
    )
    # A version typed as text ('2') still counts; one that is no whole number is named as such.
    numbers = pd.to_numeric(o[Orders.quote_version], errors="coerce")
    rows = []
    for row, oid, qid, typed, number in zip(
        o.index,
        o[Orders.order_id],
        o[Orders.quote_id],
        o[Orders.quote_version],
        numbers,
        strict=True,
    ):
        ver = int(number) if pd.notna(number) and number == int(number) else None
        if pd.isna(typed):
            reason = f"the order names quote {qid} but no Quote Version"
        elif ver is None:
            reason = (
                f"the order names quote {qid} with Quote Version {typed!r}, not a version number"
            )
        else:
            rec = st.get((qid, ver))
            reason = _not_approved(qid, ver, rec)
        if reason:
            rows.append(
                {ORDER_ROW: int(row), "order_id": oid, QUOTE_ID: qid, VERSION: ver, REASON: reason}
            )
    return pd.DataFrame(rows, columns=[ORDER_ROW, "order_id", QUOTE_ID, VERSION, REASON])


_REASON_COLUMNS = (FULLY_APPROVED, SUPERSEDED, REJECTED, REJECTED_LEVEL, LEVELS_APPROVED)


def _not_approved(qid: str, ver: int, rec: tuple[Any, ...] | None) -> str:
    """Why version `ver` of quote `qid` does not count as approved ("" when it does); `rec` is
    its state in the order of _REASON_COLUMNS, None when the log has no row for it."""
    label = f"quote {qid} version {ver}"
    if rec is None:
        return f"{label} is approved at 0 of {FINAL_LEVEL} levels"
    fully, superseded, rejected, rejected_level, levels = rec
    if bool(fully):
        return ""
    if bool(superseded):
        return f"{label} was superseded by a newer version"
    if bool(rejected):
        return f"{label} was rejected at level {rejected_level}"
    return f"{label} is approved at {int(levels)} of {FINAL_LEVEL} levels"
