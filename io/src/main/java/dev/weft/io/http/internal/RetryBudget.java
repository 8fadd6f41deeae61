package dev.weft.io.http.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The session-wide retry token bucket (gRPC retry throttling): a retry spends one token, a call
 * that succeeds at its first attempt refunds a tenth, up to the capacity. Thread-safe.
 */
public final class RetryBudget {
    private static final long TOKEN = 1000;
    private static final long REFUND = 100;
    private final long capacity;
    private final AtomicLong milliTokens;

    public RetryBudget(int tokens) {
        this.capacity = tokens * TOKEN;
        this.milliTokens = new AtomicLong(capacity);
    }

    public boolean tryAcquire() {
        while (true) {
            long now = milliTokens.get();
            if (now < TOKEN) {
                return false;
            }
            if (milliTokens.compareAndSet(now, now - TOKEN)) {
                return true;
            }
        }
    }

    public void onFirstAttemptSuccess() {
        milliTokens.updateAndGet(now -> Math.min(capacity, now + REFUND));
    }

    public double tokens() {
        return milliTokens.get() / (double) TOKEN;
    }
}
