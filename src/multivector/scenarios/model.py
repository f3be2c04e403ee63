"""The scenario file format: channels, substitutions, shocks, parameters and uncertain parameters.

A scenario is YAML (validated here with pydantic, unknown keys are errors)::

    name: cpc-outage
    title: CPC pipeline outage
    case: kazakhstan            # the casebook case whose infrastructure ids the channels refer to
    network: kazakhstan-energy  # a network file (presets/_network-*.yaml) or inline channels/groups/...
    parameters:                 # typed, overridable with --set days=90
      days: {value: 30, type: int, min: 1, max: 365, description: outage length in days}
    shocks:
      - {kind: capacity_cut, channel: cpc, fraction: 1.0, days: $days}
    uncertain:                  # Monte Carlo distributions over parameters
      days: {dist: triangular, low: 15, mode: 30, high: 90}

A **channel** carries one commodity of ties to one pole: ``planned`` is the flow the country plans to ship
per year, ``capacity`` the nameplate capacity per year, ``other_use`` the part of the capacity used by
other shippers (Russian oil in the CPC and the Kazakhstan-China pipeline), so the capacity left for the
country is ``capacity - other_use``. A **group** is a shared limit on several channels (the Aktau port's
loading capacity for the tankers to Baku and to Makhachkala). A **substitution** allows volume of one
channel to be rerouted to another; its per-unit cost is the target channel's ``reroute_cost`` unless the
substitution sets its own ``cost``. Lost volume is valued at the commodity's ``value_per_unit``.

Numbers may be written as ``$name`` to refer to a parameter, which is how ``--set`` and the Monte Carlo
draws reach them. ``cite`` maps a field name to its source (or to a text starting with ``ASSUMPTION``).

Every validation error is a :class:`multivector.errors.ScenarioError` whose message starts with the
field's path, e.g. ``shocks[0].channel: unknown channel 'cpcx'; known: cpc, ...``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from multivector.errors import ScenarioError
from multivector.powers import POLES
from multivector.safeyaml import load_yaml

__all__ = [
    "Channel",
    "Commodity",
    "Distribution",
    "Group",
    "Num",
    "Parameter",
    "Scenario",
    "Shock",
    "Substitution",
    "format_validation_error",
    "is_ref",
    "parse_scenario",
]

#: A number, or a ``$name`` reference to a scenario parameter.
Num = float | str

ShockKind = Literal[
    "capacity_cut", "sanctions", "demand_change", "flow_add", "shift", "price_change", "capacity_add"
]


def is_ref(value: object) -> bool:
    """True when ``value`` is a ``$name`` parameter reference."""
    return isinstance(value, str) and value.startswith("$")


def _check_num(value: Num, *, minimum: float | None = None, maximum: float | None = None) -> Num:
    if isinstance(value, str):
        if not is_ref(value) or len(value) < 2:
            raise ValueError(f"must be a number or a $parameter reference, got {value!r}")
        return value
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    if minimum is not None and value < minimum:
        raise ValueError(f"must be >= {minimum:g}")
    if maximum is not None and value > maximum:
        raise ValueError(f"must be <= {maximum:g}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)


class Parameter(_Strict):
    """A typed scenario parameter: overridable with ``--set name=value`` and drawable in Monte Carlo."""

    value: float | int | bool
    type: Literal["int", "float", "bool"] = "float"
    min: float | None = None
    max: float | None = None
    description: str = ""
    cite: str | None = None

    @model_validator(mode="after")
    def _in_range(self) -> Parameter:
        self.value = coerce_parameter(self, self.value)
        return self


def coerce_parameter(p: Parameter, raw: object) -> float | int | bool:
    """Convert ``raw`` (a string from ``--set`` or a number) to the parameter's type and check its range."""
    if p.type == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"expected true or false, got {raw!r}")
    try:
        num = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"expected {'an int' if p.type == 'int' else 'a number'}, got {raw!r}") from None
    if not math.isfinite(num):
        raise ValueError(f"expected a finite {p.type}, got {raw!r}")
    if p.type == "int":
        if num != int(num):
            raise ValueError(f"expected an int, got {raw!r}")
        num = int(num)
    if p.min is not None and num < p.min:
        raise ValueError(f"{num:g} is below the minimum {p.min:g}")
    if p.max is not None and num > p.max:
        raise ValueError(f"{num:g} is above the maximum {p.max:g}")
    return num


