/*
 * ut_mpi.c: the MPI layer of ut_mpi.h.  With PLACE_MPI, thin wrappers over MPI_COMM_WORLD; without
 * it (or when the process was not started by an MPI launcher) the single-process versions: rank 0
 * of 1, a broadcast or gather leaves the buffer as it is, min/max return their argument.
 *
 * Idea: the callers never branch on the build, only on ut_mpi_rank() / ut_mpi_size(), and every
 * result that must be the same on every rank is either computed by one rank and broadcast (bytes
 * copied, so bit-identical) or computed by every rank from the same gathered bytes in the same
 * order.  No reduction here does floating-point arithmetic (MPI_SUM on doubles may associate
 * differently per rank or per run); the only reductions are min/max of ints.
 *
 * The collectives are the nonblocking MPI-3 ones completed by polling MPI_Test with sleeps that
 * grow from 20 us to 1 ms: a rank waiting on another costs almost no CPU (MPI's own blocking calls
 * busy-poll, which halves rank 0's speed when ranks share cores), for at most ~1 ms of latency.
 */
#include "util/ut_mpi.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/ut.h"

#ifdef PLACE_MPI
#include <stdio.h>
#include <time.h>

#include <mpi.h>

static int g_on;               /* MPI_Init was called (launched by mpirun) */
static int g_rank, g_size = 1;
static double g_wait;          /* seconds spent in wait_req */

/* The environment variables MPI launchers give their processes. */
static int launched_by_mpi(void) {
  static const char *const VARS[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE",
                                     "MPI_LOCALNRANKS"};
  for (size_t i = 0; i < sizeof VARS / sizeof VARS[0]; i++)
    if (getenv(VARS[i])) return 1;
  return 0;
}

int ut_mpi_init(int *argc, char ***argv) {
  if (g_on || !launched_by_mpi()) return 0;
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    fprintf(stderr, "place: error: MPI could not start\n");
    return UT_EINVAL;
  }
  g_on = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  ut_log_set_rank(g_rank);
  return 0;
}

/* Complete a nonblocking operation, sleeping between tests (see the top of the file). */
static void wait_req(MPI_Request *req) {
  long ns = 20000;
  double t0 = ut_seconds();
  for (;;) {
    int done = 0;
    MPI_Test(req, &done, MPI_STATUS_IGNORE);
    if (done) {
      g_wait += ut_seconds() - t0;
      return;
    }
    struct timespec ts = {0, ns};
    nanosleep(&ts, NULL);
    if (ns < 1000000) ns *= 2;
  }
}

static int reduce_int(int v, MPI_Op op) {
  if (!g_on || g_size == 1) return v;
  int out = v;
  MPI_Request req;
  MPI_Iallreduce(&v, &out, 1, MPI_INT, op, MPI_COMM_WORLD, &req);
  wait_req(&req);
  return out;
}

int ut_mpi_finish(int status) {
  if (!g_on) return status;
  status = reduce_int(status, MPI_MAX);
  MPI_Finalize();
  g_on = 0;
  return status;
}

int ut_mpi_rank(void) { return g_rank; }
int ut_mpi_size(void) { return g_size; }
double ut_mpi_wait_seconds(void) { return g_wait; }

const char *ut_mpi_library(void) {
  static char buf[MPI_MAX_LIBRARY_VERSION_STRING];
  int n = 0;
  MPI_Get_library_version(buf, &n);
  buf[strcspn(buf, ",\n")] = 0;   /* "Open MPI v4.1.4" */
  return buf;
}

void ut_mpi_bcast(void *buf, size_t bytes, int root) {
  if (!g_on || g_size == 1) return;
  char *p = buf;
  do {   /* in pieces MPI can count */
    int n = bytes > (size_t)INT_MAX ? INT_MAX : (int)bytes;
    MPI_Request req;
    MPI_Ibcast(p, n, MPI_BYTE, root, MPI_COMM_WORLD, &req);
    wait_req(&req);
    p += n;
    bytes -= (size_t)n;
  } while (bytes > 0);
}

int ut_mpi_bcast_int(int v, int root) {
  ut_mpi_bcast(&v, sizeof v, root);
  return v;
}

int ut_mpi_min_int(int v) { return reduce_int(v, MPI_MIN); }
int ut_mpi_max_int(int v) { return reduce_int(v, MPI_MAX); }

