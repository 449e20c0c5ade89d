package org.atrium.bench;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.atrium.entitlements.CheckResult;
import org.atrium.entitlements.Entitlements;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenants;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The in-process check ({@link Entitlements#check}, not consuming) from a warm cache, against a baseline of one
 * Caffeine lookup of a tenant's record: the least any cached answer costs. Sample-time mode, so that p99 is
 * measured, not averaged away.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CheckLatencyBenchmark {

    BenchServer server;
    Entitlements entitlements;
    TenantId tenant;
    Cache<TenantId, CheckResult> baselineCache;

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = BenchServer.start();
        entitlements = server.context.getBean(Entitlements.class);
        tenant = server.context.getBean(Tenants.class).requireBySlug(server.tenant).id();
        entitlements.check(tenant, "max_shipments", 1, false);
        baselineCache = Caffeine.newBuilder().maximumSize(100_000).build();
        for (int i = 0; i < 1_000; i++) {
            baselineCache.put(TenantId.of(UUID.randomUUID()), new CheckResult(true, 0L, 1L, 1L, null));
        }
        baselineCache.put(tenant, new CheckResult(true, 0L, 1L, 1L, null));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.close();
    }

    @Benchmark
    public CheckResult check() {
        return entitlements.check(tenant, "max_shipments", 1, false);
    }

    @Benchmark
    public CheckResult baselineCacheLookup() {
        return baselineCache.getIfPresent(tenant);
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(CheckLatencyBenchmark.class.getName()).forks(1).warmupIterations(3).warmupTime(
                        org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .threads(1).build()).run();
        System.out.println();
        for (RunResult result : results) {
            var stats = result.getPrimaryResult().getStatistics();
            System.out.printf("RESULT %-20s p50 %8.3f µs   p99 %8.3f µs   p99.9 %8.3f µs   (target for check: p99 < 50 µs)%n",
                    result.getParams().getBenchmark().replaceAll(".*\\.", ""), stats.getPercentile(50),
                    stats.getPercentile(99), stats.getPercentile(99.9));
        }
    }
}
