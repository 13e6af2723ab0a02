package org.pouw.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One rule's known violations, remembering which were needed so that stale entries show up. */
final class AllowList {
    private final Map<String, String> reasons;
    private final Set<String> used = new HashSet<>();

    AllowList(Map<String, String> reasons) {
        this.reasons = reasons;
    }

    /** True when the class (or the class it is nested in) is on the list; records that the entry was needed. */
    boolean excuses(JavaClass javaClass) {
        String name = PouwClasses.topLevelName(javaClass);
        if (reasons.containsKey(name)) {
            used.add(name);
            return true;
        }
        return false;
    }

    Set<String> unused() {
        Set<String> unused = new TreeSet<>(reasons.keySet());
        unused.removeAll(used);
        return unused;
    }
}