class Distribution(_Strict):
    """A declared distribution of an uncertain parameter (Monte Carlo).

    ``uniform(low, high)``, ``triangular(low, mode, high)``, ``normal(mean, sd)`` truncated to
    ``[low, high]`` (each bound optional), ``lognormal(mu, sigma)`` of the log (optionally truncated too).
    """

    dist: Literal["uniform", "triangular", "normal", "lognormal"]
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None
    mu: float | None = None
    sigma: float | None = None
    cite: str | None = None

    @model_validator(mode="after")
    def _params(self) -> Distribution:
        def need(*names: str) -> None:
            missing = [n for n in names if getattr(self, n) is None]
            if missing:
                raise ValueError(f"{self.dist} needs {', '.join(missing)}")

        if self.dist == "uniform":
            need("low", "high")
            assert self.low is not None and self.high is not None
            if not self.low < self.high:
                raise ValueError(f"uniform needs low < high, got low={self.low:g}, high={self.high:g}")
        elif self.dist == "triangular":
            need("low", "mode", "high")
            assert self.low is not None and self.high is not None and self.mode is not None
            if not (self.low <= self.mode <= self.high and self.low < self.high):
                raise ValueError(
                    f"triangular needs low <= mode <= high and low < high, got "
                    f"low={self.low:g}, mode={self.mode:g}, high={self.high:g}"
                )
        elif self.dist == "normal":
            need("mean", "sd")
            assert self.sd is not None
            if not self.sd > 0:
                raise ValueError(f"normal needs sd > 0, got {self.sd:g}")
        else:
            need("mu", "sigma")
            assert self.sigma is not None
            if not self.sigma > 0:
                raise ValueError(f"lognormal needs sigma > 0, got {self.sigma:g}")
        bounded = self.low is not None and self.high is not None
        if self.dist in ("normal", "lognormal") and bounded:
            assert self.low is not None and self.high is not None
            if not self.low < self.high:
                raise ValueError(f"truncation needs low < high, got low={self.low:g}, high={self.high:g}")
        return self


class Commodity(_Strict):
    """What a channel carries: its unit and the value of one unit (what a lost unit costs)."""

    unit: str
    value_per_unit: Num = Field(description="billion USD per unit (the value of a lost unit)")
    cite: dict[str, str] = Field(default_factory=dict)

    @field_validator("value_per_unit")
    @classmethod
    def _nonneg(cls, v: Num) -> Num:
        return _check_num(v, minimum=0)


class Channel(_Strict):
    """One channel of ties: an export route, a trade partner, an arms supplier or an investment source."""

    id: str
    name: str | None = None
    commodity: str = "value"
    pole: str | None = Field(default=None, description="RUS, CHN, USA, EU27 or OTHER")
    crosses: list[str] = Field(default_factory=list)
    operator: str | None = None
    infrastructure: str | None = Field(default=None, description="casebook infrastructure id")
    planned: Num | None = None
    capacity: Num | None = None
    other_use: Num = 0.0
    reroute_cost: Num = 0.0
    cite: dict[str, str] = Field(default_factory=dict)
    note: str | None = None

    @field_validator("planned", "capacity", "other_use", "reroute_cost")
    @classmethod
    def _nonneg(cls, v: Num | None) -> Num | None:
        return None if v is None else _check_num(v, minimum=0)

    @field_validator("pole")
    @classmethod
    def _pole(cls, v: str | None) -> str | None:
        if v is not None and v.upper() not in POLES:
            raise ValueError(f"unknown pole {v!r}; known: {', '.join(POLES)}")
        return None if v is None else v.upper()

    @field_validator("crosses")
    @classmethod
    def _upper(cls, v: list[str]) -> list[str]:
        return [c.upper() for c in v]


class Group(_Strict):
    """A capacity shared by several channels (e.g. a port serving two tanker routes)."""

    id: str
    channels: list[str] = Field(min_length=1)
    capacity: Num
    infrastructure: str | None = None
    cite: dict[str, str] = Field(default_factory=dict)

    @field_validator("capacity")
    @classmethod
    def _nonneg(cls, v: Num) -> Num:
        return _check_num(v, minimum=0)


