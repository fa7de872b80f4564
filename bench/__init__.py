"""`make bench`: the performance figures of SPEC §6.1, each beside its floor, on MySQL and Redis."""
