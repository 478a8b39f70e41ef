package dev.superadmin.monitor.faults;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link TransactionPoolerRounds} with {@code superadmin.pooler=false}: each probe is one transaction with unnamed statements, so it needs no switch. */
@QuarkusTest
@TestProfile(TransactionPoolerWithoutSwitchTest.Profile.class)
class TransactionPoolerWithoutSwitchTest extends TransactionPoolerRounds {

    public static class Profile extends TransactionPoolerRounds.Profile {
        @Override
        protected boolean pooler() {
            return false;
        }
    }

    @Override
    boolean pooler() {
        return false;
    }
}
