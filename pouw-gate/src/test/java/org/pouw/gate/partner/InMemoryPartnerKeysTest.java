package org.pouw.gate.partner;

/** The in-memory adapter under the contract. */
class InMemoryPartnerKeysTest extends PartnerKeysContract {
    @Override
    protected PartnerKeys newPartnerKeys() {
        return new InMemoryPartnerKeys();
    }
}
