package com.warehouseplatform.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * When a provisioned cluster is meant to be up, from its pause and resume schedules (Redshift scheduled
 * actions, UTC cron): the warehouse is meant to be down from a pause firing until the next resume firing.
 * {@link #ALWAYS_UP} is the schedule of a cluster that never pauses (and of Serverless).
 *
 * <p>Before the first firing found in the look-back window the warehouse counts as up: a schedule that
 * cannot be placed never hides a stale loader.
 */
public final class PauseSchedule {

    /** How far back the state at a moment is looked for: a year covers every weekly or monthly schedule. */
    static final Duration LOOK_BACK = Duration.ofDays(366);

    public static final PauseSchedule ALWAYS_UP = new PauseSchedule(null, null);

    private final CronSchedule pause;
    private final CronSchedule resume;

    private PauseSchedule(CronSchedule pause, CronSchedule resume) {
        this.pause = pause;
        this.resume = resume;
    }

    /** Both or neither (null): the same rule config validation applies to pauseSchedule/resumeSchedule. */
    public static PauseSchedule of(String pauseCron, String resumeCron) {
        if ((pauseCron == null) != (resumeCron == null)) {
            throw new IllegalArgumentException("a pause schedule and a resume schedule go together");
        }
        return pauseCron == null
                ? ALWAYS_UP
                : new PauseSchedule(CronSchedule.parse(pauseCron), CronSchedule.parse(resumeCron));
    }

    public boolean pauses() {
        return pause != null;
    }

    /** True when the schedule has the warehouse up at {@code t}. */
    public boolean upAt(Instant t) {
        return lastChangeAtOrBefore(t).up();
    }

    /**
     * True when the warehouse should be up at {@code t} and has been for at least {@code grace}: resuming
     * takes minutes, so a cluster found paused just after its scheduled resume is no surprise yet.
     */
    public boolean expectedUp(Instant t, Duration grace) {
        Change last = lastChangeAtOrBefore(t);
        return last.up() && (last.at() == null || !last.at().plus(grace).isAfter(t));
    }

    /** The seconds within [from, to) during which the schedule had the warehouse up. */
    public long upSecondsBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        if (pause == null) {
            return Duration.between(from, to).toSeconds();
        }
        boolean up = upAt(from);
        long upSeconds = 0;
        Instant cursor = from;
        Instant minute = from.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        while (minute.isBefore(to)) {
            if (up) {
                upSeconds += Duration.between(cursor, minute).toSeconds();
            }
            up = stateAfter(minute, up);
            cursor = minute;
            minute = minute.plus(1, ChronoUnit.MINUTES);
        }
        if (up) {
            upSeconds += Duration.between(cursor, to).toSeconds();
        }
        return upSeconds;
    }

    /** The state from minute {@code m} on, given the state before it: a resume firing wins a tie (the safer count). */
    private boolean stateAfter(Instant m, boolean before) {
        LocalDateTime utc = LocalDateTime.ofInstant(m, ZoneOffset.UTC);
        if (resume.firesAt(utc)) {
            return true;
        }
        if (pause.firesAt(utc)) {
            return false;
        }
        return before;
    }

    private record Change(boolean up, Instant at) {}

    private Change lastChangeAtOrBefore(Instant t) {
        if (pause == null) {
            return new Change(true, null);
        }
        Instant limit = t.minus(LOOK_BACK);
        for (Instant m = t.truncatedTo(ChronoUnit.MINUTES); m.isAfter(limit); m = m.minus(1, ChronoUnit.MINUTES)) {
            LocalDateTime utc = LocalDateTime.ofInstant(m, ZoneOffset.UTC);
            if (resume.firesAt(utc)) {
                return new Change(true, m);
            }
            if (pause.firesAt(utc)) {
                return new Change(false, m);
            }
        }
        return new Change(true, null);
    }
}