class Substitution(_Strict):
    """Volume of channel ``from`` may be rerouted to channel ``to`` (at ``cost`` per unit if given)."""

    from_: str = Field(alias="from")
    to: list[str] = Field(min_length=1)
    cost: Num | None = None
    cite: dict[str, str] = Field(default_factory=dict)

    @field_validator("to", mode="before")
    @classmethod
    def _listify(cls, v: object) -> object:
        return [v] if isinstance(v, str) else v

    @field_validator("cost")
    @classmethod
    def _nonneg(cls, v: Num | None) -> Num | None:
        return None if v is None else _check_num(v, minimum=0)


class Shock(_Strict):
    """A shock. Kinds:

    * ``capacity_cut``: the capacity of ``channel`` (or of every channel crossing or ending in ``pole``)
      falls by ``fraction`` for ``days``;
    * ``sanctions``: the flows crossing or ending in ``pole`` are cut by ``fraction`` for ``days``;
    * ``demand_change``: the buyers of ``channel`` (or of every channel ending in ``pole``) take
      ``change`` x planned more (``change`` < 0: less; the volume they refuse must be rerouted or is lost);
    * ``flow_add``: ``amount`` per year (or ``amount / years`` per year when ``years`` is given) is added to
      ``channel``'s planned flow and capacity (new deals);
    * ``shift``: ``amount`` per year of planned flow moves from ``channel`` to ``to`` (a policy choice);
    * ``capacity_add``: ``amount`` per year of capacity is added to ``channel`` or group ``group``;
    * ``price_change``: the value of ``commodity`` changes by ``change`` (a fraction, -0.3 = -30%).

    ``days`` (default: the whole horizon) is how long a cut, a demand change or a price change lasts.
    """

    kind: ShockKind
    channel: str | None = None
    pole: str | None = None
    group: str | None = None
    to: str | None = None
    commodity: str | None = None
    fraction: Num | None = None
    change: Num | None = None
    amount: Num | None = None
    days: Num | None = None
    years: Num | None = Field(default=None, description="flow_add: spread amount over this many years")
    note: str | None = None
    cite: dict[str, str] = Field(default_factory=dict)

    @field_validator("fraction")
    @classmethod
    def _fraction(cls, v: Num | None) -> Num | None:
        return None if v is None else _check_num(v, minimum=0, maximum=1)

    @field_validator("change")
    @classmethod
    def _change(cls, v: Num | None) -> Num | None:
        return None if v is None else _check_num(v, minimum=-1)

    @field_validator("days")
    @classmethod
    def _days(cls, v: Num | None) -> Num | None:
        return None if v is None else _check_num(v, minimum=0, maximum=3650)

    @field_validator("years")
    @classmethod
    def _years(cls, v: Num | None) -> Num | None:
        return None if v is None else _check_num(v, minimum=0.1)

    @field_validator("amount")
    @classmethod
    def _amount(cls, v: Num | None) -> Num | None:
        return None if v is None else _check_num(v)

    @field_validator("pole")
    @classmethod
    def _pole(cls, v: str | None) -> str | None:
        if v is not None and v.upper() not in POLES:
            raise ValueError(f"unknown pole {v!r}; known: {', '.join(POLES)}")
        return None if v is None else v.upper()

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Shock:
        k = self.kind

        def need(name: str) -> None:
            if getattr(self, name) is None:
                raise ValueError(f"a {k} shock needs '{name}'")

        if k in ("capacity_cut", "demand_change") and (self.channel is None) == (self.pole is None):
            raise ValueError(f"a {k} shock needs exactly one of 'channel' or 'pole'")
        if k == "sanctions":
            need("pole")
        if k in ("capacity_cut", "sanctions"):
            need("fraction")
        if k in ("demand_change", "price_change"):
            need("change")
        if k == "price_change":
            need("commodity")
        if k in ("flow_add", "shift"):
            need("channel")
            need("amount")
        if k == "shift":
            need("to")
        if k == "capacity_add":
            need("amount")
            if (self.channel is None) == (self.group is None):
                raise ValueError("a capacity_add shock needs exactly one of 'channel' or 'group'")
        return self


