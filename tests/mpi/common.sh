# Shared by the MPI test scripts (sourced after place=, mpirun= and optionally MR_TIMEOUT are set):
# mpirun as root with oversubscription under a timeout, a temporary folder, and TAP-like counters.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1   # CI runs as root
mr() { np=$1; shift; timeout "${MR_TIMEOUT:-300}" "$mpirun" --oversubscribe -np "$np" "$@"; }
d=tests/rl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
expect_rc() { want=$1; shift; "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?; [ $rc -eq "$want" ] && ok || { bad "'$*' exited $rc, want $want"; tail -20 "$tmp/e"; }; }
