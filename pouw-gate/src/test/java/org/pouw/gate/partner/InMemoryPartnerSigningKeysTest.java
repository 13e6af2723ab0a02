package org.pouw.gate.partner;

/** The in-memory adapter under the contract. */
class InMemoryPartnerSigningKeysTest extends PartnerSigningKeysContract {
    @Override
    protected PartnerSigningKeys newSigningKeys() {
        return new InMemoryPartnerSigningKeys();
    }
}