class Scenario(_Strict):
    """A whole scenario: the network (channels, groups, substitutions, commodities) and what happens to it."""

    name: str
    title: str = ""
    description: str = ""
    kind: Literal["scenario", "network"] = "scenario"
    case: str | None = None
    country: str = "KAZ"
    dimension: str = "energy"
    network: str | None = None
    horizon_days: Num | None = Field(default=None, description="default: the longest shock, else 365")
    commodities: dict[str, Commodity] = Field(default_factory=dict)
    channels: list[Channel] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    substitutions: list[Substitution] = Field(default_factory=list)
    shares: dict[str, float] | None = None
    total: float | None = None
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    shocks: list[Shock] = Field(default_factory=list)
    uncertain: dict[str, Distribution] = Field(default_factory=dict)
    assumptions: list[str] = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict)
    frontier: dict[str, Any] | None = None

    @field_validator("horizon_days")
    @classmethod
    def _horizon(cls, v: Num | None) -> Num | None:
        return None if v is None else _check_num(v, minimum=1, maximum=3650)

    def channel_ids(self) -> list[str]:
        return [c.id for c in self.channels]

    def check_references(self) -> None:
        """Cross-field checks (run once the network is merged in). Raises ScenarioError naming the field.

        Every problem found is reported, in this order: channels (duplicates, commodities, planned
        volumes), references to parameters and channels in channels, commodities, groups (and overlapping
        groups), substitutions and shocks, then shares and the uncertain parameters.
        """
        problems = self._channel_problems()
        for i, ch in enumerate(self.channels):
            problems += self._unknown_parameters(f"channels[{i}]", ch)
        for name, com in self.commodities.items():
            problems += self._unknown_parameters(f"commodities.{name}", com)
        problems += self._group_problems()
        problems += self._substitution_problems()
        problems += self._shock_problems()
        problems += self._share_problems()
        problems += self._uncertain_problems()
        if problems:
            raise ScenarioError("; ".join(problems))

    def _channel_problems(self) -> list[str]:
        problems: list[str] = []
        seen: set[str] = set()
        for i, ch in enumerate(self.channels):
            if ch.id in seen:
                problems.append(f"channels[{i}].id: duplicate channel {ch.id!r}")
            seen.add(ch.id)
            if ch.commodity not in self.commodities and ch.commodity != "value":
                problems.append(
                    f"channels[{i}].commodity: unknown commodity {ch.commodity!r}; "
                    f"known: {', '.join(sorted(self.commodities)) or '(none)'}"
                )
            if ch.planned is None and not (self.shares and ch.id in self.shares):
                problems.append(f"channels[{i}].planned: missing (give planned or a share)")
        return problems

    def _unknown_channel(self, path: str, cid: str | None) -> list[str]:
        ids = self.channel_ids()
        if cid is not None and cid not in ids:
            return [f"{path}: unknown channel {cid!r}; known: {', '.join(ids) if ids else '(none)'}"]
        return []

    def _unknown_parameters(self, path: str, model: BaseModel) -> list[str]:
        """The ``$parameter`` references of ``model``'s fields that name no parameter."""
        known = ", ".join(sorted(self.parameters)) or "(none)"
        return [
            f"{path}.{fname}: unknown parameter {v!r}; known: {known}"
            for fname in type(model).model_fields
            if is_ref(v := getattr(model, fname)) and v[1:] not in self.parameters
        ]

    def _group_problems(self) -> list[str]:
        problems: list[str] = []
        for i, g in enumerate(self.groups):
            for cid in g.channels:
                problems += self._unknown_channel(f"groups[{i}].channels", cid)
            problems += self._unknown_parameters(f"groups[{i}]", g)
        in_group: dict[str, str] = {}
        for g in self.groups:
            for cid in g.channels:
                if cid in in_group:
                    problems.append(
                        f"groups: channel {cid!r} is in two groups ({in_group[cid]!r}, {g.id!r}); "
                        "groups must not overlap"
                    )
                in_group[cid] = g.id
        return problems

    def _substitution_problems(self) -> list[str]:
        problems: list[str] = []
        commodity_of = {c.id: c.commodity for c in self.channels}
        for i, s in enumerate(self.substitutions):
            problems += self._unknown_channel(f"substitutions[{i}].from", s.from_)
            for cid in s.to:
                problems += self._unknown_channel(f"substitutions[{i}].to", cid)
                if cid == s.from_:
                    problems.append(f"substitutions[{i}].to: a channel cannot substitute for itself")
                elif (
                    s.from_ in commodity_of
                    and cid in commodity_of
                    and commodity_of[cid] != commodity_of[s.from_]
                ):
                    problems.append(
                        f"substitutions[{i}].to: {cid!r} carries {commodity_of[cid]!r}, "
                        f"{s.from_!r} carries {commodity_of[s.from_]!r}"
                    )
            problems += self._unknown_parameters(f"substitutions[{i}]", s)
        return problems

    def _shock_problems(self) -> list[str]:
        problems: list[str] = []
        group_ids = [g.id for g in self.groups]
        for i, sh in enumerate(self.shocks):
            problems += self._unknown_channel(f"shocks[{i}].channel", sh.channel)
            problems += self._unknown_channel(f"shocks[{i}].to", sh.to)
            if sh.group is not None and sh.group not in group_ids:
                problems.append(
                    f"shocks[{i}].group: unknown group {sh.group!r}; "
                    f"known: {', '.join(group_ids) or '(none)'}"
                )
            if sh.commodity is not None and sh.commodity not in self.commodities and sh.commodity != "value":
                problems.append(
                    f"shocks[{i}].commodity: unknown commodity {sh.commodity!r}; "
                    f"known: {', '.join(sorted(self.commodities)) or '(none)'}"
                )
            problems += self._unknown_parameters(f"shocks[{i}]", sh)
        return problems

    def _share_problems(self) -> list[str]:
        if self.shares is None:
            return []
        problems: list[str] = []
        total_share = 0.0
        for cid, share in self.shares.items():
            problems += self._unknown_channel(f"shares.{cid}", cid)
            if not (math.isfinite(share) and share >= 0):
                problems.append(f"shares.{cid}: must be >= 0")
            total_share += share
        if total_share > 1.0 + 1e-9:
            problems.append(f"shares: sum {total_share:g} exceeds 100%")
        if self.total is None:
            problems.append("total: needed when shares are given (shares are fractions of total)")
        return problems

    def _uncertain_problems(self) -> list[str]:
        problems: list[str] = []
        for name in self.uncertain:
            if name not in self.parameters:
                known = ", ".join(sorted(self.parameters)) or "(none)"
                problems.append(f"uncertain.{name}: unknown parameter {name!r}; known: {known}")
            elif self.parameters[name].type == "bool":
                problems.append(f"uncertain.{name}: a bool parameter cannot be drawn")
        return problems


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def format_validation_error(exc: ValidationError, where: str = "") -> str:
    """One line per pydantic error: ``field.path: message`` (``where`` prefixes the file name)."""
    lines = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p not in ("float", "str", "function-after[_check_num()]"))
        # union members show up in loc as type names; keep only the real path
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in ("int", "bool"))))
        msg = str(err["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix) :]
        path = _loc(loc)
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        lines.append(f"{path}: {msg}" if path else msg)
    # union members repeat the same error: keep the first of each path
    seen: dict[str, str] = {}
    for line in lines:
        key = line.split(":", 1)[0]
        seen.setdefault(key, line)
    text = "; ".join(seen.values())
    return f"{where}: {text}" if where else text


def parse_scenario(data: object, where: str = "") -> Scenario:
    """Validate parsed YAML as a :class:`Scenario`; errors become ScenarioError naming the field."""
    if not isinstance(data, dict):
        raise ScenarioError(f"{where or 'scenario'}: must be a mapping of fields, got {type(data).__name__}")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, where)) from None


def read_yaml(path: Path) -> object:
    """Read a YAML file within the limits of :mod:`multivector.safeyaml` (aliases, depth, size), turning
    every problem into a ScenarioError naming the file (and the line, for a syntax error)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read scenario file ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    data, _root = load_yaml(text, str(path), ScenarioError)
    return data
