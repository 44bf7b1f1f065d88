package com.warehouseplatform.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A statement submitted through ExecuteStatement or BatchExecuteStatement, with its status life
 * cycle SUBMITTED, PICKED, STARTED, then FINISHED, FAILED or ABORTED. All mutable state is
 * guarded by this object's monitor; readers take it to see a consistent picture.
 */
final class DataApiStatement {

    /**
     * Where and as whom the statement runs: the request's fields, and the database user resolved
     * from them and the caller ({@code runAs} null: the admin).
     */
    record Target(String database, String clusterIdentifier, String workgroupName, String dbUser, RunAs runAs) {}

    /** A database user other than the admin; IAM users are created on first use. */
    record RunAs(String user, boolean createOnFirstUse) {}

    final String id;
    final boolean batch;
    final Target target;
    final String statementName;
    final String clientToken;
    final boolean withEvent;
    final Map<String, String> parameters;
    final Instant createdAt;
    final List<SubStatement> subStatements;

    StatementStatus status = StatementStatus.SUBMITTED;
    Instant updatedAt;
    long startedNanos;
    long durationNanos = -1;
    long redshiftPid;
    String error;
    private boolean cancelRequested;
    private java.sql.Statement running;

    DataApiStatement(
            String id,
            boolean batch,
            List<String> sqls,
            Target target,
            String statementName,
            String clientToken,
            boolean withEvent,
            Map<String, String> parameters,
            Instant createdAt) {
        this.id = id;
        this.batch = batch;
        this.target = target;
        this.statementName = statementName;
        this.clientToken = clientToken;
        this.withEvent = withEvent;
        this.parameters = parameters;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        List<SubStatement> subs = new ArrayList<>();
        for (int i = 0; i < sqls.size(); i++) {
            subs.add(new SubStatement(batch ? id + ":" + (i + 1) : id, sqls.get(i), createdAt));
        }
        this.subStatements = List.copyOf(subs);
    }

    /** Looks up a sub-statement by its id ({@code <id>:<n>}); null when there is none. */
    synchronized SubStatement subStatement(String subId) {
        for (SubStatement sub : subStatements) {
            if (sub.id.equals(subId)) {
                return sub;
            }
        }
        return null;
    }

    synchronized StatementStatus status() {
        return status;
    }

    synchronized boolean isCancelRequested() {
        return cancelRequested;
    }

    /** Moves SUBMITTED to PICKED; false when the statement was cancelled while queued. */
    synchronized boolean markPicked() {
        if (status != StatementStatus.SUBMITTED) {
            return false;
        }
        setStatus(StatementStatus.PICKED);
        return true;
    }

    synchronized void markStarted(long pid) {
        redshiftPid = pid;
        startedNanos = System.nanoTime();
        setStatus(StatementStatus.STARTED);
    }

    synchronized void startSub(SubStatement sub, long stlQueryId, long sysQueryId) {
        sub.redshiftQueryId = stlQueryId;
        sub.sysQueryId = sysQueryId;
        sub.status = StatementStatus.STARTED;
        sub.startedNanos = System.nanoTime();
        sub.updatedAt = Instant.now();
        updatedAt = sub.updatedAt;
    }

    synchronized void finishSub(SubStatement sub, long rows, QueryResult result) {
        sub.status = StatementStatus.FINISHED;
        sub.resultRows = rows;
        sub.result = result;
        sub.resultSize = result == null ? -1 : result.sizeBytes();
        sub.durationNanos = System.nanoTime() - sub.startedNanos;
        sub.updatedAt = Instant.now();
        updatedAt = sub.updatedAt;
        running = null;
    }

    /** Ends the statement as FINISHED. */
    synchronized void finish() {
        end(StatementStatus.FINISHED, null, null, null);
    }

    /**
     * Ends the statement as FAILED or ABORTED. The sub-statement that was running takes that status
     * and the error; the ones after it are ABORTED; the ones before keep FINISHED.
     */
    synchronized void end(StatementStatus outcome, SubStatement at, String message) {
        end(outcome, at, message, message);
    }

    private void end(StatementStatus outcome, SubStatement at, String subError, String error) {
        Instant now = Instant.now();
        boolean after = false;
        for (SubStatement sub : subStatements) {
            if (sub == at) {
                sub.status = outcome;
                sub.error = subError;
                sub.durationNanos = sub.startedNanos == 0 ? 0 : System.nanoTime() - sub.startedNanos;
                sub.updatedAt = now;
                after = true;
            } else if (after || (at == null && !sub.status.isTerminal())) {
                sub.status = outcome == StatementStatus.FINISHED ? StatementStatus.FINISHED : StatementStatus.ABORTED;
                sub.updatedAt = now;
            }
        }
        this.error = error;
        durationNanos = startedNanos == 0 ? 0 : System.nanoTime() - startedNanos;
        running = null;
        setStatus(outcome);
    }

    /** Remembers the JDBC statement now running, so that a cancel can interrupt it. */
    synchronized void track(java.sql.Statement statement) throws StatementCancelledException {
        if (cancelRequested) {
            throw new StatementCancelledException();
        }
        running = statement;
    }

    synchronized void checkCancelled() throws StatementCancelledException {
        if (cancelRequested) {
            throw new StatementCancelledException();
        }
    }

    /**
     * Asks the statement to stop. A queued statement is ABORTED at once; a running one is
     * interrupted and ends ABORTED shortly. Returns false when it had already ended.
     */
    boolean requestCancel() {
        java.sql.Statement toCancel;
        synchronized (this) {
            if (status.isTerminal()) {
                return false;
            }
            cancelRequested = true;
            if (status == StatementStatus.SUBMITTED) {
                end(StatementStatus.ABORTED, null, null, cancelMessage());
                return true;
            }
            toCancel = running;
            notifyAll();
        }
        if (toCancel != null) {
            try {
                toCancel.cancel();
            } catch (java.sql.SQLException ignored) {
                // the statement may have just ended; the runner sees the flag either way
            }
        }
        return true;
    }

    synchronized String cancelMessage() {
        long queryId = 0;
        for (SubStatement sub : subStatements) {
            if (sub.status == StatementStatus.STARTED) {
                queryId = sub.redshiftQueryId;
            }
        }
        return "Query (" + queryId + ") cancelled on user's request";
    }

    /** Waits until the statement has ended or the timeout passed; returns the status then. */
    synchronized StatementStatus awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status.isTerminal()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return status;
    }

    /** Sleeps for up to {@code duration}, returning early (with an exception) on cancel. */
    synchronized void sleepCancellable(Duration duration) throws StatementCancelledException, InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!cancelRequested) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        throw new StatementCancelledException();
    }

    synchronized void wakeUp() {
        notifyAll();
    }

    synchronized List<String> sqls() {
        return subStatements.stream().map(sub -> sub.sql).toList();
    }

    private void setStatus(StatementStatus next) {
        status = next;
        updatedAt = Instant.now();
        notifyAll();
    }
}
