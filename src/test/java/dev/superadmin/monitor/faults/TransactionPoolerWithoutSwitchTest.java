package dev.superadmin.monitor.faults;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link TransactionPoolerRounds} with {@code superadmin.pooler=false}: the probes are single simple-protocol round trips, so they need no switch. */
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
