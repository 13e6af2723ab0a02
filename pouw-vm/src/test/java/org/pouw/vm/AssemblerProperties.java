package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AssemblerProperties {
    @Provide
    Arbitrary<Program> programs() {
        return VmArbitraries.programs();
    }

    @Property(tries = 300)
    void disassemblyAssemblesToTheSameProgram(@ForAll("programs") Program program) {
        Program again = Assembler.assemble(Disassembler.disassemble(program));
        assertThat(again).isEqualTo(program);
        assertThat(again.hash()).isEqualTo(program.hash());
    }

    /** Source text built from assembly-ish fragments: mostly wrong, sometimes right, never a crash. */
    @Provide
    Arbitrary<String> sourceLikeText() {
        Arbitrary<String> fragment = Arbitraries.of("add", "li", "jz", "jmp", "halt", "HALT", "r0", "r7", "r8", "x:",
                "x", "loop:", ":", "#", ",", " ", "\n", "\r\n", "-1", "0x", "0xff", "-", "18446744069414584321",
                "18446744069414584320", "\t", "::", "mov", "eqz", "inv");
        return fragment.list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Property(tries = 500)
    void arbitraryTextEitherAssemblesOrNamesALine(@ForAll("sourceLikeText") String source) {
        int lineCount = source.split("\n", -1).length;
        try {
            Program program = Assembler.assemble(source);
            assertThat(program.size()).isPositive();
        } catch (AssemblyException e) {
            assertThat(e.line()).isBetween(1, lineCount);
        }
    }

    @Property(tries = 200)
    void anyUnicodeTextNeverThrowsAnythingElse(@ForAll String source) {
        assertThatCode(() -> {
            try {
                Assembler.assemble(source);
            } catch (AssemblyException expected) {
                // the only allowed failure
            }
        }).doesNotThrowAnyException();
    }
}
