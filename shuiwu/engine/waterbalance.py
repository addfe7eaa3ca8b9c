"""The water balance of a period: IWA/AWWA components, NRW, CARL, UARL, ILI, and the CJJ 92-2016 loss rates.

No Django: volumes in m³ in, plain numbers out. The IWA balance (DOMAIN.md §9.1) splits the system input into
authorised consumption (billed and unbilled, metered and unmetered) and water losses, apparent (unauthorised use,
customer-meter under-registration, data errors) and real (the rest). CJJ 92-2016 (DOMAIN.md §4) judges a utility
by 综合漏损率 R_WL = (Q_s − Q_a) / Q_s and 漏损率 R_BL = R_WL − (R1 + R2 + R3 + R4); the standard's coefficients
for the four corrections were not found, so they are given as inputs (percentage points), as settings would.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# CJJ 92-2016 grades of 漏损率 (DOMAIN.md §4, P).
CJJ92_GRADES = (("grade_1", 10.0), ("grade_2", 12.0))
# UARL (Lambert 1999) is valid above these (DOMAIN.md §9.2).
UARL_MIN_CONNECTIONS = 5000
UARL_MIN_DENSITY_PER_KM = 20
UARL_PRESSURE_RANGE_M = (25.0, 100.0)


@dataclass(frozen=True)
class Period:
    """What was measured and billed over ``days`` days (m³ unless said)."""

    system_input_m3: float  # plant outflow (city) or DMA inflow
    billed_metered_m3: float
    days: int
    billed_unmetered_m3: float = 0.0
    unbilled_metered_m3: float = 0.0  # flushing, the utility's own use, metered
    unbilled_unmetered_m3: float = 0.0  # firefighting, street cleaning: estimated
    unauthorised_m3: float = 0.0  # illegal use: the violation cases' estimates
    meter_under_registration: float = 0.0  # share of what passes customer meters that they do not register
    data_errors_m3: float = 0.0
    mains_km: float = 0.0
    connections: int = 0
    private_pipe_km: float = 0.0  # service pipe from the property line to the meter
    average_pressure_m: float = 0.0

    def check(self) -> list[str]:
        problems = []
        if self.days <= 0:
            problems.append("days must be above zero")
        volumes = {k: v for k, v in asdict(self).items() if k.endswith("_m3")}
        problems += [f"{k} cannot be negative" for k, v in volumes.items() if v < 0]
        if not 0 <= self.meter_under_registration < 1:
            problems.append("meter_under_registration is a share from 0 up to (not including) 1")
        if self.system_input_m3 <= 0:
            problems.append("system_input_m3 must be above zero")
        return problems


@dataclass(frozen=True)
class Corrections:
    """CJJ 92-2016's corrections of the loss rate, in percentage points (coefficients: settings, DOMAIN.md §4)."""

    r1_household_metering: float = 0.0  # 居民抄表到户
    r2_pipe_length: float = 0.0  # 单位供水量管长
    r3_pressure: float = 0.0  # 年平均出厂压力
    r4_frost_depth: float = 0.0  # 最大冻土深度

    @property
    def total(self) -> float:
        return self.r1_household_metering + self.r2_pipe_length + self.r3_pressure + self.r4_frost_depth


@dataclass
class Balance:
    """The balance of one period; volumes in m³, rates in per cent, litres per day where named."""

    system_input_m3: float
    billed_m3: float
    unbilled_m3: float
    authorised_m3: float
    losses_m3: float
    apparent_losses_m3: float
    real_losses_m3: float
    nrw_m3: float
    nrw_percent: float
    loss_rate_wl_percent: float  # CJJ 92 综合漏损率
    loss_rate_bl_percent: float  # CJJ 92 漏损率 (after the corrections)
    cjj92_grade: str | None  # "grade_1", "grade_2", or None when above both
    carl_l_per_day: float
    uarl_l_per_day: float | None
    ili: float | None
    real_losses_l_per_connection_day: float | None
    real_losses_m3_per_km_day: float | None
    nrw_l_per_connection_day: float | None
    uarl_caveats: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def uarl_l_per_day(mains_km: float, connections: int, private_pipe_km: float, pressure_m: float) -> float:
    """Unavoidable annual real losses as litres a day: (18 Lm + 0.8 Nc + 25 Lp) × P (DOMAIN.md §9.2)."""
    return (18.0 * mains_km + 0.8 * connections + 25.0 * private_pipe_km) * pressure_m


