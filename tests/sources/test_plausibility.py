"""Issue 14, item 7: values that parse but cannot be true are quarantined with their reason, per source.

Duplicated SIPRI supplier-recipient-year rows (the arms panel summed them twice), a TIV of inf, years like
99999 or -40, month 13, day 45: each loader rejects them with file, line and reason, and keeps the rest.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from multivector.sources import alliances, cited, cow, sipri, unga
from multivector.sources._readers import Rejects
from multivector.sources.validate import check_dates, check_range, check_unique, check_years, last_year


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _reasons(res) -> dict[int, str]:  # type: ignore[no-untyped-def]
    rep = res.report
    assert rep.rows_read == rep.rows_kept + rep.rows_rejected
    return {
        int(line): reason for line, reason in zip(res.rejected["line"], res.rejected["reason"], strict=True)
    }


def test_sipri_tiv(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "sipri_tiv_x.csv",
        "supplier,recipient,year,tiv_musd\n"
        "Russia,Kazakhstan,2015,90\n"  # 2 kept
        "Russia,Kazakhstan,2015,90\n"  # 3 the same supplier-recipient-year again
        "Russia,Kazakhstan,2016,inf\n"  # 4
        "Russia,Kazakhstan,99999,5\n"  # 5
        "Russia,Kazakhstan,-40,5\n"  # 6
        "China,Kazakhstan,2016,1.5\n",  # 7 kept
    )
    res = sipri.load(f)["sipri_tiv"]
    reasons = _reasons(res)
    assert sorted(reasons) == [3, 4, 5, 6] and res.report.rows_kept == 2
    assert reasons[3] == "duplicate supplier-recipient-year (Russia/Kazakhstan/2015)"
    assert reasons[4] == "not a finite number in tiv_musd: inf"
    assert reasons[5] == f"implausible year in year: 99999 (expected 1950-{last_year()})"
    assert reasons[6].startswith("implausible year in year: -40")
    # the arms panel now sums one row of 90, not two
    assert res.table.groupby("supplier_iso3")["tiv"].sum().to_dict() == {"CHN": 1.5, "RUS": 90.0}


def test_sipri_register(tmp_path: Path, fixtures: Path) -> None:
    lines = (fixtures / "arms" / "sipri_trade_register_test.csv").read_text(encoding="utf-8").splitlines()
    head, first = lines[0], lines[1]  # 1001,Russia,Kazakhstan,...,2015,No,4,No,2016,...
    bad_order = first.replace(",2015,", ",1066,", 1)
    negative = first.replace("1001,", "1003,", 1).replace(",No,4,No,", ",No,-4,No,", 1)
    f = _write(
        tmp_path / "sipri_trade_register_x.csv", "\n".join([head, first, first, bad_order, negative]) + "\n"
    )
    reasons = _reasons(sipri.load(f)["sipri_register"])
    assert reasons[3] == "duplicate deal and delivery year (1001/2016)"
    assert reasons[4].startswith("implausible year in order_year: 1066 (expected 1900-")
    assert reasons[5] == "implausible value in numbers_delivered: -4 (expected 0 to inf)"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            "KZK,705,Kazakhstan,1991,13,26,2016,12,31,2016",
            "impossible date in styear/stmonth/stday: 1991-13-26",
        ),
        (
            "KZK,705,Kazakhstan,1991,12,45,2016,12,31,2016",
            "impossible date in styear/stmonth/stday: 1991-12-45",
        ),
        (
            "KZK,705,Kazakhstan,1991,2,30,2016,12,31,2016",
            "impossible date in styear/stmonth/stday: 1991-2-30",
        ),
        ("KZK,705,Kazakhstan,1991,12,26,99999,12,31,2016", "implausible year in endyear: 99999"),
    ],
)
def test_cow_states_dates(tmp_path: Path, row: str, reason: str) -> None:
    header = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
    ok = "RUS,365,Russia,1816,1,1,1917,12,5,2016\n"
    f = _write(tmp_path / "cow_states_x.csv", header + ok + row + "\n" + ok)
    res = cow.load_states(f)["cow_states"]
    reasons = _reasons(res)
    assert reasons[3].startswith(reason)
    assert reasons[4] == "duplicate spell (same state and start) (365/1816/1/1)"
    assert res.report.rows_kept == 1


def test_cow_majors_and_trade_years(tmp_path: Path) -> None:
    majors = _write(
        tmp_path / "cow_majors_x.csv",
        "ccode,styear,stmonth,stday,endyear,endmonth,endday,version\n2,1898,8,13,2016,12,31,2016\n"
        "365,1922,0,1,2016,12,31,2016\n",
    )
    assert _reasons(cow.load_majors(majors)["cow_majors"]) == {
        3: "impossible date in styear/stmonth/stday: 1922-0-1"
    }
    national = _write(
        tmp_path / "cow_trade_v4_national_x.csv",
        "ccode,year,imports,exports\n705,2000,1.0,2.0\n705,1700,1.0,2.0\n705,2001,-5,2.0\n",
    )
    reasons = _reasons(cow.load_trade(national)["cow_trade_national"])
    assert reasons[3].startswith("implausible year in year: 1700 (expected 1816-")
    assert reasons[4] == "negative trade total"


def test_alliance_years(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "atop5_directed_dyad_year_x.csv",
        "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n"
        "365,705,2000,1,0,0,1,1\n365,705,1500,1,0,0,1,1\n365,705,99999,1,0,0,1,1\n",
    )
    reasons = _reasons(alliances.load_atop(f)["atop"])
    assert sorted(reasons) == [3, 4] and reasons[3].startswith(
        "implausible year in year: 1500 (expected 1815-"
    )


def test_unga_years(tmp_path: Path, fixtures: Path) -> None:
    rolls = (fixtures / "unga" / "unga_rollcalls_test.csv").read_text(encoding="utf-8")
    votes = (fixtures / "unga" / "unga_votes_test.csv").read_text(encoding="utf-8")
    first_roll = rolls.splitlines()[1]  # 101_19921105,101,1992-11-05,1992,...
    rolls += first_roll.replace("101_19921105,101,1992-11-05,1992", "999_19301105,999,1930-11-05,1930") + "\n"
    _write(tmp_path / "unga_rollcalls_x.csv", rolls)
    _write(tmp_path / "unga_votes_x.csv", votes + "999_19301105,999,1930-11-05,KAZ,705,1,yes\n")
    res = unga.load(tmp_path)
    roll_reasons = _reasons(res["unga_rollcalls"])
    assert list(roll_reasons.values()) == [f"implausible year in year: 1930 (expected 1946-{last_year()})"]
    vote_reasons = _reasons(res["unga_votes"])
    assert list(vote_reasons.values()) == [
        f"implausible year in date: 1930-11-05 (expected 1946-{last_year()})"
    ]


def test_cited_years(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "energy" / "kaz_oil_export_routes_cited.csv",
        "year,period,route,metric,value,unit,reported_by,source_url,note\n"
        "2020,full_year,CPC,throughput,10.5,million tonnes,Agency,https://example.org/a,\n"
        "9999,full_year,CPC,throughput,10.5,million tonnes,Agency,https://example.org/a,\n"
        "2021-2019,full_year,CPC,throughput,10.5,million tonnes,Agency,https://example.org/a,\n",
    )
    reasons = _reasons(cited.load(f)["cited_energy_routes"])
    assert reasons[3].startswith("implausible year in year: 9999")
    assert reasons[4] == "year range ends before it starts"


def test_rules_judge_only_values_present() -> None:
    frame = pd.DataFrame(
        {
            "year": pd.array([2000, None, 2001], dtype="Int64"),
            "month": pd.array([1, 2, None], dtype="Int64"),
            "day": pd.array([31, None, 99], dtype="Int64"),
            "tiv": [1.0, float("nan"), -1.0],
            "_line": [2, 3, 4],
        }
    )
    rejects = Rejects()
    kept = check_years(frame, ["year"], rejects, first=1950, source="t", file="f")
    kept = check_dates(kept, "year", "month", "day", rejects, source="t", file="f")
    kept = check_range(kept, ["tiv"], rejects, low=0, source="t", file="f")
    kept = check_unique(kept, ["year", "month"], rejects, what="year-month", source="t", file="f")
    assert kept["_line"].tolist() == [2, 3]  # NA year, month, day, tiv pass
    assert rejects.frame()["line"].tolist() == [4]  # day 99 (the negative tiv of the same row is not reached)
