package org.pouw.stark.air.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.stark.poly.Ntt;
import org.pouw.vm.Instruction;
import org.pouw.vm.Program;

/** The verifier's program tables, built once per program hash and bounded in entries and slots. */
class ProgramTableCacheTest {
    private static Program counting(int size, long immediate) {
        List<Instruction> instructions = new ArrayList<>();
        for (int i = 0; i < size - 1; i++) {
            instructions.add(Instruction.addi(1, 1, immediate));
        }
        instructions.add(Instruction.halt());
        return Program.of(instructions.toArray(Instruction[]::new));
    }

    @Test
    void aProgramsTableIsBuiltOnceAndIsTheTableOfThatProgram() {
        ProgramTableCache cache = new ProgramTableCache(8, 1 << 12);
        Program a = counting(10, 1);
        ProgramTable first = cache.table(a);
        assertThat(cache.table(counting(10, 1))).isSameAs(first);
        assertThat(cache.builds()).isEqualTo(1);
        assertThat(first.columns()).isEqualTo(ProgramTable.of(a).columns());
    }

    /**
     * Two programs of the same size and shape but one immediate apart get their own tables: the key is the hash of
     * the program handed in. A cache keyed by anything weaker (size, period, a hash the caller names) would hand
     * program B's verifier program A's table, and a trace of A would verify as a run of B.
     */
    @Test
    void programsThatDifferInOneImmediateGetTheirOwnTables() {
        ProgramTableCache cache = new ProgramTableCache(8, 1 << 12);
        Program a = counting(10, 1);
        Program b = counting(10, 2);
        cache.table(a);
        assertThat(cache.table(b).columns()).isEqualTo(ProgramTable.of(b).columns())
                .isNotEqualTo(ProgramTable.of(a).columns());
        assertThat(cache.builds()).isEqualTo(2);
    }

    @Test
    void theCachedCoefficientsInterpolateTheColumns() {
        ProgramTable table = new ProgramTableCache(1, 64).table(counting(21, 7));
        long[][] columns = table.columns();
        long[][] coefficients = table.coefficients();
        for (int c = 0; c < 3; c++) {
            long[] back = coefficients[c].clone();
            Ntt.forward(back);
            assertThat(back).isEqualTo(columns[c]);
        }
    }

    @Test
    void theCacheIsBoundedInProgramsAndInSlotsLeastRecentlyUsedFirstOut() {
        ProgramTableCache cache = new ProgramTableCache(3, 100);
        Program[] programs = new Program[5];
        for (int i = 0; i < programs.length; i++) {
            programs[i] = counting(10, i + 1); // period 16 each
        }
        cache.table(programs[0]);
        cache.table(programs[1]);
        cache.table(programs[2]);
        cache.table(programs[0]); // now the most recently used
        cache.table(programs[3]); // evicts programs[1]
        assertThat(cache.size()).isEqualTo(3);
        long builds = cache.builds();
        cache.table(programs[0]);
        assertThat(cache.builds()).isEqualTo(builds);
        cache.table(programs[1]);
        assertThat(cache.builds()).isEqualTo(builds + 1);
        // a 64-slot table pushes the slot total over 100: older tables go until it fits
        cache.table(counting(40, 1));
        assertThat(cache.slots()).isLessThanOrEqualTo(100);
        // a table larger than the whole budget is built and handed out, not kept
        ProgramTable huge = cache.table(counting(200, 1));
        assertThat(huge.period()).isEqualTo(256);
        assertThat(cache.slots()).isLessThanOrEqualTo(100);
        assertThatThrownBy(() -> new ProgramTableCache(0, 1)).hasMessageContaining("maxPrograms");
    }
}
