/*
 * dp.c: the detailed placement stage (dp_run): options, the rounds of passes, statistics.
 *
 * A round runs the enabled passes in the order of FastPlace-DP (Pan, Viswanathan, Chu, "An
 * Efficient and Effective Detailed Placement Algorithm", ICCAD 2005, Sec. 4): global swap,
 * vertical swap, local reordering, then independent set matching (NTUplace3, TCAD 2008,
 * Sec. VI-B), single-segment clustering (FastPlace-DP Sec. 4.4) and mirroring.  Every pass
 * applies only moves whose exact HPWL change is negative, so HPWL never increases; rounds stop
 * when one gains less than opts->min_gain of the HPWL, or after opts->max_rounds.  One log line
 * per pass per round (tag DP) gives its gain.
 *
 * From the second round on, a pass skips the cells none of whose nets changed since its previous
 * run began (dp_cell_dirty): their optimal regions and costs are what they were when the pass
 * found nothing for them (only the free space around them may differ).
 */
#include "place/dp.h"

#include <string.h>

#include "place/dp_int.h"

static const char *PASS_NAMES[DP_NPASSES] = {"gswap", "vswap", "reorder", "ism", "shift", "flip"};

const char *dp_pass_name(int pass) {
  return pass >= 0 && pass < DP_NPASSES ? PASS_NAMES[pass] : "?";
}

void dp_opts_default(dp_opts_t *o) {
  memset(o, 0, sizeof *o);
  for (int p = 0; p < DP_NPASSES; p++) o->pass[p] = 1;
  o->max_rounds = 10;
  o->min_gain = 0.001;
  o->window = 3;
  o->ism_size = 12;
  o->search_sites = 24;
  o->verbose = 1;
}

static int check_opts(const db_t *db, const dp_opts_t *o, ut_diag_t *diag) {
  const char *bad = NULL;
  if (o->max_rounds < 0) bad = "max_rounds must be >= 0";
  else if (!(o->min_gain >= 0)) bad = "min_gain must be >= 0";
  else if (o->window < 2 || o->window > 4) bad = "window must be 2..4";
  else if (o->ism_size < 2 || o->ism_size > 32) bad = "ism_size must be 2..32";
  else if (o->search_sites < 1) bad = "search_sites must be >= 1";
  else if (o->max_disp_x < 0 || o->max_disp_y < 0) bad = "max displacement must be >= 0";
  else if (o->macro_halo < 0) bad = "macro_halo must be >= 0";
  if (bad) ut_diag_error(diag, db->src_path, 0, 0, "detailed placement: %s", bad);
  return bad ? UT_EINVAL : UT_OK;
}

typedef int64_t (*pass_fn)(dp_t *d, int64_t *moves);

int dp_run(db_t *db, const dp_opts_t *opts, dp_stats_t *st_out, ut_diag_t *diag) {
  double t0 = ut_seconds();
  dp_opts_t o;
  if (opts) o = *opts;
  else dp_opts_default(&o);
  dp_stats_t st;
  memset(&st, 0, sizeof st);
  st.hpwl_before = st.hpwl_after = db_hpwl(db);
  int rc = check_opts(db, &o, diag);
  if (rc) {
    if (st_out) *st_out = st;
    return rc;
  }
  dp_t *d = NULL;
  rc = dp_create(&d, db, &o, diag);
  st.seconds_setup = ut_seconds() - t0;
  if (rc) {
    st.seconds_total = ut_seconds() - t0;
    if (st_out) *st_out = st;
    return rc;
  }
  st.ncells = (size_t)d->nmov;
  st.nfrozen = d->nfrozen;
  const pass_fn fns[DP_NPASSES] = {dp_pass_gswap, dp_pass_vswap, dp_pass_reorder,
                                   dp_pass_ism, dp_pass_shift, dp_pass_flip};
  double u = db->dbu > 0 ? db->dbu : 1;
  if (o.verbose)
    UT_INFO("DP", "%d movable cells, %zu left in place; hpwl %.1f um", d->nmov, d->nfrozen,
            d->hpwl / u);
  uint32_t since[DP_NPASSES] = {0};
  for (int r = 0; r < o.max_rounds && d->nmov > 0; r++) {
    int64_t before = d->hpwl;
    for (int p = 0; p < DP_NPASSES; p++) {
      if (!o.pass[p]) continue;
      d->since = since[p];
      since[p] = ++d->serial;
      double tp = ut_seconds();
      int64_t moves = 0, h0 = d->hpwl, tries0 = d->cnt_try;
      int64_t gain = fns[p](d, &moves);
      st.seconds[p] += ut_seconds() - tp;
      st.gain[p] += gain;
      st.moves[p] += moves;
      if (o.verbose)
        UT_INFO("DP", "round %d %-8s gain %10.1f um (%.3f%%), %lld moves, %lld trials, hpwl %.1f",
                r + 1, dp_pass_name(p), gain / u,
                h0 > 0 ? 100.0 * (double)gain / (double)h0 : 0.0, (long long)moves,
                (long long)(d->cnt_try - tries0), d->hpwl / u);
    }
    st.rounds = r + 1;
    int64_t got = before - d->hpwl;
    if ((double)got < o.min_gain * (double)before || got <= 0) break;
  }
  dp_write_back(d);
  st.hpwl_after = d->hpwl;
  dp_destroy(d);
  st.seconds_total = ut_seconds() - t0;
  if (o.verbose) {
    double pct = st.hpwl_before > 0 ? 100.0 * (double)(st.hpwl_before - st.hpwl_after) /
                                          (double)st.hpwl_before
                                    : 0.0;
    UT_INFO("DP", "hpwl %.1f -> %.1f um (%.2f%%) in %d rounds", st.hpwl_before / u,
            st.hpwl_after / u, pct, st.rounds);
  }
  if (st_out) *st_out = st;
  return UT_OK;
}
