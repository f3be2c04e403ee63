"""Country codes: one crosswalk between ISO3, ISO2, COW (numeric and abbreviation), CAMEO and UN M49.

Built once (cached) on ``country_converter`` (ISO3, ISO2, UN M49, names and its name regexes), with the
Correlates of War state list's codes (:data:`COW_STATES`) and a documented table of :data:`OVERRIDES` for
what the library gets wrong or lacks (the USSR seat is Russia, Yugoslavia is Serbia, Germany is COW 255 and
260, old spellings such as Kirgizia, SIPRI names such as Turkiye and UAE). Non-state actors (SIPRI's
"Unknown supplier(s)", NATO, rebel groups) are never countries: :func:`actor_kind` classifies them.

Public functions::

    to_iso3(values, src=None, not_found="raise")   names or codes -> ISO3
    cow_to_iso3(values, not_found="raise")         COW numeric codes -> ISO3
    iso3_to_cow(values, not_found="raise")         ISO3 -> COW numeric code (the current one)
    cameo_to_iso3(values, not_found="raise")       CAMEO country codes -> ISO3
    crosswalk()                                    DataFrame iso3, iso2, cow, cow_abb, cameo, un_m49, name
    name(iso3)                                     short English name
    actor_kind(value)                              "state", "historical_state", "non_state",
                                                   "international_organisation" or "unknown"

Unknown values raise :class:`~multivector.errors.UnknownCountryError` naming the value and what to do, or
become missing (``NaN`` for a scalar, ``<NA>`` in a Series) with ``not_found="nan"``.

Cost: each distinct value is resolved once; a name longer than :data:`MAX_NAME_CHARS` is "not found"
without being matched (country_converter's regular expressions take time quadratic in a name's length),
so resolution is linear in the input's size.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, overload

import pandas as pd

from multivector.errors import UnknownCountryError

__all__ = [
    "COW_STATES",
    "MAX_NAME_CHARS",
    "NON_STATE",
    "ORGANISATION",
    "OVERRIDES",
    "Override",
    "actor_kind",
    "cameo_to_iso3",
    "cow_to_iso3",
    "crosswalk",
    "iso3_to_cow",
    "name",
    "to_iso3",
]

NotFound = Literal["raise", "nan"]
#: Longest text matched as a country name: the longest name in any source (SIPRI, UN, COW) has under 60
#: characters; a longer text is not a country and is never handed to the name regexes.
MAX_NAME_CHARS = 100
Source = Literal["name", "iso3", "iso2", "cow", "cow_abb", "cameo", "un_m49"]

#: COW State System Membership v2016 codes: ``ccode:abbreviation`` (a public code list, like ISO 3166).
COW_STATES = (
    "2:USA 20:CAN 31:BHM 40:CUB 41:HAI 42:DOM 51:JAM 52:TRI 53:BAR 54:DMA 55:GRN 56:SLU 57:SVG 58:AAB 60:SKN "
    "70:MEX 80:BLZ 90:GUA 91:HON 92:SAL 93:NIC 94:COS 95:PAN 100:COL 101:VEN 110:GUY 115:SUR 130:ECU 135:PER "
    "140:BRA 145:BOL 150:PAR 155:CHL 160:ARG 165:URU 200:UKG 205:IRE 210:NTH 211:BEL 212:LUX 220:FRN 221:MNC "
    "223:LIE 225:SWZ 230:SPN 232:AND 235:POR 240:HAN 245:BAV 255:GMY 260:GFR 265:GDR 267:BAD 269:SAX 271:WRT "
    "273:HSE 275:HSG 280:MEC 290:POL 300:AUH 305:AUS 310:HUN 315:CZE 316:CZR 317:SLO 325:ITA 327:PAP 329:SIC "
    "331:SNM 332:MOD 335:PMA 337:TUS 338:MLT 339:ALB 341:MNG 343:MAC 344:CRO 345:YUG 346:BOS 347:KOS 349:SLV "
    "350:GRC 352:CYP 355:BUL 359:MLD 360:ROM 365:RUS 366:EST 367:LAT 368:LIT 369:UKR 370:BLR 371:ARM 372:GRG "
    "373:AZE 375:FIN 380:SWD 385:NOR 390:DEN 395:ICE 402:CAP 403:STP 404:GNB 411:EQG 420:GAM 432:MLI 433:SEN "
    "434:BEN 435:MAA 436:NIR 437:CDI 438:GUI 439:BFO 450:LBR 451:SIE 452:GHA 461:TOG 471:CAO 475:NIG 481:GAB "
    "482:CEN 483:CHA 484:CON 490:DRC 500:UGA 501:KEN 510:TAZ 511:ZAN 516:BUI 517:RWA 520:SOM 522:DJI 530:ETH "
    "531:ERI 540:ANG 541:MZM 551:ZAM 552:ZIM 553:MAW 560:SAF 565:NAM 570:LES 571:BOT 572:SWA 580:MAG 581:COM "
    "590:MAS 591:SEY 600:MOR 615:ALG 616:TUN 620:LIB 625:SUD 626:SSD 630:IRN 640:TUR 645:IRQ 651:EGY 652:SYR "
    "660:LEB 663:JOR 666:ISR 670:SAU 678:YAR 679:YEM 680:YPR 690:KUW 692:BAH 694:QAT 696:UAE 698:OMA 700:AFG "
    "701:TKM 702:TAJ 703:KYR 704:UZB 705:KZK 710:CHN 712:MON 713:TAW 730:KOR 731:PRK 732:ROK 740:JPN 750:IND "
    "760:BHU 770:PAK 771:BNG 775:MYA 780:SRI 781:MAD 790:NEP 800:THI 811:CAM 812:LAO 816:DRV 817:RVN 820:MAL "
    "830:SIN 835:BRU 840:PHI 850:INS 860:ETM 900:AUL 910:PNG 920:NEW 935:VAN 940:SOL 946:KIR 947:TUV 950:FIJ "
    "955:TON 970:NAU 983:MSI 986:PAL 987:FSM 990:WSM"
)


@dataclass(frozen=True)
class Override:
    """One correction to the library: ``kind`` (name, cow, iso2, cameo) ``value`` -> ``iso3``, and why.

    ``iso3`` is ``None`` for a code with no ISO3 (a historical state such as Hanover or South Vietnam).
    """

    kind: Literal["name", "cow", "iso2", "cameo"]
    value: str
    iso3: str | None
    reason: str


#: What country_converter gets wrong or lacks. Checked against COW state names in the tests.
OVERRIDES: tuple[Override, ...] = (
    # COW numeric codes: coco only has Gleditsch-Ward codes, which differ from COW for these.
    Override("cow", "255", "DEU", "COW 255 GMY is Germany (before 1945 and unified since 1990); GW uses 260"),
    Override("cow", "260", "DEU", "COW 260 GFR (West Germany 1955-1990) is continued by unified Germany"),
    Override("cow", "265", "DDR", "COW 265 GDR: German Democratic Republic, ISO 3166-3 historical code DDR"),
    Override("cow", "315", "CSK", "COW 315 CZE is Czechoslovakia (ISO 3166-3 CSK); GW 315 is the Czech Rep."),
    Override("cow", "316", "CZE", "COW 316 CZR is the Czech Republic"),
    Override("cow", "317", "SVK", "COW 317 SLO is Slovakia"),
    Override(
        "cow", "345", "SRB", "COW 345 YUG: Yugoslavia / Serbia and Montenegro / Serbia, continued by SRB"
    ),
    Override("cow", "347", "XKX", "COW 347 KOS: Kosovo, user-assigned code XKX (no ISO 3166 code)"),
    Override("cow", "365", "RUS", "COW 365 RUS covers the USSR (1922-1991) and Russia"),
    Override("cow", "678", "YEM", "COW 678 YAR: Yemen Arab Republic (North Yemen), continued by Yemen"),
    Override("cow", "679", "YEM", "COW 679 YEM: unified Yemen (from 1990)"),
    Override("cow", "680", "YMD", "COW 680 YPR: Yemen People's Republic (South Yemen), ISO 3166-3 YMD"),
    Override("cow", "713", "TWN", "COW 713 TAW: Taiwan (and the ROC China seat at the UN until 1971)"),
    Override(
        "cow", "816", "VNM", "COW 816 DRV: (North) Vietnam, continued by Vietnam; GW uses 816/817 differently"
    ),
    Override("cow", "817", None, "COW 817 RVN: Republic of (South) Vietnam 1954-1975, no ISO3 code"),
    Override("cow", "946", "KIR", "COW 946 KIR is Kiribati; GW 970 is Kiribati"),
    Override("cow", "947", "TUV", "COW 947 TUV is Tuvalu; GW uses 973"),
    Override("cow", "955", "TON", "COW 955 TON is Tonga; GW uses 972"),
    Override("cow", "970", "NRU", "COW 970 NAU is Nauru; GW 970 is Kiribati"),
    Override("cow", "511", None, "COW 511 ZAN: Zanzibar (1963-1964), no ISO3 code"),
    Override("cow", "730", None, "COW 730 KOR: Korea (1887-1905), no ISO3 code"),
    Override("cow", "300", None, "COW 300 AUH: Austria-Hungary (to 1918), no ISO3 code"),
    # Names: spellings coco misses or maps to the wrong state.
    Override("name", "Soviet Union", "RUS", "the USSR seat and its data are coded as Russia (COW 365)"),
    Override("name", "USSR", "RUS", "the USSR seat and its data are coded as Russia (COW 365)"),
    Override("name", "Union of Soviet Socialist Republics", "RUS", "USSR coded as Russia (COW 365)"),
    Override("name", "Yugoslavia", "SRB", "Yugoslavia (COW 345) is continued by Serbia"),
    Override("name", "Serbia and Montenegro", "SRB", "continued by Serbia (COW 345)"),
    Override("name", "Kirgizia", "KGZ", "old spelling of Kyrgyzstan; coco does not match it"),
    Override("name", "Kirghizia", "KGZ", "old spelling of Kyrgyzstan"),
    Override("name", "Tadjikistan", "TJK", "old spelling of Tajikistan; coco does not match it"),
    Override("name", "Azerbaidjan", "AZE", "old spelling of Azerbaijan; coco does not match it"),
    Override("name", "Byelorussia", "BLR", "old name of Belarus"),
    Override("name", "Turkiye", "TUR", "SIPRI's 2023+ spelling of Turkey"),
    Override("name", "Türkiye", "TUR", "official spelling of Turkey since 2022"),
    Override(
        "name", "UAE", "ARE", "SIPRI's abbreviation of the United Arab Emirates; coco does not match it"
    ),
    Override("name", "East Germany (GDR)", "DDR", "SIPRI name of the German Democratic Republic"),
    Override("name", "East Germany", "DDR", "German Democratic Republic (ISO 3166-3 DDR)"),
    Override("name", "German Democratic Republic", "DDR", "historical state, ISO 3166-3 DDR"),
    Override("name", "Federal Republic of Germany", "DEU", "West Germany is continued by Germany"),
    Override("name", "West Germany", "DEU", "West Germany is continued by Germany"),
    Override("name", "Czechoslovakia", "CSK", "historical state, ISO 3166-3 CSK"),
    Override("name", "Yemen Arab Republic", "YEM", "North Yemen is continued by Yemen"),
    Override("name", "North Yemen", "YEM", "North Yemen is continued by Yemen"),
    Override("name", "Yemen People's Republic", "YMD", "South Yemen, ISO 3166-3 YMD; coco maps it to YEM"),
    Override("name", "South Yemen", "YMD", "South Yemen, ISO 3166-3 YMD; coco maps it to YEM"),
    Override("name", "South Vietnam", None, "Republic of Vietnam 1954-1975 has no ISO3 code"),
    Override("name", "Zanzibar", None, "Zanzibar (1963-1964) has no ISO3 code"),
    # ISO2 codes of historical states, as used by the unvotes R package.
    Override("iso2", "CS", "CSK", "unvotes: Czechoslovakia (ISO 3166-3 CS)"),
    Override("iso2", "YU", "SRB", "unvotes: Yugoslavia, continued by Serbia"),
    Override("iso2", "YD", "YMD", "unvotes: Yemen People's Republic"),
    Override("iso2", "DD", "DDR", "unvotes: German Democratic Republic"),
    # CAMEO country codes that are not ISO3.
    Override("cameo", "ROM", "ROU", "CAMEO uses the pre-2002 ISO code of Romania"),
    Override("cameo", "TMP", "TLS", "CAMEO uses the pre-2002 ISO code of East Timor"),
    Override("cameo", "IMY", "IMN", "CAMEO code of the Isle of Man"),
    Override("cameo", "MTN", "MNE", "CAMEO code of Montenegro"),
    Override("cameo", "KSV", "XKX", "CAMEO code of Kosovo"),
)

#: Historical states that have an ISO 3166-3 code but no row in country_converter.
_HISTORICAL = {
    "DDR": ("German Democratic Republic", "DD"),
    "CSK": ("Czechoslovakia", "CS"),
    "YMD": ("Yemen People's Republic", "YD"),
}

#: The actor kind of an international organisation (SIPRI marks them with ``**``).
ORGANISATION = "international_organisation"
#: Actors that are not states, by exact name: kind and why (SIPRI marks them with * or **).
NON_STATE: dict[str, tuple[str, str]] = {
    "unknown supplier(s)": ("unknown", "SIPRI: supplier not known, not a country"),
    "unknown recipient(s)": ("unknown", "SIPRI: recipient not known, not a country"),
    "unknown rebel group*": ("non_state", "SIPRI: unidentified armed non-state group"),
    "nato": (ORGANISATION, "North Atlantic Treaty Organization, an international organisation"),
    "african union": (ORGANISATION, "an international organisation"),
    "european union": (ORGANISATION, "an international organisation (in GDELT: known group EEC)"),
    "united nations": (ORGANISATION, "an international organisation"),
    "osce": (ORGANISATION, "an international organisation"),
    "regional security system": (ORGANISATION, "Eastern Caribbean regional security organisation"),
    "biafra": ("non_state", "secessionist entity (Nigeria, 1967-1970)"),
    "katanga": ("non_state", "secessionist entity (Congo, 1960-1963)"),
}

_log = logging.getLogger("country_converter")


def _norm(value: str) -> str:
    return " ".join(value.strip().casefold().split())


def actor_kind(value: object) -> str:
    """Classify a name: ``state``, ``historical_state``, ``non_state``, ``international_organisation``
    (:data:`ORGANISATION`) or ``unknown``.

    SIPRI marks non-state armed groups with a trailing ``*`` and organisations with ``**``.
    """
    if not isinstance(value, str) or not value.strip():
        return "unknown"
    text = value.strip()
    key = _norm(text)
    if key in NON_STATE:
        return NON_STATE[key][0]
    listed = NON_STATE.get(key.rstrip("*"))
    if text.endswith("**") or (listed is not None and listed[0] == ORGANISATION):
        return ORGANISATION
    if text.endswith("*"):
        return "non_state"
    for o in OVERRIDES:
        if o.kind == "name" and _norm(o.value) == key:
            return "historical_state" if o.iso3 is None or o.iso3 in _HISTORICAL else "state"
    return "state"


@lru_cache(maxsize=1)
def _coco_data() -> pd.DataFrame:
    import country_converter as coco

    return coco.CountryConverter().data


@lru_cache(maxsize=1)
def _coco_converter() -> object:
    import country_converter as coco

    return coco.CountryConverter()


@lru_cache(maxsize=1)
def _cow_table() -> pd.DataFrame:
    """COW codes with abbreviation and ISO3 (None for states without one)."""
    data = _coco_data()
    gw = data.dropna(subset=["GWcode"])
    gw_to_iso3 = dict(zip(gw["GWcode"].astype(int), gw["ISO3"], strict=True))
    cow_over = {int(o.value): o.iso3 for o in OVERRIDES if o.kind == "cow"}
    rows = []
    for item in COW_STATES.split():
        code_s, abb = item.split(":")
        code = int(code_s)
        iso3 = cow_over[code] if code in cow_over else gw_to_iso3.get(code)
        rows.append((code, abb, iso3))
    return pd.DataFrame(rows, columns=["cow", "cow_abb", "iso3"])


@lru_cache(maxsize=1)
def crosswalk() -> pd.DataFrame:
    """One row per ISO3 code: ``iso3, iso2, cow, cow_abb, cameo, un_m49, name`` (codes missing as <NA>).

    ``cow`` is the state's current COW code (DEU 255, RUS 365, SRB 345, YEM 679); ``cameo`` equals ISO3
    except where CAMEO differs (ROU -> ROM, TLS -> TMP, ...). Historical states DDR, CSK and YMD are included.
    Returns a copy-safe cached frame: do not modify it in place.
    """
    data = _coco_data()
    base = pd.DataFrame(
        {
            "iso3": data["ISO3"].astype(str),
            "iso2": data["ISO2"].astype(str),
            "un_m49": pd.to_numeric(data["UNcode"], errors="coerce"),
            "name": data["name_short"].astype(str),
        }
    )
    hist = pd.DataFrame(
        {
            "iso3": list(_HISTORICAL),
            "iso2": [v[1] for v in _HISTORICAL.values()],
            "un_m49": pd.array([None] * len(_HISTORICAL), dtype="Float64"),
            "name": [v[0] for v in _HISTORICAL.values()],
        }
    )
    base["un_m49"] = base["un_m49"].astype("Float64")
    base = pd.concat([base, hist], ignore_index=True)
    cow = _cow_table().dropna(subset=["iso3"])
    # an ISO3 with several COW codes gets the code of the state that exists today
    current = {"DEU": 255, "YEM": 679, "SRB": 345, "RUS": 365, "VNM": 816}
    primary = cow.drop_duplicates("iso3", keep="first").set_index("iso3")
    for iso3, code in current.items():
        primary.loc[iso3, "cow"] = code
        primary.loc[iso3, "cow_abb"] = str(cow.loc[cow["cow"] == code, "cow_abb"].iloc[0])
    out = base.merge(primary, left_on="iso3", right_index=True, how="left")
    cameo_over = {o.iso3: o.value for o in OVERRIDES if o.kind == "cameo"}
    out["cameo"] = [cameo_over.get(i, i) for i in out["iso3"]]
    out = out[["iso3", "iso2", "cow", "cow_abb", "cameo", "un_m49", "name"]].astype(
        {
            "iso3": "string",
            "iso2": "string",
            "cow": "Int64",
            "cow_abb": "string",
            "cameo": "string",
            "un_m49": "Int64",
            "name": "string",
        }
    )
    return out.sort_values("iso3").reset_index(drop=True)


@lru_cache(maxsize=1)
def _maps() -> dict[str, dict[str, str | None]]:
    cw = crosswalk()
    iso3s = set(cw["iso3"].dropna())
    iso2 = {str(k): str(v) for k, v in zip(cw["iso2"], cw["iso3"], strict=True) if pd.notna(k)}
    m49 = {str(int(k)): str(v) for k, v in zip(cw["un_m49"], cw["iso3"], strict=True) if pd.notna(k)}
    cow_tab = _cow_table()
    cow: dict[str, str | None] = {str(c): i for c, i in zip(cow_tab["cow"], cow_tab["iso3"], strict=True)}
    cow_abb: dict[str, str | None] = {
        str(a): i for a, i in zip(cow_tab["cow_abb"], cow_tab["iso3"], strict=True)
    }
    cameo: dict[str, str | None] = {i: i for i in iso3s}
    names: dict[str, str | None] = {}
    for o in OVERRIDES:
        if o.kind == "iso2":
            iso2[o.value] = o.iso3 or ""
        elif o.kind == "cameo":
            cameo[o.value] = o.iso3
        elif o.kind == "name":
            names[_norm(o.value)] = o.iso3
    for nm, iso3 in zip(cw["name"], cw["iso3"], strict=True):
        names.setdefault(_norm(str(nm)), str(iso3))
    return {
        "iso3": {i: i for i in iso3s},
        "iso2": dict(iso2.items()),
        "un_m49": dict(m49.items()),
        "cow": cow,
        "cow_abb": cow_abb,
        "cameo": cameo,
        "name": names,
    }


_HINTS = {
    "cow": "check it against the COW state list (cow_states) or pass not_found='nan'",
    "un_m49": "use a UN M49 numeric code or pass not_found='nan'",
    "cameo": "CAMEO region codes (e.g. EUR, CAS) are not countries; pass not_found='nan' to skip them",
}


def _code_key(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@lru_cache(maxsize=4096)
def _resolve_name(text: str) -> str | None:
    """Resolve one name or ISO code (no src): overrides, exact codes, then coco's regexes."""
    maps = _maps()
    key = _norm(text)
    if key in maps["name"]:
        return maps["name"][key]
    up = text.strip().upper()
    if len(up) == 3 and up in maps["iso3"]:
        return up
    if len(up) == 2 and up in maps["iso2"]:
        return maps["iso2"][up] or None
    if actor_kind(text) in {"non_state", ORGANISATION, "unknown"}:
        raise LookupError(f"{text!r} is not a country ({actor_kind(text)})")
    conv = _coco_converter()
    level = _log.level
    _log.setLevel(logging.CRITICAL)
    try:
        res = conv.convert(text, to="ISO3", not_found=None)  # type: ignore[attr-defined]
    finally:
        _log.setLevel(level)
    if isinstance(res, str) and res in maps["iso3"]:
        return res
    raise LookupError(
        f"{text!r} matches no country" if not isinstance(res, list) else f"{text!r} is ambiguous"
    )


