"""Dyadic UN General Assembly vote alignment: agreement, coincidence, S-score, kappa, pi, same-vote share.

Every measure is computed per dyad and period (calendar year or UNGA session) from a long vote table with
Voeten's codes (1 yes, 2 abstain, 3 no, 8 absent / non-voting). For each period the votes become three 0/1
country-by-roll-call matrices ``Y``, ``A``, ``N`` (voted yes, abstain, no), and every dyadic count is one
matrix product (``Y @ N.T`` counts roll calls where the row country voted yes and the column country no).
There is no loop over roll calls or dyads, so all dyads of all years take a few seconds.

Measures (``j`` indexes roll calls on which *both* countries voted yes, abstain or no; ``n`` of them):

* ``agreement`` (Voeten, ``DyadicAgreementScores.R``): mean over the *non-unanimous* joint roll calls of
  ``1 - |v1 - v2| / 2`` with yes = 1, abstain = 2, no = 3. A roll call is unanimous when every country
  that voted yes/abstain/no in it cast the same vote.
* ``coincidence``: identical votes / (identical + opposite votes), where identical = both yes or both no,
  opposite = one yes and one no; abstentions and absences are left out of numerator and denominator. This
  is the US State Department's *pre-2018* rule ("votes only", *Voting Practices in the United Nations*,
  e.g. the 2008 report's "Format and Methodology"), applied to every year; for State's rule of each year
  use ``state_dept``.
* ``state_dept`` (US State Department, *Voting Practices in the United Nations*, annual report to Congress,
  calendar years): State's formula of the year (:data:`STATE_DEPT_RULES`, :func:`state_dept_rule`), from
  the counts ``n_same`` (both cast the same vote: yes/yes, no/no, abstain/abstain), ``n_oppose`` (one yes,
  one no), ``n_partial`` (exactly one of the two abstained, the other voted yes or no) and ``n_absent``
  (exactly one of the two was absent or did not vote while the other cast a vote):

  - until 2017, "votes only": (yes/yes + no/no) / (yes/yes + no/no + n_oppose), abstentions and absences
    left out (equal to ``coincidence``);
  - 2018-2021, partial credit for an abstention: (n_same + n_partial/2) / (n_same + n_oppose + n_partial);
  - from 2022, absences count half as well: (n_same + n_partial/2 + n_absent/2) /
    (n_same + n_oppose + n_partial + n_absent), i.e. over all recorded votes in which either cast a vote.

  The period boundaries (2018, 2022) are those the reports of those years are said to introduce; the
  reports' own texts were not checked, and a description of State's 2017 report (released in April 2018)
  already gives the partial-credit rule, so the first partial-credit year may be 2017 (see
  docs/alignment.md). ``by="session"`` applies the rule of the year the session opens (session + 1945).
* ``s_score`` (Signorino and Ritter 1999): ``S = 1 - 2 d / d_max`` with positions yes = 1, abstain = 0.5,
  no = 0, ``d = sum_j |x1_j - x2_j|`` and ``d_max = n`` (the largest distance on one vote is 1). It lies in
  [-1, 1] and equals ``2 * agreement - 1`` when both are taken over the same roll calls.
* ``kappa`` and ``scott_pi`` (Hage 2011): chance-corrected S, ``1 - D_obs / D_exp`` with ``D_obs = d / n``
  and ``D_exp`` the expected distance if the two countries voted independently: ``sum_kl p1_k p2_l d(k, l)``
  with each country's own shares ``p1``, ``p2`` of yes/abstain/no over the joint roll calls (Cohen's kappa),
  or with the pooled shares ``q = (p1 + p2) / 2`` for both (Scott's pi). With ``metric="interval"`` (the
  default) ``d(k, l)`` is the S-score distance on the 0 / 0.5 / 1 scale, as in Hage; with
  ``metric="nominal"`` ``d(k, l) = [k != l]`` and the formulas reduce to the textbook
  ``(p_o - p_e) / (1 - p_e)``. Undefined (NaN) when ``D_exp = 0`` (both always cast one and the same vote).
* ``same_vote``: share of the joint roll calls on which both cast the identical vote (yes/yes, abstain/abstain
  or no/no), unanimous roll calls included.

``n_votes`` is the number of joint roll calls (used by coincidence's universe before abstentions are
dropped, by S, kappa, pi and same_vote); ``n_nonunanimous`` the number used by ``agreement``; ``n_same``,
``n_oppose``, ``n_partial`` and ``n_absent`` are the counts of ``state_dept`` (above).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from multivector.errors import InputError

__all__ = ["COUNTS", "MEASURES", "STATE_DEPT_RULES", "dyad_alignment", "state_dept_rule", "validate_votes"]

#: Names of the measures :func:`dyad_alignment` can compute.
MEASURES: tuple[str, ...] = (
    "agreement",
    "coincidence",
    "s_score",
    "kappa",
    "scott_pi",
    "same_vote",
    "state_dept",
)
#: The vote counts :func:`dyad_alignment` returns with every dyad-period.
COUNTS: tuple[str, ...] = ("n_votes", "n_nonunanimous", "n_same", "n_oppose", "n_partial", "n_absent")
#: The US State Department's coincidence rule by first calendar year (module docstring; docs/alignment.md):
#: ``votes_only`` (Voting Practices in the United Nations to the 2017 report), ``partial`` (abstentions
#: half, from the 2018 report), ``partial_absent`` (absences half as well, from the 2022 report).
STATE_DEPT_RULES: tuple[tuple[int, str], ...] = (
    (0, "votes_only"),
    (2018, "partial"),
    (2022, "partial_absent"),
)


def state_dept_rule(year: int, rules: tuple[tuple[int, str], ...] = STATE_DEPT_RULES) -> str:
    """The State Department coincidence rule of calendar ``year`` (:data:`STATE_DEPT_RULES`)."""
    rule = rules[0][1]
    for first, name in rules:
        if year >= first:
            rule = name
    return rule


_VALID_CODES = frozenset({1, 2, 3, 8, 9})
# positions on the S-score scale: yes = 1, abstain = 0.5, no = 0 (index 0 = yes, 1 = abstain, 2 = no)
_POS = np.array([1.0, 0.5, 0.0])


def validate_votes(votes: pd.DataFrame, by: str) -> pd.DataFrame:
    """Check the columns and vote codes of a long vote table; return ``vote_id, iso3, <by>, vote_code``."""
    if not isinstance(votes, pd.DataFrame):
        raise InputError(f"votes must be a pandas DataFrame, got {type(votes).__name__}")
    if by not in ("year", "session"):
        raise InputError(f"by must be 'year' or 'session', got {by!r}")
    frame = votes
    if by == "year" and "year" not in frame.columns and "date" in frame.columns:
        frame = frame.assign(year=pd.to_datetime(frame["date"], errors="coerce").dt.year)
    for col in ("vote_id", "iso3", by, "vote_code"):
        if col not in frame.columns:
            raise InputError(
                f"votes lacks column {col!r} (need vote_id, iso3, {by}, vote_code; "
                "as returned by multivector.sources.unga.load(path)['unga_votes'].table)"
            )
    out = frame[["vote_id", "iso3", by, "vote_code"]]
    codes = pd.to_numeric(out["vote_code"], errors="coerce")
    bad = codes.isna() | ~codes.isin(list(_VALID_CODES))
    if bad.any():
        example = out.loc[bad, "vote_code"].iloc[0]
        raise InputError(
            f"column 'vote_code' holds {int(bad.sum())} invalid value(s), e.g. {example!r}; "
            "expected 1 yes, 2 abstain, 3 no, 8 absent (9 non-member)"
        )
    if out["iso3"].isna().any():
        raise InputError("column 'iso3' has missing values")
    period = pd.to_numeric(out[by], errors="coerce")
    if period.isna().any():
        raise InputError(f"column {by!r} has missing or non-numeric values")
    out = pd.DataFrame(
        {
            "vote_id": out["vote_id"].astype(str).to_numpy(),
            "iso3": out["iso3"].astype(str).to_numpy(),
            by: period.astype(np.int64).to_numpy(),
            "vote_code": codes.astype(np.int64).to_numpy(),
        }
    )
    if out.duplicated(["vote_id", "iso3"]).any():
        dup = out.loc[out.duplicated(["vote_id", "iso3"]), ["vote_id", "iso3"]].iloc[0]
        raise InputError(f"columns 'vote_id', 'iso3': duplicate vote {dup['vote_id']} / {dup['iso3']}")
    return out


def _period_matrices(
    block: pd.DataFrame,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Countries (sorted: every country with a yes/abstain/no/absent row), and the indicator stack
    ``(4, n_countries, n_rollcalls)``: yes, abstain, no, absent (code 8)."""
    rows = block[block["vote_code"].isin([1, 2, 3, 8])]
    # hash-based factorisation (sorted codes for the countries): much faster than np.unique on strings
    ci, countries = pd.factorize(rows["iso3"].to_numpy(), sort=True)
    ri, _ = pd.factorize(rows["vote_id"].to_numpy())
    countries = np.asarray(countries, dtype=object)
    n_r = int(ri.max()) + 1 if len(ri) else 0
    ind = np.zeros((4, len(countries), n_r))
    codes = rows["vote_code"].to_numpy()
    ind[np.where(codes == 8, 3, codes - 1), ci, ri] = 1.0
    unanimous = (ind[:3].sum(axis=1) > 0).sum(axis=0) <= 1  # one distinct vote among those cast
    return countries, ind, unanimous


