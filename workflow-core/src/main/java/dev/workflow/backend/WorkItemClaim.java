package dev.workflow.backend;

/**
 * What a backend needs to complete a work item it handed out (for example the ids of the inbox
 * rows a turn consumes), carried inside the work item so that completing it needs no state in the
 * backend's process. The engine passes it back untouched and never reads it; only the backend that
 * created it does. A backend whose lock token is all it needs leaves it {@code null}.
 */
public interface WorkItemClaim {

}
