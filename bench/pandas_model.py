#!/usr/bin/python3
"""pandas_model.py — the pandas peer of treue's loyalty report (SPEC §3).

    /usr/bin/python3 bench/pandas_model.py CSVDIR OUTDIR

Reads the canonical CSVs (customers, orders, surveys, referrals,
complaints, departures), computes retention, who counts at D (prospect,
departed, lapsed, active), segment counts, NPS, every active customer's
segment and the ordered action list, and writes summary.json,
segments.csv (customer_id,segment sorted by customer_id) and actions.csv
(priority,customer_id in action-list order) to OUTDIR.  Prints
"load_ms: X" and "compute_ms: X" (the computation on the loaded frames).

Written as a careful analyst would: customer ids and dates are read as
categories (a few distinct values repeated millions of times), money is
turned into integer cents and scores into integer tenths, and means are
compared as sums (mean >= 7 <=> sum >= 70 * count), so every boundary is
exact.  Ties sort on the raw customer_id strings, whose order in Python is
code-point order, i.e. the byte order of their UTF-8.

D is the day after the latest order dated on or before today: TREUE_TODAY
(YYYY-MM-DD) when set, as for treue, else the local date.  The silent
leavers (the purchase model's P(alive)) are not computed: see
bench/README.md.
"""
import json
import os
import sys
import time

import datetime

import numpy as np
import pandas as pd

W = 365
A = 730  # active_days


def today():
    """Today as days since 1970-01-01: TREUE_TODAY, else the local date."""
    t = os.environ.get("TREUE_TODAY", "")
    try:
        day = datetime.date.fromisoformat(t)
    except ValueError:
        day = datetime.date.today()
    return (day - datetime.date(1970, 1, 1)).days


def days(cat):
    """Days since 1970-01-01 of a categorical column of ISO dates (NaN -> min int)."""
    cat = cat.astype("category")
    conv = pd.to_datetime(cat.cat.categories, format="%Y-%m-%d").to_numpy()
    conv = conv.astype("datetime64[D]").astype(np.int64)
    codes = cat.cat.codes.to_numpy()
    out = np.where(codes >= 0, conv[np.maximum(codes, 0)], np.iinfo(np.int64).min)
    return out


def load(d):
    cust = pd.read_csv(os.path.join(d, "customers.csv"), usecols=["customer_id"],
                       dtype={"customer_id": str}, keep_default_na=False)
    ids = pd.Index(cust["customer_id"])

    def code(col):
        c = pd.Categorical(col, categories=ids).codes.astype(np.int64)
        if (c < 0).any():
            raise SystemExit("pandas_model: a customer id is missing from customers.csv")
        return c

    o = pd.read_csv(os.path.join(d, "orders.csv"),
                    dtype={"customer_id": "category", "date": "category",
                           "revenue": np.float64, "margin": np.float64},
                    keep_default_na=False, na_values={"margin": [""]})
    orders = pd.DataFrame({
        "c": code(o["customer_id"]),
        "day": days(o["date"]),
        "cents": np.rint(o["revenue"].to_numpy() * 100).astype(np.int64),
    })
    del o

    s = pd.read_csv(os.path.join(d, "surveys.csv"),
                    dtype={"customer_id": str, "date": str},
                    keep_default_na=False,
                    na_values={"satisfaction": [""], "recommend": [""], "value": [""]})
    surveys = pd.DataFrame({
        "c": code(s["customer_id"]),
        "day": days(s["date"]),
        "sat": np.rint(s["satisfaction"].to_numpy() * 10),
        "rec": np.rint(s["recommend"].to_numpy() * 10),
    })

    r = pd.read_csv(os.path.join(d, "referrals.csv"), dtype=str, keep_default_na=False)
    referrals = pd.DataFrame({"c": code(r["from_customer"]), "day": days(r["date"])})

    k = pd.read_csv(os.path.join(d, "complaints.csv"), dtype=str, keep_default_na=False)
    complaints = pd.DataFrame({
        "c": code(k["customer_id"]),
        "day": days(k["date"]),
        "open": (k["status"] == "open").to_numpy(),
        "resolved_on": days(k["resolved_on"].replace("", np.nan)),
    })
    x = pd.read_csv(os.path.join(d, "departures.csv"), dtype=str, keep_default_na=False)
    departures = pd.DataFrame({"c": code(x["customer_id"]), "day": days(x["date"])})
    return ids, orders, surveys, referrals, complaints, departures


