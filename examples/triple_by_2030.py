"""Can the Middle Corridor triple its freight by 2030, and which assets saturate first?

The World Bank (2023) finds that volumes on the Middle Corridor could triple by 2030. This
example grows the Middle Corridor segments of the base-year demand (2024, fitted to observed
volumes: `tcroute.load_demand()`) step by step to three times their size and assigns each
step at equilibrium — shippers choose by generalised cost, queues grow at ferries, ports,
gauge-change terminals, borders and lines as they fill, demand that would queue longer than
the shippers' patience is unserved — on today's network and on the network with the planned
projects (scenario `middle_corridor_2030`: Aktau container hub, Baku/Alat phase 2, two more
Caspian vessels, BTK at design capacity, ...). It prints which assets saturate first and at
what volume, the rolling stock the growing flows need (`fleet_requirement`: the Aktau-Alat
feeders' ships, ADY's new platforms between Alat and Poti, Georgian Railway's locomotives),
and draws the Middle Corridor's time against its volume.

Run:  python examples/triple_by_2030.py [OUTDIR]      (writes triple_by_2030.png)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import tcroute
from tcroute.demand import DEMAND_MODES

MIDDLE = ("cn_eu_middle", "cn_caucasus_turkey", "ca_west")
#: the fleets of the Caspian crossing and of the railways west of it: the Aktau-Alat feeders
#: (data/network/services.csv) and the rail pools of data/network/fleets.csv
POOLS = ("kmtf_aktau_alat_feeder", "asco_aktau_alat_feeder", "ady_middle_corridor_platforms",
         "georgian_railway_locomotives")
#: the value of time shippers choose by (USD per TEU-hour), the library's default
VOT = tcroute.CostModel().value_of_time_usd_per_teu_h
FACTORS = (1.0, 1.5, 2.0, 2.5, 3.0)


def demand_at(base: pd.DataFrame, factor: float) -> pd.DataFrame:
    """The base demand with the Middle Corridor segments multiplied by ``factor``."""
    dem = base.copy()
    dem.loc[dem["segment"].isin(MIDDLE), "teu_year"] *= factor
    return dem


def sweep(net: tcroute.Network, base: pd.DataFrame, factors: tuple[float, ...]
          ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Equilibrium at each growth step: the corridor's volume, time and queues, the step
    at which each asset first saturates, and the units each rolling-stock pool needs."""
    rows, first, stock = [], {}, []
    for f in factors:
        dem = demand_at(base, f)
        res = tcroute.assign(net, dem, modes=list(DEMAND_MODES))
        od = res.od.assign(segment=dem["segment"].to_numpy())
        mc = od[od["segment"].isin(MIDDLE)]
        served = mc["served_teu_year"]
        rows.append({"factor": f, "middle_teu_year": mc["asked_teu_year"].sum(),
                     "served_teu_year": served.sum(),
                     "unserved_teu_year": mc["unserved_teu_year"].sum(),
                     "time_days": (mc["time_h"] * served).sum() / served.sum() / 24,
                     "cost_usd_per_teu": (mc["cost_usd"] * served).sum() / served.sum(),
                     "generalized_usd_per_teu": ((mc["cost_usd"] + VOT * mc["time_h"])
                                                 * served).sum() / served.sum(),
                     "queue_days": (mc["queue_delay_h"] * served).sum() / served.sum() / 24,
                     "gap": res.relative_gap})
        need = tcroute.fleet_requirement(res, net)
        need = need[need.index.isin(POOLS)]
        stock += [{"factor": f, "pool": pool, "unit": r.unit, "units": r.units,
                   "path_load_teu_year": r.path_load_teu_year,
                   "required_units": r.required_units}
                  for pool, r in zip(need.index, need.itertuples(), strict=True)]
        full = res.loads.dropna(subset=["vc_ratio"]).drop_duplicates("asset")
        for r in full[full["vc_ratio"] >= 0.9].itertuples():
            first.setdefault(r.asset, {"asset": r.asset, "factor": f,
                                       "middle_teu_year": mc["asked_teu_year"].sum(),
                                       "utilisation": r.vc_ratio,
                                       "capacity_teu_year": r.capacity_teu_year,
                                       "queue_h": r.delay_h})
    sat = pd.DataFrame(list(first.values()), columns=["asset", "factor", "middle_teu_year",
                                                      "utilisation", "capacity_teu_year",
                                                      "queue_h"])
    return pd.DataFrame(rows), sat.sort_values(["factor", "utilisation"],
                                               ascending=[True, False]).reset_index(
        drop=True), pd.DataFrame(stock)


def main(outdir: str | Path = ".", factors: tuple[float, ...] = FACTORS
         ) -> dict[str, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    base = tcroute.load_demand()
    net = tcroute.load_network()
    networks = {"today's network": net,
                "with the 2030 projects": net.with_scenario("middle_corridor_2030")}
    results = {}
    for label, n in networks.items():
        curve, sat, stock = sweep(n, base, factors)
        results[label] = (curve, sat, stock)
        print(f"\n=== {label} ===")
        print(curve.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
        print("assets in the order they saturate (90 % of capacity):")
        if sat.empty:
            print("  none up to", f"x{max(factors):g}")
        for r in sat.head(8).itertuples():
            print(f"  x{r.factor:g} ({r.middle_teu_year:,.0f} TEU/yr on the corridor): "
                  f"{r.asset} at {r.utilisation:.0%} of {r.capacity_teu_year:,.0f} TEU/yr, "
                  f"queue {r.queue_h:,.0f} h")
        print("rolling stock the flows need: Caspian feeders and rail pools (ADY's 100 "
              "platforms are new stock beside older; a pool's need is for its path alone):")
        table = stock.pivot(index=["pool", "unit", "units"], columns="factor",
                            values="required_units")
        table.columns = [f"x{c:g}" for c in table.columns]
        print(table.reset_index().to_string(index=False))
    top = results["today's network"][0].iloc[-1]
    print(f"\nAt x{top['factor']:g} on today's network the corridor carries "
          f"{top['served_teu_year']:,.0f} of {top['middle_teu_year']:,.0f} TEU/year; "
          f"{top['unserved_teu_year']:,.0f} find no slot (times are those of the TEU served).")
    _chart(results, Path(outdir) / "triple_by_2030.png")
    return results


def _chart(results: dict[str, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]], path: Path
           ) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, (curve, _, _) in results.items():
        ax.plot(curve["middle_teu_year"] / 1000, curve["time_days"], marker="o", label=label)
    ax.set_xlabel("Middle Corridor demand, thousand TEU/year")
    ax.set_ylabel("mean door-to-door time, days (equilibrium)")
    ax.set_title("Middle Corridor time against volume")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    print(f"chart written to {path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
