# Every C and assembly source in mm/ is part of rvmm (target), and of the host build
# where the top Makefile says so.
mm-y := $(sort $(wildcard mm/*.c mm/*.S))
