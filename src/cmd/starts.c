/*
 * starts.c: multi-start placement (`place ... --starts K`).  Global placement is a nonconvex
 * optimisation whose result depends on its seed (filler cells and the initial jitter, gp.c), so
 * running the flow from several seeds and keeping the best legal result buys quality with compute
 * that parallelizes perfectly: the starts are independent.
 *
 * Start i runs the caller's flow (global placement, legalization, detailed placement, check) with
 * seed + i from the same input placement (cell_x, cell_y, cell_orient and cell_status, the only
 * arrays the stages change, are restored before every start).  The winner is the legal start with
 * the smallest metric (HPWL in DBU, or the proxy cost of rl_proxy_cost), ties to the lowest start
 * index, so the choice depends only on the starts' results.  Under MPI start i runs on rank
 * i % size; every rank keeps its own best, the per-start results are allgathered, every rank picks
 * the same winner, and the winner's rank broadcasts its arrays.  Each start's result depends only
 * on (input, seed + i), so the DEF written is byte-identical to the one of the sequential run
 * (tests/mpi.cmake checks it).
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "rl/rl.h"
#include "util/ut_mpi.h"

/* What every rank learns of every start. */
typedef struct start_rec_t {
  double metric;             /* HPWL (DBU) or proxy cost; valid when legal */
  double hpwl_um, proxy, seconds;
  int64_t violations;        /* -1: not checked */
  int32_t ran, failed, legal, pad;
} start_rec_t;

/* The placement arrays the stages change. */
typedef struct snap_t {
  dbu_t *x, *y;
  uint8_t *orient, *status;
} snap_t;

static int snap_alloc(snap_t *s, size_t n) {
  n = n ? n : 1;
  s->x = ut_malloc(n * sizeof *s->x);
  s->y = ut_malloc(n * sizeof *s->y);
  s->orient = ut_malloc(n);
  s->status = ut_malloc(n);
  return s->x && s->y && s->orient && s->status ? 0 : UT_ENOMEM;
}

static void snap_free(snap_t *s) {
  ut_free(s->x);
  ut_free(s->y);
  ut_free(s->orient);
  ut_free(s->status);
}

static void snap_take(snap_t *s, const db_t *db) {
  if (!db->ncells) return;
  memcpy(s->x, db->cell_x, db->ncells * sizeof *s->x);
  memcpy(s->y, db->cell_y, db->ncells * sizeof *s->y);
  memcpy(s->orient, db->cell_orient, db->ncells);
  memcpy(s->status, db->cell_status, db->ncells);
}

static void snap_put(const snap_t *s, db_t *db) {
  if (!db->ncells) return;
  memcpy(db->cell_x, s->x, db->ncells * sizeof *s->x);
  memcpy(db->cell_y, s->y, db->ncells * sizeof *s->y);
  memcpy(db->cell_orient, s->orient, db->ncells);
  memcpy(db->cell_status, s->status, db->ncells);
}

static void snap_bcast(snap_t *s, size_t n, int root) {
  if (!n) return;
  ut_mpi_bcast(s->x, n * sizeof *s->x, root);
  ut_mpi_bcast(s->y, n * sizeof *s->y, root);
  ut_mpi_bcast(s->orient, n, root);
  ut_mpi_bcast(s->status, n, root);
}

