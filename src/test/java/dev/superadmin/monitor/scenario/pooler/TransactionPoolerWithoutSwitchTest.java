package dev.superadmin.monitor.scenario.pooler;

import dev.superadmin.monitor.testing.TransactionPoolerRounds;
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
    protected boolean pooler() {
        return false;
    }
}
