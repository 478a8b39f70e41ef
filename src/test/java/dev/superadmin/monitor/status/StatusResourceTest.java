package dev.superadmin.monitor.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManyChecksProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/**
 * /status only reads memory, so it is served on the event loop and needs no worker thread: under 1,000 connections it
 * used to take 86 of them. Here the worker pool has one thread ({@link ManyChecksProfile}), and that one is busy.
 */
@QuarkusTest
@TestProfile(ManyChecksProfile.class)
class StatusResourceTest {

    /** Runs on Quarkus' worker pool, where blocking resource methods run. */
    @Inject
    ManagedExecutor workers;

    @Test
    void statusIsServedWhileEveryWorkerThreadIsBusy() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> worker = workers.supplyAsync(() -> {
            busy.countDown();
            await(release);
            return Thread.currentThread().getName();
        });
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).as("the worker thread taken").isTrue();
            RestAssuredConfig twoSeconds = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 2_000));
            for (int i = 0; i < 20; i++) {
                given().config(twoSeconds).get("/status").then().statusCode(200);
                given().config(twoSeconds).get("/status/admin_users").then().statusCode(200);
                given().config(twoSeconds).get("/status/no_such_check").then().statusCode(404);
            }
        } finally {
            release.countDown();
        }
        assertThat(worker.get(10, TimeUnit.SECONDS)).as("the thread that was busy").startsWith("executor-thread-");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