def compute(ids, orders, surveys, referrals, complaints, departures):
    day, cents = orders["day"], orders["cents"]
    D = int(day[day <= today()].max()) + 1
    p0 = (day >= D - W) & (day < D)
    p1 = (day >= D - 2 * W) & (day < D - W)
    purchase = cents >= 0
    per = pd.DataFrame({
        "c": orders["c"],
        "orders": (purchase & p0).astype(np.int64),
        "rev0": cents.where(p0, 0),
        "rev1": cents.where(p1, 0),
        "buyer1": purchase & p1,
        "last": day.where(purchase & (day < D)),
    }).groupby("c", sort=False).agg(orders=("orders", "sum"), rev0=("rev0", "sum"),
                                     rev1=("rev1", "sum"), buyer1=("buyer1", "any"),
                                     last=("last", "max"))

    # who counts at D: prospect (no purchase before D), departed (a departure
    # before D on or after the last purchase), lapsed (last purchase before
    # D - A), active
    dep = departures[departures["day"] < D].groupby("c")["day"].max()
    last = per["last"]
    depday = dep.reindex(per.index).to_numpy()
    bought = last.notna().to_numpy()
    departed = bought & (depday >= last.to_numpy())  # NaN compares False
    lapsed = bought & ~departed & (last.to_numpy() < D - A)
    active = bought & ~departed & ~lapsed

    # latest survey before D: the mean over that day, as sums and counts
    s = surveys[surveys["day"] < D]
    s = s[s["day"] == s.groupby("c")["day"].transform("max")]
    ls = s.groupby("c").agg(date=("day", "first"), ssum=("sat", "sum"), scnt=("sat", "size"),
                            rsum=("rec", "sum"), rcnt=("rec", "count"))

    ref = referrals.loc[(referrals["day"] >= D - 2 * W) & (referrals["day"] < D), "c"].unique()
    comp = complaints.loc[(complaints["day"] < D)
                          & (complaints["open"] | (complaints["resolved_on"] >= D)), "c"].unique()

    g = per[active].join(ls, how="left")
    med = g.loc[g["orders"] >= 1, "orders"].median()
    F = 2.0 if np.isnan(med) else max(2.0, float(med))

    measured = g["date"].notna() & (g["date"] >= D - 2 * W)
    ssum, scnt, rsum, rcnt = g["ssum"], g["scnt"], g["rsum"], g["rcnt"]
    satisfied = ssum >= 70 * scnt
    frequent = g["orders"] >= F
    hasrec = rcnt > 0
    referred = g.index.isin(ref)
    complained = g.index.isin(comp)
    apostle = (ssum >= 90 * scnt) & ((hasrec & (rsum >= 90 * rcnt)) | referred)
    terrorist = (ssum <= 30 * scnt) & ((hasrec & (rsum <= 30 * rcnt)) | complained)
    segment = np.select(
        [~measured,
         satisfied & frequent & apostle, satisfied & frequent, satisfied,
         frequent, terrorist],
        ["unmeasured", "apostle", "loyal", "opportunist", "hostage", "terrorist"],
        default="defector")
    prio_of = {"terrorist": 1, "defector": 1, "apostle": 2, "loyal": 3,
               "opportunist": 4, "hostage": 5, "unmeasured": 6}
    seg = pd.DataFrame({
        "customer_id": ids.to_numpy()[g.index.to_numpy()],
        "segment": segment,
    })
    seg["priority"] = seg["segment"].map(prio_of).to_numpy()
    rev0, rev1 = g["rev0"].to_numpy(), g["rev1"].to_numpy()
    seg["k1"] = (seg["segment"] == "defector").to_numpy()
    seg["k2"] = np.where(segment == "loyal", -(ssum / scnt).to_numpy(), 0.0)
    seg["k3"] = np.where(seg["priority"].to_numpy() == 1, -(rev0 + rev1), -rev0)
    actions = seg.sort_values(["priority", "k1", "k2", "k3", "customer_id"],
                              kind="mergesort")[["priority", "customer_id"]]

    # retention and NPS
    prev = int(per["buyer1"].sum())
    kept = int((per["buyer1"] & (per["orders"] > 0)).sum())
    n = ls[(ls["rcnt"] > 0) & (ls["date"] >= D - W)]
    pro = int((n["rsum"] >= 90 * n["rcnt"]).sum())
    det = int((n["rsum"] <= 60 * n["rcnt"]).sum())
    pas = len(n) - pro - det
    counts = seg["segment"].value_counts()
    summary = {
        "as_of": str(np.datetime64(D, "D")),
        "retention": {"rate": kept / prev if prev else None,
                      "previous_buyers": prev, "retained": kept},
        "segments": {k: int(counts.get(k, 0)) for k in
                     ["apostle", "loyal", "opportunist", "hostage", "defector",
                      "terrorist", "unmeasured"]},
        "nps": {"score": 100 * (pro - det) / (pro + pas + det) if pro + pas + det else None,
                "promoters": pro, "passives": pas, "detractors": det},
        "customers": len(seg),
        "lapsed": int(lapsed.sum()),
        "departed": int(departed.sum()),
        "prospects": len(ids) - int(bought.sum()),
        "F": F,
    }
    return summary, seg[["customer_id", "segment"]], actions


def main():
    if len(sys.argv) != 3:
        print("usage: pandas_model.py CSVDIR OUTDIR", file=sys.stderr)
        return 2
    csvdir, out = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    data = load(csvdir)
    t1 = time.perf_counter()
    summary, seg, actions = compute(*data)
    t2 = time.perf_counter()
    os.makedirs(out, exist_ok=True)
    seg.sort_values("customer_id", kind="mergesort").to_csv(
        os.path.join(out, "segments.csv"), index=False)
    actions.to_csv(os.path.join(out, "actions.csv"), index=False)
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f)
        f.write("\n")
    print(f"load_ms: {(t1 - t0) * 1000:.1f}")
    print(f"compute_ms: {(t2 - t1) * 1000:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
