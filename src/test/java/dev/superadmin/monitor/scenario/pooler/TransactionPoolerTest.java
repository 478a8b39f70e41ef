package dev.superadmin.monitor.scenario.pooler;

import dev.superadmin.monitor.testing.TransactionPoolerRounds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link TransactionPoolerRounds} with {@code superadmin.pooler=true} (the documented setting for Supavisor and pgbouncer in transaction mode). */
@QuarkusTest
@TestProfile(TransactionPoolerTest.Profile.class)
class TransactionPoolerTest extends TransactionPoolerRounds {

    public static class Profile extends TransactionPoolerRounds.Profile {
        @Override
        protected boolean pooler() {
            return true;
        }
    }

    @Override
    protected boolean pooler() {
        return true;
    }
}
