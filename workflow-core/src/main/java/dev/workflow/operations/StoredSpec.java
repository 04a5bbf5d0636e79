package dev.workflow.operations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.workflow.Cron;
import dev.workflow.ScheduleCatchUpPolicy;
import dev.workflow.ScheduleOverlapPolicy;

/**
 * A schedule's settings as the schedule instance stores them: plain JSON-friendly fields (times in
 * milliseconds), so any data converter round-trips them and two replicas compare them equal.
 *
 * @param id the schedule id
 * @param workflowName the workflow to start
 * @param inputJson the input as JSON text, or null
 * @param cron the cron expression, or null
 * @param zone the cron zone id
 * @param intervalMillis the fixed interval, or 0 for cron
 * @param overlap the overlap policy
 * @param catchUp the catch-up policy
 * @param catchUpWindowMillis the catch-up window
 */
record StoredSpec(String id, String workflowName, String inputJson, String cron, String zone, long intervalMillis,
		ScheduleOverlapPolicy overlap, ScheduleCatchUpPolicy catchUp, long catchUpWindowMillis) {

	/** Parsed expressions: a schedule computes due times on every turn of every run. */
	private static final Map<String, Cron> CRONS = new ConcurrentHashMap<>();

	/**
	 * The first due time strictly after the given instant: the next cron match, or the next
	 * multiple of the interval since the epoch (so every replica computes the same times).
	 * @param after the instant
	 * @return the due time, or null if the cron expression never matches again
	 */
	Instant nextAfter(Instant after) {
		if (this.cron == null) {
			long ms = after.toEpochMilli();
			long periods = Math.floorDiv(ms, this.intervalMillis) + 1;
			return Instant.ofEpochMilli(periods * this.intervalMillis);
		}
		if (CRONS.size() > 1000) {
			CRONS.clear();
		}
		ZonedDateTime next = CRONS.computeIfAbsent(this.cron, Cron::parse).next(after.atZone(ZoneId.of(this.zone)));
		return next == null ? null : next.toInstant();
	}

	/**
	 * Whether the timing differs from another spec's, so due times must be computed afresh.
	 * @param other the other spec
	 * @return true if cron, zone or interval differ
	 */
	boolean timingDiffers(StoredSpec other) {
		return !java.util.Objects.equals(this.cron, other.cron) || !java.util.Objects.equals(this.zone, other.zone)
				|| this.intervalMillis != other.intervalMillis;
	}

	/**
	 * The catch-up window.
	 * @return the window
	 */
	Duration catchUpWindow() {
		return Duration.ofMillis(this.catchUpWindowMillis);
	}

}
