package org.pouw.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md §3 as a test over the compiled classes of every module: dependencies point downwards only, SQL
 * lives only in pouw-store, HTTP only in pouw-node, pouw-client, pouw-worker and pouw-pool, and domain code never
 * reads the wall clock. The module table is {@link ModuleTable}; today's exceptions are {@link KnownViolations}.
 */
class ArchitectureTest {
    /** The packages whose use means speaking SQL: JDBC itself, the drivers, the pool and the migrations. */
    private static final List<String> SQL_PACKAGES = List.of("java.sql.", "javax.sql.", "org.sqlite.",
            "org.postgresql.", "com.zaxxer.hikari.", "org.flywaydb.");

    /** The packages (and one class) whose use means speaking HTTP: the JDK clients, Helidon, the JDK's server. */
    private static final List<String> HTTP_PACKAGES = List.of("java.net.http.", "java.net.HttpURLConnection",
            "io.helidon.", "com.sun.net.httpserver.");

    /** Members that read the time of day or the machine's timer, or wait on it, instead of asking a Clock. */
    private static final Map<String, Set<String>> WALL_CLOCK = Map.of(
            "java.lang.System", Set.of("currentTimeMillis", "nanoTime"),
            "java.lang.Thread", Set.of("sleep"),
            "java.time.Clock", Set.of("systemUTC", "systemDefaultZone", "system"),
            "java.time.Instant", Set.of("now"),
            "java.time.LocalDateTime", Set.of("now"),
            "java.time.LocalDate", Set.of("now"),
            "java.time.LocalTime", Set.of("now"),
            "java.time.ZonedDateTime", Set.of("now"),
            "java.time.OffsetDateTime", Set.of("now"));

    /** The modules that exist today: if one reads as empty, the class path is wrong and every rule would pass. */
    private static final List<String> BUILT_MODULES = List.of("crypto", "core", "gate", "vm", "stark", "ml", "chain",
            "p2p", "kinds", "store", "node", "client", "worker", "cli", "bench");

    @Test
    void everyModuleOfTheBuildIsRead() {
        Set<String> read = new TreeSet<>();
        PouwClasses.all().forEach(javaClass -> read.add(PouwClasses.module(javaClass)));
        assertThat(read).containsAll(BUILT_MODULES);
    }

    @Test
    void everyClassLivesInAModuleOfTheTable() {
        List<String> strays = new ArrayList<>();
        for (JavaClass javaClass : PouwClasses.all()) {
            if (!ModuleTable.isListed(PouwClasses.module(javaClass))) {
                strays.add(javaClass.getName() + " is in no module of ARCHITECTURE.md §3 (add a row to ModuleTable)");
            }
        }
        assertThat(strays).isEmpty();
    }

    @Test
    void theTableItselfPointsDownwards() {
        List<String> cycles = new ArrayList<>();
        for (String module : ModuleTable.modules()) {
            for (String lower : ModuleTable.directlyAllowed(module)) {
                assertThat(ModuleTable.isListed(lower)).as(module + " may use the unknown module " + lower).isTrue();
                if (ModuleTable.reachableFrom(lower).contains(module)) {
                    cycles.add(module + " → " + lower + " → … → " + module);
                }
            }
        }
        assertThat(cycles).isEmpty();
    }

    @Test
    void modulesDependDownwardsOnly() {
        List<String> violations = new ArrayList<>();
        for (JavaClass javaClass : PouwClasses.all()) {
            String module = PouwClasses.module(javaClass);
            Set<String> allowed = ModuleTable.reachableFrom(module);
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                ModuleTable.moduleOf(dependency.getTargetClass().getName())
                        .filter(target -> !allowed.contains(target))
                        .ifPresent(target -> violations.add(module + " may not use " + target + ": "
                                + dependency.getDescription()));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void onlyTheStoreSpeaksSql() {
        AllowList allowList = new AllowList(KnownViolations.SQL);
        List<String> violations = new ArrayList<>();
        for (JavaClass javaClass : PouwClasses.all()) {
            if (!ModuleTable.SQL.contains(PouwClasses.module(javaClass))) {
                List<String> uses = usesOf(javaClass, SQL_PACKAGES);
                if (!uses.isEmpty() && !allowList.excuses(javaClass)) {
                    violations.addAll(uses);
                }
            }
        }
        assertThat(violations).isEmpty();
        assertThat(allowList.unused()).as("allow-listed, yet no longer speaking SQL: remove them").isEmpty();
    }

    @Test
    void onlyTheNodeTheClientTheWorkerAndThePoolSpeakHttp() {
        AllowList allowList = new AllowList(KnownViolations.HTTP);
        List<String> violations = new ArrayList<>();
        for (JavaClass javaClass : PouwClasses.all()) {
            if (!ModuleTable.HTTP.contains(PouwClasses.module(javaClass))) {
                List<String> uses = usesOf(javaClass, HTTP_PACKAGES);
                if (!uses.isEmpty() && !allowList.excuses(javaClass)) {
                    violations.addAll(uses);
                }
            }
        }
        assertThat(violations).isEmpty();
        assertThat(allowList.unused()).as("allow-listed, yet no longer speaking HTTP: remove them").isEmpty();
    }

    @Test
    void domainCodeNeverReadsTheWallClock() {
        AllowList allowList = new AllowList(KnownViolations.WALL_CLOCK);
        List<String> violations = new ArrayList<>();
        for (JavaClass javaClass : PouwClasses.all()) {
            if (!ModuleTable.DOMAIN.contains(PouwClasses.module(javaClass))) {
                continue;
            }
            List<String> reads = new ArrayList<>();
            for (JavaAccess<?> access : javaClass.getAccessesFromSelf()) {
                Set<String> members = WALL_CLOCK.get(access.getTargetOwner().getName());
                if (members != null && members.contains(access.getName())) {
                    reads.add(access.getDescription());
                }
            }
            if (!reads.isEmpty() && !allowList.excuses(javaClass)) {
                violations.addAll(reads);
            }
        }
        assertThat(violations).isEmpty();
        assertThat(allowList.unused()).as("allow-listed, yet no longer reading a clock: remove them").isEmpty();
    }

    private static List<String> usesOf(JavaClass javaClass, List<String> packagePrefixes) {
        List<String> uses = new ArrayList<>();
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
            String target = dependency.getTargetClass().getName();
            if (packagePrefixes.stream().anyMatch(target::startsWith)) {
                uses.add(PouwClasses.module(javaClass) + ": " + dependency.getDescription());
            }
        }
        return uses;
    }
}
