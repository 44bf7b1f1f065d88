package com.warehouseplatform.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Faults that tests arm to make the local warehouse misbehave like a real one can. Every fault
 * fires once. Statement faults match the first (sub-)statement, run after arming, whose SQL
 * contains the given text (ignoring case), and act when that statement is STARTED.
 */
public final class FaultInjector {

    /** What a statement fault does. */
    enum Kind {
        DELAY,
        HOLD,
        FAIL
    }

    /** An armed statement fault. */
    record StatementFault(Kind kind, String sqlContains, Duration delay, String message, Hold hold) {
        boolean matches(String sql) {
            return sql.toLowerCase(Locale.ROOT).contains(sqlContains.toLowerCase(Locale.ROOT));
        }
    }

    /** An armed HTTP-level fault for one Data API operation. */
    record CallFault(String operation, String errorType, String message, int httpStatus) {}

    private final List<StatementFault> statementFaults = new ArrayList<>();
    /** Every hold handed out, so that {@link #clear()} can free a statement that is being held. */
    private final List<Hold> holds = new ArrayList<>();

    private final List<CallFault> callFaults = new ArrayList<>();
    private int throttled;

    /** The next statement whose SQL contains {@code sqlContains} fails with {@code message}. */
    public synchronized FaultInjector failNext(String sqlContains, String message) {
        statementFaults.add(new StatementFault(
                Kind.FAIL, check(sqlContains), null, Objects.requireNonNull(message, "message"), null));
        return this;
    }

    /** The next statement whose SQL contains {@code sqlContains} waits {@code delay} in STARTED. */
    public synchronized FaultInjector delayNext(String sqlContains, Duration delay) {
        statementFaults.add(
                new StatementFault(Kind.DELAY, check(sqlContains), Objects.requireNonNull(delay, "delay"), null, null));
        return this;
    }

    /**
     * The next statement whose SQL contains {@code sqlContains} stays STARTED (after the
     * statements before it in its batch ran) until {@link Hold#release()} or a CancelStatement.
     */
    public synchronized Hold holdNext(String sqlContains) {
        Hold hold = new Hold();
        holds.add(hold);
        statementFaults.add(new StatementFault(Kind.HOLD, check(sqlContains), null, null, hold));
        return hold;
    }

    /**
     * The next {@code count} ExecuteStatement / BatchExecuteStatement calls answer HTTP 400
     * ActiveStatementsExceededException, without running anything.
     */
    public synchronized FaultInjector throttleNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        throttled += count;
        return this;
    }

    /**
     * The next call of {@code operation} (e.g. "DescribeStatement") answers with the error
     * {@code errorType} (e.g. "InternalServerException", HTTP 500; others HTTP 400).
     */
    public synchronized FaultInjector failNextCall(String operation, String errorType, String message) {
        int status = errorType.startsWith("InternalServer") ? 500 : 400;
        callFaults.add(new CallFault(
                Objects.requireNonNull(operation, "operation"),
                Objects.requireNonNull(errorType, "errorType"),
                message,
                status));
        return this;
    }

    /** Disarms every fault and releases every hold, also those already holding a statement. */
    public synchronized void clear() {
        holds.forEach(Hold::release);
        holds.clear();
        statementFaults.clear();
        callFaults.clear();
        throttled = 0;
    }

    synchronized boolean takeThrottle() {
        if (throttled > 0) {
            throttled--;
            return true;
        }
        return false;
    }

    synchronized CallFault takeCallFault(String operation) {
        for (Iterator<CallFault> it = callFaults.iterator(); it.hasNext(); ) {
            CallFault fault = it.next();
            if (fault.operation().equals(operation)) {
                it.remove();
                return fault;
            }
        }
        return null;
    }

    /** Removes and returns the armed faults that match {@code sql}, in arming order. */
    synchronized List<StatementFault> take(String sql) {
        List<StatementFault> taken = new ArrayList<>();
        for (Iterator<StatementFault> it = statementFaults.iterator(); it.hasNext(); ) {
            StatementFault fault = it.next();
            if (fault.matches(sql)) {
                taken.add(fault);
                it.remove();
            }
        }
        return taken;
    }

    private static String check(String sqlContains) {
        if (sqlContains == null || sqlContains.isEmpty()) {
            throw new IllegalArgumentException("sqlContains must not be empty");
        }
        return sqlContains;
    }

    /** A statement held in STARTED; lets a test see it arrive and let it go. */
    public static final class Hold {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String statementId;

        /** Waits until a statement is held; returns false on timeout. */
        public boolean awaitHeld(Duration timeout) throws InterruptedException {
            return held.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** The id of the held (sub-)statement, or null while none is held. */
        public String statementId() {
            return statementId;
        }

        /** Lets the held statement go on (also before it arrives: it then does not stop). */
        public void release() {
            released.countDown();
        }

        boolean isReleased() {
            return released.getCount() == 0;
        }

        void arrived(String id) {
            statementId = id;
            held.countDown();
        }
    }
}