def _resolve(value: object, src: str | None) -> str | None:
    """One value -> ISO3; raises LookupError (message) when unknown, returns None for a no-ISO3 state."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        raise LookupError("missing value")
    if src is None or src == "name":
        if not isinstance(value, str):
            raise LookupError(f"{value!r} is a number: pass src='cow' or src='un_m49'")
        if len(value) > MAX_NAME_CHARS:
            raise LookupError(f"longer than {MAX_NAME_CHARS} characters ({len(value):,}): not a country name")
        return _resolve_name(value)
    maps = _maps()
    if src not in maps:
        raise ValueError(f"unknown src {src!r}; use one of {sorted(maps)}")
    key = _code_key(value)
    if len(key) > MAX_NAME_CHARS:
        raise LookupError(f"longer than {MAX_NAME_CHARS} characters ({len(key):,}): not a {src} code")
    if src in {"iso3", "iso2", "cow_abb", "cameo"}:
        key = key.upper()
    if key in maps[src]:
        return maps[src][key]
    raise LookupError(f"{value!r} is not a known {src} code")


Values = pd.Series | pd.Index | list[Any] | tuple[Any, ...]


def _shown(value: object) -> str:
    """``repr(value)``, cut to 60 characters for a message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@overload
def to_iso3(
    values: str | int | float, src: Source | None = None, not_found: NotFound = "raise"
) -> str | float: ...
@overload
def to_iso3(values: Values, src: Source | None = None, not_found: NotFound = "raise") -> pd.Series: ...
def to_iso3(
    values: str | int | float | Values, src: Source | None = None, not_found: NotFound = "raise"
) -> str | float | pd.Series:
    """Convert names or codes to ISO3.

    ``src``: ``None``/``"name"`` (English names in any common spelling, or ISO3/ISO2 codes), ``"iso3"``,
    ``"iso2"``, ``"cow"`` (numeric), ``"cow_abb"``, ``"cameo"``, ``"un_m49"``. A scalar gives a string (or
    ``NaN``); a list or Series gives a ``string`` Series aligned with the input (``<NA>`` where not found).
    ``not_found="raise"`` raises :class:`UnknownCountryError` for the first unknown value; ``"nan"`` gives NA.
    States without an ISO3 code (South Vietnam, Hanover) and non-state actors are "not found". Missing
    input values (None, NaN, NA) stay missing and never raise.
    """
    if not_found not in ("raise", "nan"):
        raise ValueError("not_found must be 'raise' or 'nan'")
    scalar = isinstance(values, str | int | float)
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, str | int | float):
        series = pd.Series([values])
    else:
        series = pd.Series(list(values))
    obj = series.astype(object)
    present = obj.notna()
    mapping: dict[Hashable, str | None] = {}
    for v in pd.unique(obj[present]):
        try:
            iso3 = _resolve(v, src)
        except LookupError as exc:
            if not_found == "raise":
                hint = _HINTS.get(src or "", "add a spelling to countries.OVERRIDES or pass not_found='nan'")
                raise UnknownCountryError(f"unknown country {_shown(v)} ({exc}); {hint}") from None
            iso3 = None
        if iso3 is None and not_found == "raise":
            raise UnknownCountryError(
                f"{_shown(v)} has no ISO3 code (a historical state or non-state actor); pass not_found='nan'"
            )
        mapping[v] = iso3
    out = obj.map(lambda v: mapping.get(v)).where(present).astype("string")
    if scalar:
        first = out.iloc[0]
        return math.nan if pd.isna(first) else str(first)
    return out


