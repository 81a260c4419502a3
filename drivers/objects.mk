# Every C and assembly source in drivers/ is part of rvmm (target), and of the host build
# where the top Makefile says so.
drivers-y := $(sort $(wildcard drivers/*.c drivers/*.S))