def uarl_caveats(mains_km: float, connections: int, pressure_m: float) -> list[str]:
    """Why the UARL formula may not hold for this system (it was fitted on larger, denser ones)."""
    caveats = []
    if connections <= UARL_MIN_CONNECTIONS:
        caveats.append(f"{connections} connections: the formula holds above {UARL_MIN_CONNECTIONS}")
    if mains_km > 0 and connections / mains_km <= UARL_MIN_DENSITY_PER_KM:
        caveats.append(
            f"{connections / mains_km:.1f} connections per km: the formula holds above {UARL_MIN_DENSITY_PER_KM}"
        )
    low, high = UARL_PRESSURE_RANGE_M
    if not low <= pressure_m <= high:
        caveats.append(f"average pressure {pressure_m:g} m: the formula holds from {low:g} to {high:g} m")
    return caveats


def cjj92_grade(rate_bl_percent: float) -> str | None:
    for grade, limit in CJJ92_GRADES:
        if rate_bl_percent <= limit:
            return grade
    return None


def balance(period: Period, corrections: Corrections = Corrections()) -> Balance:
    """The water balance of ``period``; ValueError naming what is wrong with bad input."""
    problems = period.check()
    if problems:
        raise ValueError("; ".join(problems))
    p = period
    billed = p.billed_metered_m3 + p.billed_unmetered_m3
    unbilled = p.unbilled_metered_m3 + p.unbilled_unmetered_m3
    authorised = billed + unbilled
    losses = p.system_input_m3 - authorised
    # What passed the customers' meters without being registered: registered / (1 − u) − registered.
    registered = p.billed_metered_m3 + p.unbilled_metered_m3
    under_registration = registered * p.meter_under_registration / (1 - p.meter_under_registration)
    apparent = p.unauthorised_m3 + under_registration + p.data_errors_m3
    real = losses - apparent
    nrw = p.system_input_m3 - billed
    # CJJ 92: Q_a, registered users' consumption, is the authorised consumption (billed and free).
    rate_wl = 100.0 * (p.system_input_m3 - authorised) / p.system_input_m3
    rate_bl = rate_wl - corrections.total
    carl = real * 1000.0 / p.days
    uarl = ili = None
    caveats: list[str] = []
    if p.connections > 0 and p.average_pressure_m > 0:
        uarl = uarl_l_per_day(p.mains_km, p.connections, p.private_pipe_km, p.average_pressure_m)
        ili = carl / uarl if uarl > 0 else None
        caveats = uarl_caveats(p.mains_km, p.connections, p.average_pressure_m)
    per_connection = carl / p.connections if p.connections else None
    per_km = real / p.mains_km / p.days if p.mains_km else None
    return Balance(
        system_input_m3=p.system_input_m3,
        billed_m3=billed,
        unbilled_m3=unbilled,
        authorised_m3=authorised,
        losses_m3=losses,
        apparent_losses_m3=apparent,
        real_losses_m3=real,
        nrw_m3=nrw,
        nrw_percent=100.0 * nrw / p.system_input_m3,
        loss_rate_wl_percent=rate_wl,
        loss_rate_bl_percent=rate_bl,
        cjj92_grade=cjj92_grade(rate_bl),
        carl_l_per_day=carl,
        uarl_l_per_day=uarl,
        ili=ili,
        real_losses_l_per_connection_day=per_connection,
        real_losses_m3_per_km_day=per_km,
        nrw_l_per_connection_day=nrw * 1000.0 / p.days / p.connections if p.connections else None,
        uarl_caveats=caveats,
    )
