package dev.workflow.backend;

import java.time.Instant;

/**
 * An activity call leased to one worker.
 *
 * @param request the call
 * @param lockToken identifies this lease; a completion with a stale token is rejected
 * @param attempt how many times this call has been handed out, starting at 1
 * @param lockedUntil when the lease expires unless renewed
 * @param claim the backend's own data for completing this item, opaque to everyone else; may be
 * {@code null}
 */
public record ActivityWorkItem(ActivityRequest request, String lockToken, int attempt, Instant lockedUntil,
		WorkItemClaim claim) {

	/**
	 * A work item of a backend that needs nothing but the lock token to complete it.
	 * @param request the call
	 * @param lockToken identifies this lease
	 * @param attempt how many times this call has been handed out, starting at 1
	 * @param lockedUntil when the lease expires unless renewed
	 */
	public ActivityWorkItem(ActivityRequest request, String lockToken, int attempt, Instant lockedUntil) {
		this(request, lockToken, attempt, lockedUntil, null);
	}

}
