package dev.workflow.backend;

import java.time.Instant;

/**
 * An activity call leased to one worker.
 *
 * @param request the call
 * @param lockToken identifies this lease; a completion with a stale token is rejected
 * @param attempt how many times this call has been handed out, starting at 1
 * @param lockedUntil when the lease expires unless renewed
 */
public record ActivityWorkItem(ActivityRequest request, String lockToken, int attempt, Instant lockedUntil) {
}
