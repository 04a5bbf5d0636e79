package dev.workflow.backend.sql;

import dev.workflow.backend.WorkItemClaim;

/**
 * What the SQL backend needs to complete an activity work item, carried in the item.
 *
 * @param rowId the id of the call's row in the activities table
 */
record ActivityClaim(long rowId) implements WorkItemClaim {
}