def _pair_counts(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``c[k, l, i, j]`` = roll calls where country ``i`` voted ``k`` and country ``j`` voted ``l``."""
    return np.matmul(left[:, None, :, :], right[None, :, :, :].transpose(0, 1, 3, 2))


def _state_dept(c: np.ndarray, absent: np.ndarray, rule: str) -> dict[str, np.ndarray]:
    """State's counts and coincidence of one period (module docstring); ``c`` as in :func:`_pair_counts`,
    ``absent`` = roll calls where exactly one of the two was absent while the other cast a vote."""
    same = c[0, 0] + c[1, 1] + c[2, 2]
    oppose = c[0, 2] + c[2, 0]
    partial = c[1, 0] + c[1, 2] + c[0, 1] + c[2, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        if rule == "votes_only":
            yes_no = c[0, 0] + c[2, 2]
            value = yes_no / (yes_no + oppose)
        elif rule == "partial":
            value = (same + partial / 2.0) / (same + oppose + partial)
        elif rule == "partial_absent":
            value = (same + partial / 2.0 + absent / 2.0) / (same + oppose + partial + absent)
        else:
            raise InputError(f"unknown State Department rule {rule!r}")
    return {"n_same": same, "n_oppose": oppose, "n_partial": partial, "n_absent": absent, "state_dept": value}


def _measures_for(
    left: np.ndarray, right: np.ndarray, unanimous: np.ndarray, metric: str, rule: str
) -> dict[str, np.ndarray]:
    """All dyadic measures for one period as matrices (rows: ``left`` countries, columns: ``right``);
    ``left``/``right`` are the ``(4, n, n_rollcalls)`` stacks of :func:`_period_matrices`."""
    cast_l, cast_r = left[:3].sum(axis=0), right[:3].sum(axis=0)
    absent = left[3] @ cast_r.T + cast_l @ right[3].T
    left, right = left[:3], right[:3]
    c = _pair_counts(left, right)
    n_joint = c.sum(axis=(0, 1))
    same = c[0, 0] + c[1, 1] + c[2, 2]
    dist_pos = np.abs(_POS[:, None] - _POS[None, :])  # S-score distance between categories
    d_sum = np.einsum("kl,klij->ij", dist_pos, c)
    with np.errstate(invalid="ignore", divide="ignore"):
        same_vote = same / n_joint
        s_score = 1.0 - 2.0 * d_sum / n_joint
        coincidence = (c[0, 0] + c[2, 2]) / (c[0, 0] + c[2, 2] + c[0, 2] + c[2, 0])
        # Voeten agreement over non-unanimous roll calls: 1 - |v1 - v2|/2 on 1..3 == 1 - |x1 - x2| on 0..1
        cn = _pair_counts(left[:, :, ~unanimous], right[:, :, ~unanimous])
        n_nonun = cn.sum(axis=(0, 1))
        agreement = 1.0 - np.einsum("kl,klij->ij", dist_pos, cn) / n_nonun
        # chance-corrected (Hage 2011): marginals of each side over the joint roll calls
        p_row = c.sum(axis=1) / n_joint  # (k, i, j): row country's share of category k
        p_col = c.sum(axis=0) / n_joint  # (l, i, j): partner's share of category l
        dist = dist_pos if metric == "interval" else (1.0 - np.eye(3))
        d_obs = np.einsum("kl,klij->ij", dist, c) / n_joint
        d_exp_kappa = np.einsum("kl,kij,lij->ij", dist, p_row, p_col)
        q = (p_row + p_col) / 2.0
        d_exp_pi = np.einsum("kl,kij,lij->ij", dist, q, q)
        kappa = np.where(d_exp_kappa > 1e-12, 1.0 - d_obs / d_exp_kappa, np.nan)
        scott_pi = np.where(d_exp_pi > 1e-12, 1.0 - d_obs / d_exp_pi, np.nan)
    return {
        "n_votes": n_joint,
        "n_nonunanimous": n_nonun,
        **_state_dept(c, absent, rule),
        "agreement": agreement,
        "coincidence": coincidence,
        "s_score": s_score,
        "kappa": kappa,
        "scott_pi": scott_pi,
        "same_vote": same_vote,
    }


def _as_set(codes: Iterable[str] | str | None, name: str) -> set[str] | None:
    if codes is None:
        return None
    if isinstance(codes, str):
        codes = [codes]
    out = {str(c).upper() for c in codes}
    if not out:
        raise InputError(f"{name} is empty; pass None for all countries")
    return out


def dyad_alignment(
    votes: pd.DataFrame,
    countries: Iterable[str] | str | None = None,
    partners: Iterable[str] | str | None = None,
    by: str = "year",
    measures: Sequence[str] = MEASURES,
    metric: str = "interval",
) -> pd.DataFrame:
    """UN General Assembly vote alignment of every (directed) dyad in every year or session.

    Args:
        votes: long vote table with columns ``vote_id, iso3, vote_code`` and ``year`` (or ``date``) or
            ``session``; Voeten's codes 1 yes, 2 abstain, 3 no, 8 absent (9 non-member is ignored).
        countries: ISO3 codes of the row countries (``iso3``); ``None`` = every country.
        partners: ISO3 codes of the partners; ``None`` = every country.
        by: ``"year"`` (calendar year) or ``"session"`` (UNGA session).
        measures: subset of :data:`MEASURES`.
        metric: distance between vote categories for ``kappa`` and ``scott_pi``: ``"interval"`` (yes 1,
            abstain 0.5, no 0, as the S-score; Hage 2011) or ``"nominal"`` (any two different votes differ
            by 1; textbook kappa and pi).

    Returns:
        Long frame ``iso3, partner, <by>`` and the :data:`COUNTS` (``n_votes, n_nonunanimous, n_same,
        n_oppose, n_partial, n_absent``), and one column per measure, one row per ordered pair of distinct
        countries that both voted in the period (both orders are present; every
        measure is symmetric). Measures with no votes to base them on are NaN, never 0.

    Raises:
        InputError: a column is missing, a vote code is not 1/2/3/8/9, a measure or metric is unknown.
    """
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise InputError(f"unknown measure(s) {unknown}; choose from {list(MEASURES)}")
    if metric not in ("interval", "nominal"):
        raise InputError(f"metric must be 'interval' or 'nominal', got {metric!r}")
    rows_keep = _as_set(countries, "countries")
    cols_keep = _as_set(partners, "partners")
    clean = validate_votes(votes, by)
    frames: list[pd.DataFrame] = []
    for period, block in clean.groupby(by, sort=True):
        iso, ind, unanimous = _period_matrices(block)
        if len(iso) < 2:
            continue
        rsel = np.arange(len(iso)) if rows_keep is None else np.flatnonzero(np.isin(iso, list(rows_keep)))
        csel = np.arange(len(iso)) if cols_keep is None else np.flatnonzero(np.isin(iso, list(cols_keep)))
        if len(rsel) == 0 or len(csel) == 0:
            continue
        first = int(block[by].iloc[0])
        year = first + 1945 if by == "session" else first
        mats = _measures_for(ind[:, rsel], ind[:, csel], unanimous, metric, state_dept_rule(year))
        ii, jj = np.nonzero(rsel[:, None] != csel[None, :])
        out = {"iso3": iso[rsel[ii]], "partner": iso[csel[jj]], by: np.full(len(ii), period, dtype=np.int64)}
        for count in COUNTS:
            out[count] = mats[count][ii, jj].astype(np.int64)
        for m in measures:
            out[m] = mats[m][ii, jj]
        frames.append(pd.DataFrame(out))
    columns = ["iso3", "partner", by, *COUNTS, *measures]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    result = pd.concat(frames, ignore_index=True)
    result = result[result["n_votes"] > 0].reset_index(drop=True)
    return result[columns]
