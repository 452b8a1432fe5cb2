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
    intact = intact_rows(log)
    frame = pd.DataFrame(
        {
            QUOTE_ID: stored(log, ApprovalLog.quote_id),
            VERSION: log[str(ApprovalLog.version)].astype("Int64"),
            "level": log[str(ApprovalLog.level)].astype("Int64"),
            "user": stored(log, ApprovalLog.user),
            "decision": stored(log, ApprovalLog.decision).str.lower(),
            "digest": stored(log, ApprovalLog.quote_digest),
            "seq": log[str(ApprovalLog.seq)].astype("Float64"),
            "intact": intact,
        },
        index=log.index,
    )
    frame = frame[(frame[QUOTE_ID] != "") & frame[VERSION].notna()]
    frame = frame.sort_values(["seq"], kind="stable", na_position="last")
    keys = frame[[QUOTE_ID, VERSION]].drop_duplicates()
    state = keys.set_index([QUOTE_ID, VERSION])
    untrusted = (~frame["intact"]).groupby([frame[QUOTE_ID], frame[VERSION]]).sum()
    state[UNTRUSTED] = untrusted.reindex(state.index).fillna(0).astype("int64")
    trusted = frame[frame["intact"]]

    current = None
    if digests is not None and len(digests):
        current = digests.copy()
        current.index = current.index.set_names([QUOTE_ID, VERSION])
    decided = trusted[trusted["decision"].isin([Decision.APPROVE, Decision.REJECT])]
    changed = pd.Series(False, index=decided.index)
    if current is not None:
        # each decision's version looked up in the digests as whole columns (one join)
        asked = pd.MultiIndex.from_arrays(
            [decided[QUOTE_ID].to_numpy(), decided[VERSION].to_numpy(dtype=np.int64)]
        )
        # one digest per version (the last, should Quotes repeat one), as a lookup needs
        current = current[~current.index.duplicated(keep="last")]
        at = current.index.get_indexer(asked)
        now = pd.Series(
            np.where(at >= 0, current.to_numpy(dtype=object)[at], decided["digest"].to_numpy()),
            index=decided.index,
            dtype="str",
        )
        changed = (decided["digest"] != "") & (decided["digest"] != now)
        changed |= decided["digest"] == ""
    decided_ok = decided[~changed]
    changed_any = changed.groupby([decided[QUOTE_ID], decided[VERSION]]).any()
    state[CHANGED] = changed_any.reindex(state.index).fillna(False).astype("bool")

    approvals = decided_ok[decided_ok["decision"] == Decision.APPROVE]
    approvals = approvals.drop_duplicates([QUOTE_ID, VERSION, "level"])
    # One person, one level: a second level approved by the same user does not count.
    approvals = approvals.drop_duplicates([QUOTE_ID, VERSION, "user"])
    for n, col in LEVEL_USER.items():
        by = approvals[approvals["level"] == n].set_index([QUOTE_ID, VERSION])["user"]
        state[col] = by.reindex(state.index).astype("object").where(lambda s: s.notna(), None)
    state[LEVELS_APPROVED] = state[list(LEVEL_USER.values())].notna().sum(axis=1).astype("int64")

    rejections = decided_ok[decided_ok["decision"] == Decision.REJECT].drop_duplicates(
        [QUOTE_ID, VERSION]
    )
    rej = rejections.set_index([QUOTE_ID, VERSION])
    state[REJECTED] = state.index.isin(rej.index)
    state[REJECTED_LEVEL] = rej["level"].reindex(state.index).astype("Int64")
    state[REJECTED_BY] = rej["user"].reindex(state.index).astype("object")

    # Superseded: a later version was made (a logged revision, or a newer version in Quotes).
    revisions = trusted[trusted["decision"] == Decision.REVISE]
    newest = revisions.groupby(QUOTE_ID)[VERSION].max()
    if current is not None:
        in_quotes = pd.Series(
            current.index.get_level_values(VERSION), index=current.index.get_level_values(QUOTE_ID)
        )
        newest = pd.concat([newest, in_quotes.groupby(level=0).max()]).groupby(level=0).max()
    q_index = state.index.get_level_values(QUOTE_ID)
    v_index = state.index.get_level_values(VERSION)
    state[SUPERSEDED] = (
        (
            pd.Series(newest.reindex(q_index).to_numpy(), index=state.index).astype("Float64")
            > v_index.astype("float64")
        )
        .fillna(False)
        .astype("bool")
    )

    all_levels = state[LEVELS_APPROVED] == len(LEVELS)
    state[FULLY_APPROVED] = all_levels & ~state[REJECTED] & ~state[SUPERSEDED]
    open_ = ~state[REJECTED] & ~state[SUPERSEDED] & ~all_levels
    first_missing = state[list(LEVEL_USER.values())].isna().to_numpy().argmax(axis=1) + 1
    state[NEXT_LEVEL] = pd.array(
        [int(n) if o else None for n, o in zip(first_missing, open_, strict=True)], dtype="Int64"
    )
    return state.reset_index()[list(STATE_COLUMNS)]


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
