package org.pouw.gate.partner;

class InMemoryPartnerDirectoryTest extends PartnerDirectoryContract {
    @Override
    protected PartnerDirectory newDirectory() {
        return new InMemoryPartnerDirectory();
    }
}
