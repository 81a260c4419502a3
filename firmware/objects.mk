# RISC-V specific code: entry, traps, SBI, console shell, on-target test runner.
# head.S comes first so that the Image header is at offset 0 (link.ld also pins it).
firmware-y := firmware/head.S $(filter-out firmware/head.S,$(sort $(wildcard firmware/*.c firmware/*.S)))
