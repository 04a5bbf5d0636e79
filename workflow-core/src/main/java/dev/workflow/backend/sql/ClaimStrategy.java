package dev.workflow.backend.sql;

/**
 * How a poller leases one ready workflow instance or activity call. The dialect chooses it:
 * {@link SkipLockedClaims} where the database can skip rows other transactions lock (PostgreSQL),
 * {@link OptimisticClaims} elsewhere (H2, SQLite). Each claim runs in its own transaction and
 * either leases a row to the given token or changes nothing.
 */
interface ClaimStrategy {

	/** The statuses of an ended instance, which is never claimed. */
	String TERMINAL = "('COMPLETED', 'FAILED', 'TERMINATED', 'CANCELED')";

	/**
	 * Leases one instance that is not ended, whose lease is free or expired, and that has an inbox
	 * event visible at {@code now}; increments its attempt.
	 * @param token the new lease's token
	 * @param now the claim time, in stored microseconds
	 * @param expires when the new lease expires, in stored microseconds
	 * @param filter keeps the claim to instances the worker can run
	 * @return the leased instance, or {@code null} if none is ready
	 */
	ClaimedInstance claimInstance(String token, long now, long expires, ClaimFilter filter);

	/**
	 * Leases one activity call that is visible at {@code now} and whose lease is free or expired;
	 * increments its attempt.
	 * @param token the new lease's token
	 * @param now the claim time, in stored microseconds
	 * @param expires when the new lease expires, in stored microseconds
	 * @param filter keeps the claim to calls the worker can run
	 * @return the leased call, or {@code null} if none is ready
	 */
	ClaimedActivity claimActivity(String token, long now, long expires, ClaimFilter filter);

	/**
	 * An instance leased by a claim.
	 *
	 * @param instanceId the instance
	 * @param attempt how many times its events have been handed out, this claim included
	 * @param executionId the id of its current run
	 */
	record ClaimedInstance(String instanceId, int attempt, String executionId) {
	}

}
