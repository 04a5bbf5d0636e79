package dev.workflow.grpc;

import dev.workflow.backend.ActivityRequest;

/**
 * One activity call handed to a remote worker; a flavour maps it to its protocol's activity request.
 *
 * @param request the call (instance, execution, task id, name, JSON input)
 * @param attempt how many times the call has been handed out, starting at 1
 * @param completionToken identifies this delivery; a flavour sends it with the work item
 */
public record ActivityCall(ActivityRequest request, int attempt, String completionToken) {
}
