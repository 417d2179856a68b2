/*
 * ut_mpi.h: the few MPI operations `place` uses (distributed RL training, multi-start placement),
 * behind functions that are no-ops in a single process, so that the rest of the code calls
 * ut_mpi_rank() / ut_mpi_bcast() without #ifdefs.
 *
 * Built with -DPLACE_MPI=ON, MPI is started only when the process was launched by an MPI launcher
 * (mpirun / mpiexec / srun set their environment variables); a plain `place ...` stays a single
 * process of rank 0 in a world of size 1, exactly as the build without MPI.  Built without it,
 * every function below is the single-process version.
 *
 * Every collective (bcast, gather, allgather, min/max) must be called by every rank in the same
 * order.  Waits poll with short sleeps instead of spinning, so that a rank waiting for rank 0
 * leaves its core to the ranks still working (mpirun --oversubscribe on a small machine).  Errors
 * in MPI itself keep MPI's default handler (MPI_ERRORS_ARE_FATAL): a rank that dies makes mpirun
 * stop the whole job with its message naming the rank, never a hang.
 */
#ifndef PLACE_UT_MPI_H
#define PLACE_UT_MPI_H

#include <stddef.h>

/* Start MPI when launched by an MPI launcher; call once, first thing in main.  Ranks other than 0
 * log warnings and errors only (ut_log_set_rank).  Returns 0, or UT_EINVAL when MPI could not start
 * (message printed). */
int ut_mpi_init(int *argc, char ***argv);
/* The exit status all ranks agree on (the largest), after which MPI is shut down.  Returns it. */
int ut_mpi_finish(int status);

int ut_mpi_rank(void);            /* 0 in a single process */
int ut_mpi_size(void);            /* 1 in a single process */
const char *ut_mpi_library(void); /* "Open MPI v4.1.4" or "none" */
double ut_mpi_wait_seconds(void); /* wall time this rank has spent in collectives so far */

/* Collectives.  buf of `bytes` bytes on every rank gets root's. */
void ut_mpi_bcast(void *buf, size_t bytes, int root);
int ut_mpi_bcast_int(int v, int root);
/* The smallest / largest v of all ranks (ut_mpi_min_int(rc): an error code any rank returned). */
int ut_mpi_min_int(int v);
int ut_mpi_max_int(int v);
/* all (size * bytes) gets every rank's `mine` in rank order. */
void ut_mpi_allgather(const void *mine, size_t bytes, void *all);
/* In place: rank r owns buf[off[r], off[r + 1]) (byte offsets, off has size + 1 entries); after
 * allgatherv every rank holds every block, after gatherv the root does.  Returns 0, or UT_ELIMIT
 * when a block or offset passes what MPI counts (2^31 - 1 bytes). */
int ut_mpi_allgatherv(void *buf, const size_t *off);
int ut_mpi_gatherv(void *buf, const size_t *off, int root);

#endif
