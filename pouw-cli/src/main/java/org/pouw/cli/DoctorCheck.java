package org.pouw.cli;

/** One finding of {@code pouw doctor}: its name, ok/warn/fail, what was seen, and what to do when it is not ok. */
record DoctorCheck(String name, Status status, String detail, String fix) {
    enum Status { OK, WARN, FAIL }

    static DoctorCheck ok(String name, String detail) {
        return new DoctorCheck(name, Status.OK, detail, "");
    }

    static DoctorCheck warn(String name, String detail, String fix) {
        return new DoctorCheck(name, Status.WARN, detail, fix);
    }

    static DoctorCheck fail(String name, String detail, String fix) {
        return new DoctorCheck(name, Status.FAIL, detail, fix);
    }
}
