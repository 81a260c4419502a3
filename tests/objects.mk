# Test suites: tests/lib and tests/mm run on host and target; tests/firmware on the target
# only; tests/host holds the host main and host-only oracles.
tests-y := tests/ktest.c $(sort $(wildcard tests/lib/*.c tests/mm/*.c))
tests-target-y := $(sort $(wildcard tests/firmware/*.c))
# Benchmarks (the `bench` command): target only.
tests-target-y += $(sort $(wildcard tests/bench/*.c))
tests-host-y := $(sort $(wildcard tests/host/*.c))
