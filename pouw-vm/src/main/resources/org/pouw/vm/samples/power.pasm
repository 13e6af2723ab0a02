# Power by repeated multiplication (the ISA has no shifts, so no square-and-multiply).
# Input:  r0 = base, r1 = exponent (a small count)
# Output: r2 = base ^ exponent mod p

        li r2 1
loop:   jz r1 done
        mul r2 r2 r0
        addi r1 r1 -1
        jmp loop
done:   halt