@overload
def cow_to_iso3(values: str | int | float, not_found: NotFound = "raise") -> str | float: ...
@overload
def cow_to_iso3(values: Values, not_found: NotFound = "raise") -> pd.Series: ...
def cow_to_iso3(values: str | int | float | Values, not_found: NotFound = "raise") -> str | float | pd.Series:
    """COW numeric codes -> ISO3 (255 and 260 -> DEU, 365 -> RUS, 345 -> SRB, 265 -> DDR, 315 -> CSK)."""
    return to_iso3(values, src="cow", not_found=not_found)


@overload
def cameo_to_iso3(values: str, not_found: NotFound = "raise") -> str | float: ...
@overload
def cameo_to_iso3(values: Values, not_found: NotFound = "raise") -> pd.Series: ...
def cameo_to_iso3(values: str | Values, not_found: NotFound = "raise") -> str | float | pd.Series:
    """CAMEO country codes -> ISO3 (ROM -> ROU, TMP -> TLS, ...). CAMEO regions are not found."""
    return to_iso3(values, src="cameo", not_found=not_found)


def _from_iso3(column: str) -> Callable[[object, NotFound], float | str | int | pd.Series]:
    def convert(values: object, not_found: NotFound = "raise") -> float | str | int | pd.Series:
        cw = crosswalk().dropna(subset=[column]).set_index("iso3")[column]
        scalar = isinstance(values, str)
        series = pd.Series([values]) if scalar else pd.Series(values)
        # map the distinct values once (panels pass tens of thousands of rows of a few hundred codes)
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        keys = pd.Series(uniques, dtype="string").str.strip().str.upper().map(cw)
        out = pd.Series(keys.to_numpy()[codes], index=series.index, dtype=object).where(codes >= 0)
        missing = out.isna() & series.notna()
        if missing.any() and not_found == "raise":
            bad = series[missing].iloc[0]
            raise UnknownCountryError(
                f"ISO3 code {bad!r} has no {column} code in the crosswalk; pass not_found='nan' to get NA"
            )
        out = out.astype(cw.dtype)
        out.index = series.index
        if scalar:
            first = out.iloc[0]
            return math.nan if pd.isna(first) else first
        return out

    return convert


_iso3_to_cow = _from_iso3("cow")


def iso3_to_cow(values: object, not_found: NotFound = "raise") -> float | int | str | pd.Series:
    """ISO3 -> current COW numeric code (DEU 255, RUS 365, YEM 679); an ``Int64`` Series for a list."""
    res = _iso3_to_cow(values, not_found)
    return (
        int(res) if isinstance(res, int | float) and not (isinstance(res, float) and math.isnan(res)) else res
    )


def name(iso3: str) -> str:
    """The short English name of an ISO3 code; raises :class:`UnknownCountryError` if unknown."""
    cw = crosswalk()
    hit = cw.loc[cw["iso3"] == str(iso3).strip().upper(), "name"]
    if hit.empty:
        raise UnknownCountryError(f"unknown ISO3 code {iso3!r}; see multivector.countries.crosswalk()")
    return str(hit.iloc[0])
