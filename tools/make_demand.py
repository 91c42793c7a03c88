"""Build the base-year container demand matrix (data/demand/demand_2024.csv) and its fit
report (data/demand/fit_2024.csv) from data/demand/segments.csv and the observed volumes.

Method (docs/demand.md): each segment's prior total (segments.csv, sourced) is spread over
its origins and destinations equally and split by direction; each segment is assigned alone
at equilibrium on the default network to measure what one TEU of it puts on every counted
asset; the segment totals are then scaled by regularised least squares so that the counts of
data/demand/counts.csv are reproduced (relative errors, weighted), each scale pulled towards
its prior with the prior's standard deviation; finally the whole matrix is assigned at once
and the modelled counts are written beside the observed ones.

Run:  python tools/make_demand.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares, lsq_linear

import tcroute
from tcroute.demand import DEMAND_MODES, count_value, seed_matrix

ROOT = Path(__file__).parents[1]
DEMAND = ROOT / "data" / "demand"
YEAR = 2024


def main() -> None:
    net = tcroute.load_network()
    segments = pd.read_csv(DEMAND / "segments.csv", keep_default_na=False)
    counts = pd.read_csv(DEMAND / "counts.csv", keep_default_na=False)
    volumes = tcroute.observed_volumes()
    observed = volumes.loc[counts["volume_id"], "value_teu"].to_numpy(dtype=float)
    seed = seed_matrix(net, segments)
    # what one TEU of each segment puts on each count
    unit = np.zeros((len(counts), len(segments)))
    for j, seg in enumerate(segments["segment"]):
        part = seed[seed["segment"] == seg].reset_index(drop=True)
        res = tcroute.assign(net, part, modes=list(DEMAND_MODES))
        total = part["teu_year"].sum()
        for i, measure in enumerate(counts["measure"]):
            unit[i, j] = count_value(res, measure) / total
    prior = segments["prior_teu_year"].to_numpy(dtype=float)
    sd = segments["prior_sd"].to_numpy(dtype=float)
    w = np.sqrt(counts["weight"].to_numpy(dtype=float))
    # a first guess from the one-segment runs (linear in the segment totals) ...
    a = np.vstack([(unit * prior) * (w / observed)[:, None], np.diag(1 / sd)])
    b = np.concatenate([w, 1 / sd])
    f0 = lsq_linear(a, b, bounds=(0, np.inf)).x

    def scaled(f: np.ndarray) -> pd.DataFrame:
        scale = dict(zip(segments["segment"], f, strict=True))
        return seed.assign(teu_year=[round(v * scale[s]) for v, s in
                                     zip(seed["teu_year"], seed["segment"], strict=True)])

    def residuals(f: np.ndarray) -> np.ndarray:
        res = tcroute.assign(net, scaled(f), modes=list(DEMAND_MODES))
        model = np.array([count_value(res, m) for m in counts["measure"]])
        return np.concatenate([w * (model - observed) / observed, (f - 1) / sd])

    # ... then the joint assignment itself, where the segments share the Caspian queues
    f = least_squares(residuals, f0, bounds=(0, np.inf), diff_step=0.05, max_nfev=30).x
    fitted = scaled(f)
    fitted["source"] = [f"fitted to observed volumes {YEAR} (tools/make_demand.py); prior: "
                        f"segments.csv {s}" for s in fitted["segment"]]
    fitted["note"] = "estimate"
    fitted.to_csv(DEMAND / f"demand_{YEAR}.csv", index=False)
    final = tcroute.assign(net, tcroute.load_demand(YEAR), modes=list(DEMAND_MODES))
    rows = []
    for c, obs in zip(counts.itertuples(), observed, strict=True):
        model = count_value(final, c.measure)
        v = volumes.loc[c.volume_id]
        rows.append({"count": c.count, "volume_id": c.volume_id, "year": int(v["year"]),
                     "use": c.use, "observed_teu": round(obs), "modelled_teu": round(model),
                     "error_pct": round(100 * (model - obs) / obs, 1)})
    pd.DataFrame(rows).to_csv(DEMAND / f"fit_{YEAR}.csv", index=False)
    seg = fitted.groupby("segment", sort=False)["teu_year"].sum()
    print(pd.DataFrame({"prior": prior, "fitted": seg.reindex(segments["segment"]).to_numpy(),
                        "scale": f}, index=segments["segment"]).round(2).to_string())
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
