#!/usr/bin/env python3
"""Writes docs/validation.md: the default scenario's projections beside the
seed authority's actuals (open cases, caseloads, agency, timeliness, permanence,
workforce), and the invest-to-succeed scenario beside its stated aims.

    scripts/validation_report.py [--caseflow build/caseflow] [-n 200] [--out docs/validation.md]

Runs caseflow three times (configs/manchester-2016.yaml,
configs/manchester-2016-invest.yaml and manchester-2016-invest-actual.yaml),
reads summary.csv, and writes Markdown.
Standard library only. The flows and stocks that calibration set are checked
in more detail by scripts/calibration_check.py (docs/calibration.md).
"""

import argparse
import csv
import datetime
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (metric, month, seed figure, the seed's value, where, how to compare)
# Month 0 is 1 April 2016 (the end of 2015/16); month 2 is the end of May 2016
# (the June 2016 report's "now"); month 8 is the end of November 2016 (the
# December 2016 scorecard).
BASELINE = [
    ("open_total", 0, "all open cases, end 2015/16", 4953, "seed 001 table 3", "count"),
    ("open_total", 60, "all open cases, no policy change", 4953, "seed 001 table 3 (held)", "count"),
    ("open_lac", 8, "looked-after children, Dec 2016", 1203, "seed 000 card", "count"),
    ("open_cp", 8, "children on CP plans, Dec 2016", 953, "seed 000 card", "count"),
    ("caseload_mean", 2, "average caseload per social worker, June 2016", 24, "seed 001 §4.17", "number"),
    ("caseload_share_over_24", 2, "share of workers above 24", 0.36, "seed 001 §4.3", "share"),
    ("asye_caseload_mean", 2, "newly qualified caseload, June 2016", 22, "seed 001 §4.17", "number"),
    ("sw_agency_share", 2, "agency share, baseline", 0.35, "seed 001 §5.4", "share"),
    # With no policy change agency holds near its 35% (seed 001 §5.4: it does
    # not fall until the plan's recruitment). Acceptance: 0.35 ± 0.04.
    ("sw_agency_share", 12, "agency share, no change (held)", 0.35, "seed 001 §5.4", "share"),
    ("sw_agency_share", 36, "agency share, no change (held)", 0.35, "seed 001 §5.4", "share"),
    ("sw_agency_share", 60, "agency share, no change (held)", 0.35, "seed 001 §5.4", "share"),
    ("supervision_coverage", 8, "supervision in the last month (SW)", 0.79, "seed 000 card", "share"),
    ("assessments_in_timescale_share", 8, "assessments within 45 working days", 0.837, "seed 000 card", "share"),
    ("icpc_in_timescale_share", 8, "ICPCs within 15 working days", 0.815, "seed 000 card", "share"),
    ("re_referral_share", 8, "re-referrals", 0.255, "seed 000 card", "share"),
    # Capacity in hours (the workload section): the scorecard's overdue visits
    # and review timeliness; calibrated with base hours (docs/calibration.md "Hours").
    ("cp_visits_overdue", 8, "CP visits overdue at month end", 36, "seed 000 card", "count"),
    ("lac_visits_overdue", 8, "looked-after visits overdue at month end", 133, "seed 000 card", "count"),
    ("lac_reviews_in_timescale_share", 8, "looked-after reviews in timescale", 0.917, "seed 000 card", "share"),
    ("open_leaving_care", 8, "care leavers (excluding UASC), Dec 2016", 786, "seed 000 card", "count"),
    # The children's side two years on, to set beside the invest plan's rows.
    ("cp_visits_overdue", 24, "CP visits overdue at month end", None, "", "count"),
    ("lac_visits_overdue", 24, "looked-after visits overdue at month end", None, "", "count"),
    ("lac_visits_in_timescale_share", 24, "looked-after visits done by their due date", None, "", "share"),
    ("utilisation", 24, "hours due / hours available", None, "", "number"),
    # The seed times entering care to moving in with adopters (517 days); the
    # model times it to the adoption order, about 10 months later (S16): so
    # about 517 + 300 days. Months 36 and 59, once warm-start children (timed
    # only from their current state) have mostly left.
    ("days_in_care_before_adoption", 36, "entering care → adoption order (517 days to moving in + ≈ 300 to the order)", 817, "seed 000 card; S16", "number"),
    ("days_in_care_before_adoption", 59, "entering care → adoption order (517 days to moving in + ≈ 300 to the order)", 817, "seed 000 card; S16", "number"),
]
INVEST = [
    ("sw_posts", 12, "social worker posts: 288 frontline (§4.24) + 17 support (table 5)", 305, "seed 001 §4.24, table 5", "count"),
    ("caseload_mean", 9, "average caseload, Dec 2016 (what happened)", 20.2, "seed 000 card", "number"),
    ("team_managers", 12, "team managers", 36, "seed 001 §4.24", "count"),
    ("caseload_mean", 24, "average caseload, the plan's aim", 18, "seed 001 §4.21", "number"),
    ("caseload_mean", 60, "average caseload, the plan's aim", 18, "seed 001 §4.21", "number"),
    ("sw_agency_share", 24, "agency share by April 2018", 0.20, "seed 001 §5.4", "share"),
    ("supervision_coverage", 24, "workers within a 1:8 span", 1.0, "seed 001 §4.22", "share"),
    ("caseload_share_over_24", 24, "share of workers above 24", None, "", "share"),
    # What the plan's hours buy the children (no seed figure: compare with the baseline's rows).
    ("cp_visits_overdue", 24, "CP visits overdue at month end", None, "", "count"),
    ("lac_visits_overdue", 24, "looked-after visits overdue at month end", None, "", "count"),
    ("lac_visits_in_timescale_share", 24, "looked-after visits done by their due date", None, "", "share"),
    ("cin_reviews_overdue", 24, "CIN reviews overdue at month end", None, "", "count"),
    ("cp_reviews_in_timescale_share", 24, "CP reviews in timescale", None, "", "share"),
    ("assessments_in_timescale_share", 24, "assessments within 45 working days", None, "", "share"),
    ("utilisation", 24, "hours due / hours available", None, "", "number"),
]

# The plan as carried out (configs/manchester-2016-invest-actual.yaml): the
# December 2016 scorecard's staffing set its drive; its caseloads are the check.
ACTUAL = [
    ("sw_agency_share", 9, "agency share, Dec 2016 (set the drive)", 0.129, "seed 000 card", "share"),
    ("sw_vacancies", 9, "posts without a permanent worker, Dec 2016", None, "", "count"),
    ("sw_fte", 9, "FTE in post, Dec 2016 (seed: 304.3 of ≈ 333 posts, 91.6% filled; the model has 288 case-holding and 17 support posts)", None, "seed 000 card", "number"),
    ("caseload_mean", 8, "average caseload, Dec 2016", 20.2, "seed 000 card", "number"),
    ("caseload_mean", 9, "average caseload, Dec 2016", 20.2, "seed 000 card", "number"),
    ("asye_caseload_mean", 9, "newly qualified caseload, Dec 2016", 17.5, "seed 000 card", "number"),
    # The scorecard's timeliness at the staffing it reports (the hours were
    # calibrated in the baseline: docs/calibration.md "Hours").
    ("assessments_in_timescale_share", 8, "assessments within 45 working days", 0.837, "seed 000 card", "share"),
    ("icpc_in_timescale_share", 8, "ICPCs within 15 working days", 0.815, "seed 000 card", "share"),
    ("cp_visits_overdue", 8, "CP visits overdue at month end", 36, "seed 000 card", "count"),
    ("lac_visits_overdue", 8, "looked-after visits overdue at month end", 133, "seed 000 card", "count"),
    ("lac_reviews_in_timescale_share", 8, "looked-after reviews in timescale", 0.917, "seed 000 card", "share"),
    ("caseload_mean", 12, "average caseload, March 2017 (seed 003's 2016/17 figure)", 19.2, "seed 003", "number"),
    ("caseload_mean", 24, "average caseload from April 2018 (17 to 19)", 18, "seed 001 §4.21", "number"),
    ("caseload_mean", 60, "average caseload from April 2018 (17 to 19)", 18, "seed 001 §4.21", "number"),
    ("sw_agency_share", 24, "agency share, April 2018 (the plan said 20%)", 0.20, "seed 001 §5.4", "share"),
]


def mean_over(cells, metric, months):
    """The mean over months of a metric's replication means (2016/17: months 1-12)."""
    values = [float(cells[(metric, m)]["mean"]) for m in months if (metric, m) in cells]
    return sum(values) / len(values) if values else float("nan")


def highest_excess(plan, base, metric):
    """The month where the plan's mean is furthest above the baseline's, and by how much."""
    months = sorted(m for (name, m) in plan if name == metric and (name, m) in base)
    return max(((float(plan[(metric, m)]["mean"]) - float(base[(metric, m)]["mean"]), m) for m in months))


# What the model does not (yet) produce, with the seed figure, so the gap is visible.
NOT_MODELLED = [
    ("social worker turnover", "12% a year", "seed 001 §4.3", "an input (turnover.annual_rate), reproduced by construction: see the Workforce.TurnoverMatchesTheConfiguredRate test"),
    ("costs", "£6.7m a year for the extra capacity; £3.568m and £6.725m in 2016/17 and 2017/18", "seed 001 table 4, appendix one 6d", "modelled (the costs section); checked against the seed in docs/costs.md, from paired runs of caseflow compare"),
]


def run(caseflow, config, replications, out):
    cmd = [caseflow, "run", config, "--replications", str(replications), "--out", out, "--quiet"]
    subprocess.run(cmd, check=True)
    cells = {}
    with open(os.path.join(out, "summary.csv"), newline="") as f:
        for row in csv.DictReader(f):
            cells[(row["metric"], int(row["month"]))] = row
    return cells


def fmt(value, kind):
    if value is None or value == "":
        return "–"
    value = float(value)
    if kind == "share":
        return f"{100 * value:.1f}%"
    if kind == "count":
        return f"{value:,.0f}"
    return f"{value:.1f}"


def table(cells, rows):
    out = ["| figure | month | seed | source | model mean | model 90% band | difference |", "|---|---|---|---|---|---|---|"]
    for metric, month, label, seed, source, kind in rows:
        cell = cells.get((metric, month))
        if cell is None:
            out.append(f"| {label} (`{metric}`) | {month} | {fmt(seed, kind)} | {source} | not reported | | |")
            continue
        mean = float(cell["mean"])
        band = f"{fmt(cell['p5'], kind)} – {fmt(cell['p95'], kind)}"
        if seed is None:
            diff = ""
        elif kind == "share":
            diff = f"{100 * (mean - seed):+.1f} pts"
        else:
            diff = f"{100 * (mean - seed) / seed:+.1f}%"
        out.append(f"| {label} (`{metric}`) | {month} | {fmt(seed, kind)} | {source} | {fmt(mean, kind)} | {band} | {diff} |")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--caseflow", default=os.path.join(ROOT, "build", "caseflow"))
    ap.add_argument("-n", "--replications", type=int, default=200)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "validation.md"))
    a = ap.parse_args(argv)
    if not os.path.exists(a.caseflow):
        sys.exit(f"validation_report: no caseflow binary at {a.caseflow} (build it, or pass --caseflow)")
    with tempfile.TemporaryDirectory() as tmp:
        base = run(a.caseflow, os.path.join(ROOT, "configs", "manchester-2016.yaml"), a.replications, os.path.join(tmp, "b"))
        invest = run(a.caseflow, os.path.join(ROOT, "configs", "manchester-2016-invest.yaml"), a.replications, os.path.join(tmp, "i"))
        actual = run(a.caseflow, os.path.join(ROOT, "configs", "manchester-2016-invest-actual.yaml"), a.replications, os.path.join(tmp, "a"))
    year_1 = range(1, 13)
    plan_excess, plan_month = highest_excess(invest, base, "caseload_mean")
    actual_excess, actual_month = highest_excess(actual, base, "caseload_mean")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    text = f"""# Validation: the default scenario beside the seed authority

Generated by `scripts/validation_report.py -n {a.replications}` on {datetime.date.today()} (commit {commit or 'unknown'}).
Month 0 is 1 April 2016; month 2 is the end of May 2016 (the June 2016 report's
"now"); month 8 the end of November 2016 (the December 2016 scorecard). Bands are
the 5th–95th percentiles over the replications.

## Baseline: `configs/manchester-2016.yaml` (no policy change)

{table(base, BASELINE)}

## Invest to succeed: `configs/manchester-2016-invest.yaml`

{table(invest, INVEST)}

Average caseload over 2016/17 (months 1–12): {mean_over(invest, "caseload_mean", year_1):.1f}
(seed 003: 19.2). The plan's caseload is never above the baseline's by more
than {plan_excess:+.2f} (month {plan_month}).

## The plan as carried out: `configs/manchester-2016-invest-actual.yaml`

The same posts, with the recruitment drive as strong as the December 2016
scorecard's staffing shows (its agency share and posts filled set the drive;
the caseloads are the check).

{table(actual, ACTUAL)}

Average caseload over 2016/17 (months 1–12): {mean_over(actual, "caseload_mean", year_1):.1f}
(seed 003: 19.2). Its caseload is never above the baseline's by more than
{actual_excess:+.2f} (month {actual_month}).

## Where and why they differ

- **Capacity in hours** (the `workload` section). Three base-hour values and
  the assessment's hours were calibrated at month 8 of the baseline
  (docs/calibration.md "Hours"); the base load's place in the priority order
  (after child protection work and looked-after reviews) is a mechanism
  chosen on the scorecard's pattern, not fitted. Looked-after reviews come
  out at about 92% (band 85–97%), the scorecard's 91.7%: with reviews before
  the recording they are late only when a worker is off sick. Assessments
  and ICPCs in timescale stay within their bands, a few points below the
  scorecard: hours add delays to the durations the flow was calibrated with
  before (82.6% and 81.6% then). **CP visits overdue**: about 49 (band
  24–73) against the scorecard's 36, inside; in the plan as carried out
  (the council's own December staffing) about 33 (15–53), inside too. Two
  mechanisms give it, neither fitted to it (session 12): visits are booked
  for their due date (`on_due_date`: the interval counts from the last
  visit, so a visit made early only shortens the next one), and a visit is
  on the record only once written up (0.5 of its 1.5 hours, done at the
  base load's place in the order), so a visit made on its due date whose
  write-up waits for hours shows as overdue at the month end, as the
  council's system counts it; and a worker off sick at the start of a week
  makes that week's visits late (nobody covers). Before the booking, visits
  were made as early in the week as the hours allowed and the model gave
  about 2 (0–9). Visits that find no access (nobody in, the family
  cancels) are built (`no_access`) but off: no published rate, and a share
  of 0.05 already gives 59 (38–83), the scorecard's 36 outside.
  **Looked-after visits overdue**: 107 (73–144) in the baseline, 133
  inside, with the looked-after base hours recalibrated to 3.2 (from 4.8:
  booked visits show more of the overload); but about 57 (36–78) at the
  council's December staffing, 133 outside. Placements far from the city
  are not the cause: with each visit's journey drawn from England's
  placement distances (docs/calibration.md "Travel") the figures moved by
  about 5 (103 and 52 before); visits went overdue for reasons the model
  does not yet have.
- **What more staff buy.** With the same demand, the invest plan
  (utilisation about 0.80 at month 24 against about 1.09 in the baseline)
  cuts CP visits overdue at month 24 from about 55 (band 38–77) to about
  42 (24–64), looked-after visits overdue from about 115 (80–153) to about
  66 (45–89), and raises the share of looked-after visits made by their
  due date from 20% (10–31%) to 48% (37–58%); turnover falls from 11.9% to
  10.5% a year over months 25–60 (10.4% in the plan as carried out): the
  turnover feedbacks are on at their central values (capacity-evidence
  §0), and their base rate was rescaled so the baseline keeps its observed
  12%. CP reviews (about 97% either way), looked-after reviews and
  assessments in timescale (81% either way) barely move: CP work and
  reviews come first whatever the load, and the assessment teams' hours
  already cover their work in the baseline, so the remaining lateness is
  absence and the assessment durations' own (England's distribution, S4).
  Figures from 200 replications. Drift for looked-after children is on at
  its central value (docs/calibration.md "Drift"). The plan against the
  baseline at low, central and high feedbacks, with 95% paired intervals:
  `docs/what-recruitment-buys.md` (`scripts/what_recruitment_buys.py`).
- **Open cases, flows and timeliness** were calibrated (docs/calibration.md), so
  they agree by construction; what this confirms is that the workforce section
  did not disturb them (the workforce changes only who holds a case, and with
  `when_full: over_cap` nothing waits).
- **Open CP and LAC at December 2016.** The scenario holds the March 2016
  position (817 CP, 1,239 LAC) with no trend; the scorecard's 953 CP and 1,203
  LAC eight months later reflect change the seeds do not quantify as rates.
  Test it with `demand.growth_per_year` or a changed route share.
- **Caseloads.** The mean is 4,953 children over the workers in post (about 24.5
  with all 202 in post; a little higher in the first months while locums who
  leave are replaced after a lag). The share of workers above 24 is far above
  the seed's 36%. The seed's three figures (about 4,950 open children, 202
  workers, an average of 24 with 36% above it) need a distribution skewed to
  the right: most workers below 24 and a tail of "hot spots" at 27 and more
  (seed 001 §4.17). What the model has of the causes the seeds name or imply:
  newly qualified staff filling to their lower cap (`balance:
  share_of_cap`), cases staying with their worker (`continuity`), and, as an
  option, allocation within each team manager's group in turn
  (`allocation.intake: manager_groups`: a group with a vacancy, a locum gap
  or a worker off sick takes the same share of new cases with fewer hands,
  and a leaver's cases stay in their group). Team-wide least-loaded
  allocation (the default) keeps caseloads within a team close together
  (10th–90th percentile ≈ 21–29, 75% above 24 at month 2); the groups spread
  them (≈ 20–32 at month 8) and bring the share above 24 to about 64% at
  month 8 and 54% at month 0, when all 202 are in post at a mean of 24.5
  (200 replications). They are not the default because they also move
  looked-after reviews in timescale at month 8 from 92% to 96% (band
  92–99%, the scorecard's 91.7% just outside) and looked-after visits
  overdue from 129 to 141, and the hours were calibrated with team-wide
  allocation; a council whose managers allocate in turn should use them and
  recalibrate the hours.
  Also tried, with 20–40 replications, before the groups: 6 more workers
  (mean 24.0) gives 50–57% above 24; unequal localities with equal staffing
  (38/33/29% or 42/31/27% of the children) give 59–63% and 53–58%.
  Part-time staff (`working_hours`) make it higher, not lower, when
  caseloads are counted per person; new starters building up a caseload
  sit below the mean and push the rest above it, so they raise it too.
  Why 36% is not reached: at a mean of 24.5 it needs 64% of the workers at
  or below 24 and the other 36% averaging at least 25.4, i.e. a third of the
  workforce in hot spots for the whole year; the groups make hot spots where
  staffing is short, which is a minority of groups at any time. Matching
  36% would need about 150–250 of the open children to sit outside the 202
  workers' caseloads (held by managers, unallocated, or in teams the 202 do
  not include), or the seed's 36% to count a different set of workers (the
  seed's "24 for qualified social workers" leaves newly qualified staff
  out); the seeds say neither, and the scenario keeps their open cases and
  workforce.
- **Newly qualified caseloads.** Allocation balances by share of cap
  (`allocation.balance: share_of_cap`), so a newly qualified worker (cap 15)
  carries 15/18 of a locality worker's load and 15/20 of a permanence
  worker's: ≈ 21.5 against the seed's 22. Loading everyone alike
  (`balance: caseload`) would give ≈ 25.
- **Care leavers.** The model supports young people who leave care at 18 to
  21 (`leaving_care` state): ≈ 114 a year, so ≈ 340 at a time. The
  scorecard's 786 also counts 16–17 year olds (eligible and relevant) and
  21–25 year olds, and the model has too few children leaving care at 18
  (≈ 24% of exits from care against England's 40%: one entry-age
  distribution for every state, docs/calibration.md item 6).
- **Time to adoption.** Children are adopted ≈ 800 days after entering care,
  against ≈ 817 expected (517 days to moving in with adopters, seed 000, plus
  ≈ 10 months to the order, S16). Three in four children come into care
  straight into `lac` rather than through `care_proceedings`, so the lac →
  adoption route (785 days) carries nearly all of it; it was lengthened from
  600 days when this metric showed ≈ 630, with the long-term-care share
  lowered to keep the LAC stock (docs/calibration.md).
- **Agency.** With no policy change the share holds near its opening 35%
  (seed 001 §5.4: "not anticipated to result in a significant reduction" until
  the plan's recruitment): a permanent campaign appoints with probability
  0.068, derived so that permanent hires replace permanent leavers and no
  more (docs/calibration.md "Agency"), and a locum post keeps a locum until a
  permanent worker starts. It sits a point or two below 35% because new
  vacancies wait for room under the 35.2% cap while locum posts between
  locums hold their places; that wait also leaves about 7 posts unfilled
  (the scorecard had 13 unfilled vacancies), which is why the caseload is
  25.7 rather than 24.5 in June 2016. The December 2016 scorecard's 12.9%
  is not a baseline figure: it is what the council's recruitment achieved
  with the plan, and it is compared with the plan as carried out below.
- **Supervision coverage** is the share of workers within a 1:8 span. The
  scorecard's 79% is the share supervised in the month, which also reflects
  missed sessions, so the model's figure is an upper bound.
- **Invest to succeed: the plan as written and as carried out.** Seed 001
  expected agency to stay near 35% and fall to 20% by April 2018 (§5.4); the
  plan as written does that (a recruitment drive from July 2016 set to give
  it: 18% at month 24), and then its caseload at December 2016 is about 22,
  above the 20.2 the council reported (seed 000), because posts fill at the
  pace that agency falls. The December 2016 scorecard shows the council
  recruited much faster than its plan said: 304.3 FTE, 28 vacancies in about
  333 posts, 43 agency (12.9%), six months in. `manchester-2016-invest-actual.yaml`
  takes the drive from those staffing figures (agency 14.7% and 88% of posts
  filled at month 9) and then gives an average caseload of 19.3 at December
  2016 (19.9 at month 8) and 16.8 for newly qualified staff (seed: 20.2 and
  17.5), 17.4–17.6 from April 2018; its agency keeps falling, to about 6% by
  April 2018, below the plan's 20%. Which figures are followed: the scorecard
  (what happened) for the trajectory, seed 001 §5.4 for the baseline (what
  would have happened without the plan). Seed 003's 19.2 "over 2016/17"
  cannot be an average of the year's months if June 2016 was 24 (seed 001
  §4.17): the other nine months would have had to average about 17.6, below
  the plan's own target of 18; it is compared with March 2017 (month 12:
  18.5). The caseload check is a weak one once staffing matches (caseload is
  children held over workers in post, and the children held were calibrated
  before), but it confirms the demand side did not move under the plan. In
  neither invest scenario is the caseload above the baseline's in any month
  (by more than the noise of months 0–3, when the plan's lower agency cap
  is the only difference).
- **What recruitment buys the children.** Four workload feedbacks run at
  the evidence's central values (capacity-evidence §0): turnover with
  caseload and missed supervision, drift of looked-after spells, permanence
  slowed by each change of social worker (hazard ratio 0.9), and re-referral
  of cases closed by an overloaded worker (elasticity 0.15). Each keeps the
  baseline where it was calibrated (`observed_at`; docs/calibration.md).
  Against the baseline, with paired replications, the invest plan at month
  60 has about 40 fewer looked-after children at central (about 100 at
  high, none at low), re-referrals 1.8 points lower at central (4.9 at
  high), adoptions about 41 days sooner, and fewer changes of worker
  during stays in care: `docs/what-recruitment-buys.md` has every figure
  with its 95% interval at low, central and high.

## Elsewhere, or not modelled

| figure | seed | source | why |
|---|---|---|---|
""" + "\n".join(f"| {a_} | {b_} | {c_} | {d_} |" for a_, b_, c_, d_ in NOT_MODELLED) + "\n"
    with open(a.out, "w") as f:
        f.write(text)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
