# Every C and assembly source in lib/ is part of rvmm (target), and of the host build
# where the top Makefile says so.
lib-y := $(sort $(wildcard lib/*.c lib/*.S))