int cmd_starts_run(db_t *db, cmd_starts_t *ms, cmd_flow_fn fn, void *ctx) {
  const int K = ms->nstarts, rank = ut_mpi_rank(), nranks = ut_mpi_size();
  const double um = db->dbu > 0 ? db->dbu : 1;
  ms->best = -1;
  ms->nlegal = 0;
  snap_t in, best;
  memset(&in, 0, sizeof in);
  memset(&best, 0, sizeof best);
  start_rec_t *mine = ut_calloc((size_t)K, sizeof *mine);
  start_rec_t *all = ut_calloc((size_t)K * nranks, sizeof *all);
  int rc = !mine || !all || snap_alloc(&in, db->ncells) || snap_alloc(&best, db->ncells);
  /* every rank goes on, or none */
  if (ut_mpi_max_int(rc)) {
    fprintf(stderr, "place: error: out of memory for %d starts\n", K);
    rc = 1;
    goto done;
  }
  snap_take(&in, db);
  int mybest = -1;
  for (int i = rank; i < K; i += nranks) {
    start_rec_t *r = &mine[i];
    snap_put(&in, db);
    UT_INFO("MAIN", "start %d of %d: seed %ld", i + 1, K, ms->seed + i);
    double t = ut_seconds();
    r->ran = 1;
    r->violations = -1;
    r->failed = fn(ctx, db, ms->seed + i, &r->violations) != 0;
    if (!r->failed && r->violations == 0) {
      int64_t h = db_hpwl(db);
      r->hpwl_um = (double)h / um;
      r->metric = (double)h;
      r->legal = 1;
      if (ms->metric_proxy) {
        rl_proxy_t px;
        if (rl_proxy_cost(db, NULL, &px)) {
          fprintf(stderr, "place: error: out of memory in the proxy cost (start %d)\n", i + 1);
          r->failed = 1;
          r->legal = 0;
        } else {
          r->proxy = r->metric = px.cost;
        }
      }
    } else if (!r->failed) {
      UT_WARN("MAIN", "start %d (seed %ld): not legal (%lld violations), not a candidate", i + 1,
              ms->seed + i, (long long)r->violations);
    }
    r->seconds = ut_seconds() - t;
    /* this rank's best so far: a smaller metric (starts come in increasing index: ties stay) */
    if (r->legal && (mybest < 0 || r->metric < mine[mybest].metric)) {
      mybest = i;
      snap_take(&best, db);
    }
  }
  /* every rank learns every start's result; start i's is in rank i % nranks's copy */
  ut_mpi_allgather(mine, sizeof *mine * (size_t)K, all);
  for (int i = 0; i < K; i++) {
    const start_rec_t *r = &all[(size_t)(i % nranks) * K + i];
    mine[i] = *r;
    if (r->legal && (ms->best < 0 || r->metric < mine[ms->best].metric)) ms->best = i;
    ms->nlegal += r->legal;
  }
  UT_INFO("MAIN", "%6s %11s %5s %7s %14s%s", "start", "seed", "rank", "legal", "hpwl (um)",
          ms->metric_proxy ? "      proxy" : "");
  for (int i = 0; i < K; i++) {
    const start_rec_t *r = &mine[i];
    char hp[32] = "-", px[32] = "";
    if (r->legal) snprintf(hp, sizeof hp, "%.1f", r->hpwl_um);
    if (ms->metric_proxy) snprintf(px, sizeof px, " %10s", "-");
    if (ms->metric_proxy && r->legal) snprintf(px, sizeof px, " %10.4f", r->proxy);
    UT_INFO("MAIN", "%6d %11ld %5d %7s %14s%s%s", i + 1, ms->seed + i, i % nranks,
            r->failed ? "failed" : r->legal ? "yes" : "no", hp, px,
            i == ms->best ? "  <- best" : "");
  }
  if (ms->best < 0) {
    if (rank == 0)
      fprintf(stderr, "place: error: none of the %d starts gave a legal placement; nothing "
                      "written\n", K);
    rc = 1;
    goto done;
  }
  /* the winner's rank holds its placement (its own best: the winner beats all its other starts) */
  const int owner = ms->best % nranks;
  if (rank == owner && mybest != ms->best) {   /* cannot happen: the rule above is the same */
    fprintf(stderr, "place: error: internal: rank %d lost the placement of start %d\n", rank,
            ms->best + 1);
    mybest = -1;
  }
  if (ut_mpi_bcast_int(mybest, owner) != ms->best) {
    rc = 1;
    goto done;
  }
  snap_bcast(&best, db->ncells, owner);
  snap_put(&best, db);
  ms->best_hpwl_um = mine[ms->best].hpwl_um;
  ms->best_proxy = mine[ms->best].proxy;
  UT_INFO("MAIN", "multi-start: start %d (seed %ld) is the best of %d (%d legal) by %s: "
          "hpwl %.1f um", ms->best + 1, ms->seed + ms->best, K, ms->nlegal,
          ms->metric_proxy ? "proxy cost" : "HPWL", ms->best_hpwl_um);
  rc = 0;
done:
  ut_free(mine);
  ut_free(all);
  snap_free(&in);
  snap_free(&best);
  return rc;
}