void ut_mpi_allgather(const void *mine, size_t bytes, void *all) {
  if (!g_on || g_size == 1) {
    if (bytes) memmove(all, mine, bytes);
    return;
  }
  size_t *off = malloc(sizeof *off * ((size_t)g_size + 1));
  int ok = off != NULL;
  if (ok) {
    for (int r = 0; r <= g_size; r++) off[r] = (size_t)r * bytes;
    memmove((char *)all + off[g_rank], mine, bytes);
    ok = ut_mpi_allgatherv(all, off) == 0;
  }
  free(off);
  if (!ok) {   /* cannot be agreed on: stop the job rather than let the ranks diverge */
    fprintf(stderr, "place: error: rank %d: allgather of %zu bytes per rank failed\n", g_rank,
            bytes);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
}

/* counts and displacements in ints, or -1 when they do not fit. */
static int to_counts(const size_t *off, int *cnt, int *dsp) {
  for (int r = 0; r < g_size; r++) {
    if (off[r + 1] < off[r] || off[r + 1] - off[r] > (size_t)INT_MAX || off[r] > (size_t)INT_MAX)
      return -1;
    cnt[r] = (int)(off[r + 1] - off[r]);
    dsp[r] = (int)off[r];
  }
  return 0;
}

static int gather_any(void *buf, const size_t *off, int root) {
  if (!g_on || g_size == 1) return 0;
  int *cnt = malloc(sizeof *cnt * (size_t)g_size), *dsp = malloc(sizeof *dsp * (size_t)g_size);
  int rc = !cnt || !dsp ? UT_ENOMEM : to_counts(off, cnt, dsp) ? UT_ELIMIT : 0;
  /* every rank computes rc from the same offsets, so all take the same branch */
  if (!rc) {
    MPI_Request req;
    if (root < 0)
      MPI_Iallgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, cnt, dsp, MPI_BYTE, MPI_COMM_WORLD,
                      &req);
    else if (g_rank == root)
      MPI_Igatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, cnt, dsp, MPI_BYTE, root,
                   MPI_COMM_WORLD, &req);
    else
      MPI_Igatherv((char *)buf + off[g_rank], cnt[g_rank], MPI_BYTE, NULL, NULL, NULL, MPI_BYTE,
                   root, MPI_COMM_WORLD, &req);
    wait_req(&req);
  }
  free(cnt);
  free(dsp);
  return rc;
}

int ut_mpi_allgatherv(void *buf, const size_t *off) { return gather_any(buf, off, -1); }
int ut_mpi_gatherv(void *buf, const size_t *off, int root) { return gather_any(buf, off, root); }

#else /* !PLACE_MPI: one process */

#include <stdio.h>

int ut_mpi_init(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  /* started by mpirun -np N > 1: every process would do the whole job alone */
  const char *n = getenv("OMPI_COMM_WORLD_SIZE");
  if (!n) n = getenv("PMI_SIZE");
  if (n && atoi(n) > 1)
    fprintf(stderr, "place: warning: this build has no MPI (configure with -DPLACE_MPI=ON): each "
                    "of the %d processes runs the whole job alone\n", atoi(n));
  return 0;
}
int ut_mpi_finish(int status) { return status; }
int ut_mpi_rank(void) { return 0; }
int ut_mpi_size(void) { return 1; }
const char *ut_mpi_library(void) { return "none"; }
double ut_mpi_wait_seconds(void) { return 0; }
void ut_mpi_bcast(void *buf, size_t bytes, int root) {
  (void)buf;
  (void)bytes;
  (void)root;
}
int ut_mpi_bcast_int(int v, int root) {
  (void)root;
  return v;
}
int ut_mpi_min_int(int v) { return v; }
int ut_mpi_max_int(int v) { return v; }
void ut_mpi_allgather(const void *mine, size_t bytes, void *all) {
  if (bytes) memmove(all, mine, bytes);
}
int ut_mpi_allgatherv(void *buf, const size_t *off) {
  (void)buf;
  (void)off;
  return 0;
}
int ut_mpi_gatherv(void *buf, const size_t *off, int root) {
  (void)buf;
  (void)off;
  (void)root;
  return 0;
}

#endif
