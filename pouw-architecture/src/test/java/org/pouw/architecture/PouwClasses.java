package org.pouw.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The production classes of every module, read once from the test class path (each module's jar or classes folder).
 * Test classes are left out: tests may start servers, open databases and sleep.
 */
final class PouwClasses {
    private static JavaClasses all;

    private PouwClasses() {
    }

    static synchronized JavaClasses all() {
        if (all == null) {
            all = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("org.pouw");
        }
        return all;
    }

    static String module(JavaClass javaClass) {
        return ModuleTable.moduleOf(javaClass.getName()).orElseThrow();
    }

    /** The class a nested class or lambda is written in, so an allow-list names source files, not {@code $1}. */
    static String topLevelName(JavaClass javaClass) {
        String name = javaClass.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }
}
